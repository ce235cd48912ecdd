//! Differences between two documents (e.g. two years' work reports), for an
//! analyst: sentences aligned across reordering and renumbering, word-level
//! changes inside a changed sentence, passages moved elsewhere reported as
//! moved, and the formulations one has and the other lacks.
//!
//! Key decisions:
//! - The unit is the sentence (split after 。！？ and at line ends; ；
//!   separates the clauses of one enumeration — the target passage lists every
//!   indicator between semicolons — so it stays inside its sentence). Outline
//!   markers are removed before comparing ((八) → (九), 一是 → 二是, 1. → 2.),
//!   so a renumbered heading is the same sentence.
//! - Alignment is a global matching, not a monotone DP: every pair with
//!   character-bigram Dice ≥ `MIN_SIMILARITY` is a candidate and pairs are taken
//!   best first (ties by position); the pairs on a longest increasing
//!   subsequence of positions are in order, the rest are **moved** (old and new
//!   position both kept). Unpaired sentences are added or dropped.
//! - Changes inside a pair are a Myers diff over jieba words (the library's
//!   `Segmenter`, so dictionary formulations stay whole), not characters.
//! - Formulations added and dropped are the `keywords` candidates (jieba
//!   words, cohesive n-grams, bare forms without policy verbs, fragments of a
//!   longer candidate dropped) of one side absent from the other, weighted by
//!   count × `length_weight` × rarity in the library, each with the first
//!   sentence that uses it.

use crate::keywords::{
    GENERIC, GENERIC_WEIGHT, candidates, drop_fragments, is_leading, length_weight,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use tifa_index::Segmenter;
use tifa_text::outline::heading_marker;

/// One run of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Equal(String),
    Insert(String),
    Delete(String),
}

/// A sentence of a document: its paragraph and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub paragraph: usize,
    pub text: String,
}

/// What happened to a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// The same sentence (outline markers aside), in order.
    Same,
    /// Rewritten in place.
    Changed,
    /// Paired with a sentence elsewhere (maybe rewritten too).
    Moved,
    /// Only in B.
    Added,
    /// Only in A.
    Dropped,
}

/// One aligned row: sentence indices of A and B (either may be missing).
#[derive(Clone, Debug, PartialEq)]
pub struct AlignedRow {
    pub kind: RowKind,
    pub a: Option<usize>,
    pub b: Option<usize>,
    pub similarity: f64,
    /// Word-level changes from A's sentence to B's (all of it inserted or
    /// deleted for an added or dropped sentence).
    pub changes: Vec<Change>,
}

/// A formulation present in one document only.
#[derive(Clone, Debug, PartialEq)]
pub struct Formulation {
    pub text: String,
    pub count: usize,
    pub weight: f64,
    /// The first sentence that uses it.
    pub context: String,
}

/// The whole comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Diff {
    pub a: Vec<Sentence>,
    pub b: Vec<Sentence>,
    /// In B's order, dropped sentences where they stood in A.
    pub rows: Vec<AlignedRow>,
    pub added: Vec<Formulation>,
    pub dropped: Vec<Formulation>,
}

/// Least bigram Dice of two sentences that may be paired.
pub const MIN_SIMILARITY: f64 = 0.45;

