//! 繁简 folding: traditional and simplified spellings of a character treated
//! as one (會議 = 会议) for exact search.
//!
//! Key decision: the fold is a character-to-character map, the
//! context-free character table of `fast2s` (OpenCC-derived t2s data, every
//! entry one three-byte character to another), so folding never changes a
//! text's length or positions. Exact search then folds by expanding the
//! query into the spellings whose fold equals the query's fold (会议 → 会议,
//! 會議, 会議, 會议) rather than storing a folded copy of every text: a hit of
//! a spelling is exactly a hit of the query in the folded text, and two
//! spellings never match at the same place, so counts equal a scan of the
//! folded text.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Traditional (or variant) character → its simplified form.
static FOLD: LazyLock<HashMap<char, char>> = LazyLock::new(|| {
    let ranges = [
        '\u{3400}'..='\u{4DBF}',
        '\u{4E00}'..='\u{9FFF}',
        '\u{F900}'..='\u{FAFF}',
    ];
    let mut buf = [0u8; 4];
    ranges
        .into_iter()
        .flatten()
        .filter_map(|c| {
            let s = fast2s::convert(c.encode_utf8(&mut buf));
            let mut s = s.chars();
            match (s.next(), s.next()) {
                (Some(f), None) if f != c => Some((c, f)),
                _ => None,
            }
        })
        .collect()
});

/// Simplified character → every character that folds to it, itself first.
static SPELLINGS: LazyLock<HashMap<char, Vec<char>>> = LazyLock::new(|| {
    let mut m: HashMap<char, Vec<char>> = HashMap::new();
    let mut pairs: Vec<(char, char)> = FOLD.iter().map(|(t, s)| (*t, *s)).collect();
    pairs.sort_unstable();
    for (t, s) in pairs {
        m.entry(s).or_insert_with(|| vec![s]).push(t);
    }
    m
});

/// The folded (simplified) form of a character.
pub fn simplify_char(c: char) -> char {
    FOLD.get(&c).copied().unwrap_or(c)
}

/// The folded form of a text, character by character (same length in bytes).
pub fn simplify(s: &str) -> String {
    s.chars().map(simplify_char).collect()
}

/// Every character whose fold equals that of `c`: the folded form first.
pub fn spellings(c: char) -> Vec<char> {
    let f = simplify_char(c);
    SPELLINGS.get(&f).cloned().unwrap_or_else(|| vec![f])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_one_character_to_one() {
        assert_eq!(simplify("會議"), "会议");
        assert_eq!(simplify("会议"), "会议");
        assert_eq!(simplify("會議").len(), "會議".len());
        assert_eq!(spellings('议'), vec!['议', '議']);
        assert_eq!(spellings('議'), vec!['议', '議']);
        assert_eq!(spellings('a'), vec!['a']);
        for (t, s) in FOLD.iter() {
            assert_eq!(t.len_utf8(), s.len_utf8(), "{t} → {s}");
        }
    }
}
