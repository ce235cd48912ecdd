//! Same-work detection: two articles are the same work when most of the
//! shorter one's text occurs in the longer one (a reprint, an abridged
//! reprint or excerpt, or a copy with word-level variants).
//!
//! Key decision: texts are compared by sampled character 8-gram shingles of
//! their folded body (whitespace and punctuation removed), FNV-1a hashed and
//! kept when `hash % 16 == 0`. Sampling by value (not position) means two
//! copies of a passage always sample the same shingles, so containment is
//! estimated without bias; boilerplate shared by different texts (the
//! opening formulas of two years' work reports) stays far below the
//! threshold because it is a small part of either text. A new article is
//! compared with at most `PER_SHINGLE` (the newest) articles per shingle, so
//! linking stays linear in the copies of one work.

use tifa_text::chars::fold;

/// Shingle length in characters.
const K: usize = 8;
/// Keep one shingle in `SAMPLE` (by hash value).
const SAMPLE: u64 = 16;
/// Share of the shorter text's shingles that must occur in the longer one.
pub const MIN_CONTAINMENT: f64 = 0.75;
/// Fewest shared sampled shingles for a link (about 250 characters of text).
pub const MIN_SHARED: usize = 16;
/// Candidates read per shingle: the newest articles holding it. A shingle
/// held by more articles than this is either boilerplate (no link anyway) or
/// text of a work with that many copies, whose newest copies are found and
/// linked, and the new article joins their group. So linking the n-th copy
/// of a work costs O(shingles × PER_SHINGLE), not O(shingles × n), and a work
/// with many copies stores O(n) links, not O(n²).
pub const PER_SHINGLE: usize = 64;

/// How two linked articles relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The same text, nearly all of it in both.
    Reprint,
    /// The shorter is an abridged part of the longer.
    Excerpt,
    /// The same text with variants.
    Variant,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Reprint => "reprint",
            Relation::Excerpt => "excerpt",
            Relation::Variant => "variant",
        }
    }

    pub fn parse(s: &str) -> Relation {
        match s {
            "reprint" => Relation::Reprint,
            "excerpt" => Relation::Excerpt,
            _ => Relation::Variant,
        }
    }

    /// Classify from the two shingle counts and the shared count.
    pub fn classify(a: usize, b: usize, shared: usize) -> Relation {
        let (small, large) = (a.min(b) as f64, a.max(b) as f64);
        let contained = shared as f64 / small.max(1.0);
        if small / large < 0.8 {
            Relation::Excerpt
        } else if contained >= 0.97 {
            Relation::Reprint
        } else {
            Relation::Variant
        }
    }
}

fn fnv1a(chars: &[char]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for c in chars {
        for b in (*c as u32).to_le_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

/// Distinct sampled shingle hashes of `text`.
pub fn shingles(text: &str) -> Vec<i64> {
    let chars: Vec<char> = fold(text).chars().collect();
    let mut out: Vec<i64> = chars
        .windows(K)
        .map(fnv1a)
        .filter(|h| h % SAMPLE == 0)
        .map(|h| h as i64)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_share_most_shingles() {
        let a = "建设质量强国是推动高质量发展、促进我国经济由大向强转变的重要举措，是满足人民美好生活需要的重要途径。".repeat(3)
            + "质量是人类生产生活的重要保障。党的十八大以来，我国质量事业实现跨越式发展，质量强国建设取得历史性成效。";
        let b = a.replace("重要举措", "关键举措");
        let (sa, sb) = (shingles(&a), shingles(&b));
        let shared = sa.iter().filter(|h| sb.binary_search(h).is_ok()).count();
        assert!(
            shared as f64 / sa.len().min(sb.len()) as f64 > 0.6,
            "{shared} of {}",
            sa.len()
        );
        assert_eq!(
            shingles("同一段文字，同一段文字"),
            shingles("同一段文字 同一段文字")
        );
    }
}