/// Sentences of paragraphs: split after 。！？ (closing quotes and brackets
/// kept with their sentence) and at line ends; blank pieces dropped.
pub fn sentences(paragraphs: &[String]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (p, text) in paragraphs.iter().enumerate() {
        for line in text.split('\n') {
            let mut cur = String::new();
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                cur.push(c);
                if matches!(c, '。' | '！' | '？' | '!' | '?') {
                    while let Some(&n) = chars.peek() {
                        if matches!(n, '”' | '’' | '」' | '』' | '）' | ')' | '》') {
                            cur.push(n);
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    if !cur.trim().is_empty() {
                        out.push(Sentence {
                            paragraph: p,
                            text: std::mem::take(&mut cur),
                        });
                    }
                    cur.clear();
                }
            }
            if !cur.trim().is_empty() {
                out.push(Sentence {
                    paragraph: p,
                    text: cur,
                });
            }
        }
    }
    out
}

/// A sentence without its outline markers and spaces, for comparison:
/// （八）加强… and （九）加强… are the same sentence.
pub fn normalize(s: &str) -> String {
    let mut t = s.trim_start_matches([' ', '\u{3000}', '\t']);
    while let Some(m) = heading_marker(t) {
        if m.len == 0 || m.len >= t.len() {
            break;
        }
        t = t[m.len..].trim_start_matches([' ', '\u{3000}', '\t', '，', '、']);
    }
    t.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let c: Vec<char> = s.chars().collect();
    let mut v: Vec<(char, char)> = c.windows(2).map(|w| (w[0], w[1])).collect();
    if v.is_empty() && c.len() == 1 {
        v.push((c[0], '\0'));
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// Myers' O(ND) diff of two sequences: (0 equal | 1 insert | 2 delete, index
/// into A for equal and delete, into B for insert), in order.
fn myers<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(u8, usize)> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let off = max as isize;
    let mut v = vec![0isize; 2 * max + 2];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    'outer: for d in 0..=max as isize {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let i = (k + off) as usize;
            let mut x = if k == -d || (k != d && v[i - 1] < v[i + 1]) {
                v[i + 1]
            } else {
                v[i - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[i] = x;
            if x >= n && y >= m {
                break 'outer;
            }
            k += 2;
        }
    }
    let mut ops: Vec<(u8, usize)> = Vec::new();
    let (mut x, mut y) = (n, m);
    for (d, vv) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let k = x - y;
        let i = (k + off) as usize;
        let prev_k = if k == -d || (k != d && vv[i - 1] < vv[i + 1]) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = if d == 0 {
            0
        } else {
            vv[(prev_k + off) as usize]
        };
        let prev_y = prev_x - prev_k;
        while x > prev_x.max(0)
            && y > prev_y.max(0)
            && x > 0
            && y > 0
            && a[(x - 1) as usize] == b[(y - 1) as usize]
        {
            ops.push((0, (x - 1) as usize));
            x -= 1;
            y -= 1;
        }
        if d > 0 {
            if x == prev_x {
                ops.push((1, (y - 1) as usize));
            } else {
                ops.push((2, (x - 1) as usize));
            }
        }
        x = prev_x;
        y = prev_y;
    }
    while x > 0 && y > 0 {
        ops.push((0, (x - 1) as usize));
        x -= 1;
        y -= 1;
    }
    ops.reverse();
    ops
}

/// Runs of a diff of token sequences.
fn runs(a: &[&str], b: &[&str]) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for (op, i) in myers(a, b) {
        let t = if op == 1 { b[i] } else { a[i] };
        match (out.last_mut(), op) {
            (Some(Change::Equal(s)), 0)
            | (Some(Change::Insert(s)), 1)
            | (Some(Change::Delete(s)), 2) => s.push_str(t),
            _ => out.push(match op {
                0 => Change::Equal(t.to_string()),
                1 => Change::Insert(t.to_string()),
                _ => Change::Delete(t.to_string()),
            }),
        }
    }
    out
}

/// Myers' diff of two character sequences, as runs.
pub fn char_diff(a: &str, b: &str) -> Vec<Change> {
    let split = |s: &str| -> Vec<String> { s.chars().map(String::from).collect() };
    let (x, y) = (split(a), split(b));
    let xs: Vec<&str> = x.iter().map(String::as_str).collect();
    let ys: Vec<&str> = y.iter().map(String::as_str).collect();
    runs(&xs, &ys)
}

/// `text` cut into jieba words (every character in exactly one token).
fn tokens<'t>(text: &'t str, seg: &Segmenter) -> Vec<&'t str> {
    let mut cuts = seg.boundaries(text);
    cuts.push(0);
    cuts.push(text.len());
    cuts.retain(|&c| text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2).map(|w| &text[w[0]..w[1]]).collect()
}

/// Myers' diff over jieba words (dictionary formulations stay whole), as runs.
pub fn word_diff(a: &str, b: &str, seg: &Segmenter) -> Vec<Change> {
    runs(&tokens(a, seg), &tokens(b, seg))
}

/// Pairs (i, j, similarity) of a global best-first matching.
fn matching(a: &[String], b: &[String]) -> Vec<(usize, usize, f64)> {
    let ga: Vec<Vec<(char, char)>> = a.iter().map(|s| bigrams(s)).collect();
    let gb: Vec<Vec<(char, char)>> = b.iter().map(|s| bigrams(s)).collect();
    let mut postings: HashMap<(char, char), Vec<usize>> = HashMap::new();
    for (i, g) in ga.iter().enumerate() {
        for bg in g {
            postings.entry(*bg).or_default().push(i);
        }
    }
    let mut cands: Vec<(usize, usize, f64)> = Vec::new();
    let mut shared = vec![0usize; a.len()];
    for (j, g) in gb.iter().enumerate() {
        let mut touched: Vec<usize> = Vec::new();
        for bg in g {
            for &i in postings.get(bg).map(Vec::as_slice).unwrap_or(&[]) {
                if shared[i] == 0 {
                    touched.push(i);
                }
                shared[i] += 1;
            }
        }
        for i in touched {
            let sim = 2.0 * shared[i] as f64 / (ga[i].len() + g.len()) as f64;
            if sim >= MIN_SIMILARITY {
                cands.push((i, j, sim));
            }
            shared[i] = 0;
        }
    }
    cands.sort_by(|x, y| {
        y.2.total_cmp(&x.2)
            .then_with(|| x.0.cmp(&y.0))
            .then_with(|| x.1.cmp(&y.1))
    });
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut out = Vec::new();
    for (i, j, s) in cands {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            out.push((i, j, s));
        }
    }
    out.sort_by_key(|p| p.1);
    out
}

/// Which of `pairs` (sorted by B position) lie on a longest increasing
/// subsequence of A positions: those are in order, the others moved.
fn in_order(pairs: &[(usize, usize, f64)]) -> Vec<bool> {
    let n = pairs.len();
    let mut tails: Vec<usize> = Vec::new(); // indices into pairs
    let mut prev = vec![usize::MAX; n];
    for k in 0..n {
        let x = pairs[k].0;
        let pos = tails.partition_point(|&t| pairs[t].0 < x);
        if pos > 0 {
            prev[k] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut keep = vec![false; n];
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        keep[k] = true;
        k = prev[k];
    }
    keep
}

/// Align the sentences of `a` and `b` (see the module doc).
pub fn align(a: &[Sentence], b: &[Sentence], seg: &Segmenter) -> Vec<AlignedRow> {
    let na: Vec<String> = a.iter().map(|s| normalize(&s.text)).collect();
    let nb: Vec<String> = b.iter().map(|s| normalize(&s.text)).collect();
    let pairs = matching(&na, &nb);
    let ordered = in_order(&pairs);
    let paired_a: HashSet<usize> = pairs.iter().map(|p| p.0).collect();
    let by_b: BTreeMap<usize, (usize, f64, bool)> = pairs
        .iter()
        .zip(&ordered)
        .map(|(p, o)| (p.1, (p.0, p.2, *o)))
        .collect();
    let mut dropped = (0..a.len()).filter(|i| !paired_a.contains(i)).peekable();
    let mut rows = Vec::new();
    let drop_row = |i: usize| AlignedRow {
        kind: RowKind::Dropped,
        a: Some(i),
        b: None,
        similarity: 0.0,
        changes: vec![Change::Delete(a[i].text.clone())],
    };
    for (j, sb) in b.iter().enumerate() {
        match by_b.get(&j) {
            Some(&(i, sim, ordered)) => {
                if ordered {
                    while let Some(d) = dropped.next_if(|&d| d < i) {
                        rows.push(drop_row(d));
                    }
                }
                let kind = if !ordered {
                    RowKind::Moved
                } else if na[i] == nb[j] {
                    RowKind::Same
                } else {
                    RowKind::Changed
                };
                rows.push(AlignedRow {
                    kind,
                    a: Some(i),
                    b: Some(j),
                    similarity: sim,
                    changes: word_diff(&a[i].text, &sb.text, seg),
                });
            }
            None => rows.push(AlignedRow {
                kind: RowKind::Added,
                a: None,
                b: Some(j),
                similarity: 0.0,
                changes: vec![Change::Insert(sb.text.clone())],
            }),
        }
    }
    rows.extend(dropped.map(drop_row));
    rows
}

/// Formulations of `from` absent from `other` (see the module doc), best first.
fn only_in(
    from: &[Sentence],
    other: &str,
    seg: &Segmenter,
    idf: &dyn Fn(&str) -> f64,
) -> Vec<Formulation> {
    let text: String = from
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let counts: BTreeMap<String, usize> = candidates(std::slice::from_ref(&text), seg)
        .into_iter()
        .filter(|c| !other.contains(c.as_str()) && !is_leading(c))
        .map(|c| {
            let n = crate::occurrences(&text, &c);
            (c, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let kept = drop_fragments(&counts);
    let mut out: Vec<Formulation> = kept
        .into_iter()
        .map(|c| {
            let count = counts[&c];
            let generic = if GENERIC.contains(&c.as_str()) {
                GENERIC_WEIGHT
            } else {
                1.0
            };
            let weight = count as f64 * length_weight(&c, count) * idf(&c) * generic;
            let context = from
                .iter()
                .find(|s| s.text.contains(c.as_str()))
                .map(|s| s.text.trim().to_string())
                .unwrap_or_default();
            Formulation {
                text: c,
                count,
                weight,
                context,
            }
        })
        .collect();
    out.sort_by(|x, y| {
        y.weight
            .total_cmp(&x.weight)
            .then_with(|| x.text.cmp(&y.text))
    });
    // Best first, an item that contains or lies inside one already listed is
    // left out: the list never shows a formulation and its fragment.
    let mut listed: Vec<Formulation> = Vec::new();
    for f in out {
        if !listed
            .iter()
            .any(|l| l.text.contains(f.text.as_str()) || f.text.contains(l.text.as_str()))
        {
            listed.push(f);
        }
    }
    listed
}

/// Compare documents given as paragraphs; `idf(formulation)` weighs the
/// formulations added and dropped (use `|_| 1.0` for none).
pub fn diff(a: &[String], b: &[String], seg: &Segmenter, idf: &dyn Fn(&str) -> f64) -> Diff {
    let (sa, sb) = (sentences(a), sentences(b));
    let rows = align(&sa, &sb, seg);
    let (ta, tb) = (a.join("\n"), b.join("\n"));
    let added = only_in(&sb, &ta, seg, idf);
    let dropped = only_in(&sa, &tb, seg, idf);
    Diff {
        a: sa,
        b: sb,
        rows,
        added,
        dropped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebuild(ch: &[Change], side: u8) -> String {
        ch.iter()
            .filter_map(|c| match (c, side) {
                (Change::Equal(s), _) | (Change::Delete(s), 0) | (Change::Insert(s), 1) => {
                    Some(s.as_str())
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn char_diff_rebuilds_both_sides() {
        for (a, b) in [
            ("推动高质量发展", "推动经济高质量发展"),
            ("", "新增"),
            ("删除", ""),
            ("abcabba", "cbabac"),
            ("相同", "相同"),
        ] {
            let d = char_diff(a, b);
            assert_eq!(rebuild(&d, 0), a);
            assert_eq!(rebuild(&d, 1), b);
        }
        assert_eq!(
            char_diff("推动高质量发展", "推动经济高质量发展"),
            vec![
                Change::Equal("推动".into()),
                Change::Insert("经济".into()),
                Change::Equal("高质量发展".into())
            ]
        );
    }

    #[test]
    fn word_diff_changes_whole_words() {
        let seg = Segmenter::default();
        let (a, b) = ("推进基本公共服务均等化。", "推进共同富裕。");
        let d = word_diff(a, b, &seg);
        assert_eq!(rebuild(&d, 0), a);
        assert_eq!(rebuild(&d, 1), b);
        // No change starts or ends inside a word: 公共 is never cut.
        for c in &d {
            if let Change::Delete(t) | Change::Insert(t) = c {
                assert!(!t.starts_with('共') || t.starts_with("共同"), "{d:?}");
            }
        }
    }

    #[test]
    fn markers_are_not_changes_and_moves_are_moves() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let a = p(&[
            "甲乙丙丁戊己庚辛壬癸子丑寅卯。",
            "（八）加强生态文明建设。",
            "天地玄黄宇宙洪荒日月盈昃辰宿列张。",
            "寒来暑往秋收冬藏闰余成岁律吕调阳。",
        ]);
        let b = p(&[
            "天地玄黄宇宙洪荒日月盈昃辰宿列张。",
            "甲乙丙丁戊己庚辛壬癸子丑寅卯。",
            "（九）加强生态文明建设。",
            "云腾致雨露结为霜金生丽水玉出昆冈。",
            "寒来暑往秋收冬藏闰余成岁律吕调阳。",
        ]);
        let seg = Segmenter::default();
        let sa = sentences(&a);
        let sb = sentences(&b);
        let rows = align(&sa, &sb, &seg);
        let kinds: Vec<(RowKind, Option<usize>, Option<usize>)> =
            rows.iter().map(|r| (r.kind, r.a, r.b)).collect();
        assert_eq!(
            kinds,
            vec![
                (RowKind::Moved, Some(2), Some(0)),
                (RowKind::Same, Some(0), Some(1)),
                (RowKind::Same, Some(1), Some(2)),
                (RowKind::Added, None, Some(3)),
                (RowKind::Same, Some(3), Some(4)),
            ]
        );
        for r in &rows {
            if let Some(i) = r.a {
                assert_eq!(rebuild(&r.changes, 0), sa[i].text);
            }
            if let Some(j) = r.b {
                assert_eq!(rebuild(&r.changes, 1), sb[j].text);
            }
        }
    }

    #[test]
    fn sentences_split_after_end_marks_only() {
        let s = sentences(&["他说：“好。”我们同意；继续！\n第二行".to_string()]);
        let t: Vec<&str> = s.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(t, ["他说：“好。”", "我们同意；继续！", "第二行"]);
    }
}
