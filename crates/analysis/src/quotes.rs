//! Quotations in a draft and where the library says them: quoted spans
//! (“…”, 「…」, 『…』, nested, across line breaks), and for one quotation the
//! source passages closest to it with their character-level differences.
//!
//! Key decision: candidates come only from the exact index. A quotation that
//! occurs verbatim is a range in the suffix arrays; otherwise seeds are the
//! maximal substrings of the quotation that occur in the library (found by
//! binary search on their length), each seed's hits give a window of the
//! source around where the quotation would lie, and only those windows are
//! aligned (edit distance, free ends on the source side, an ellipsis … in the
//! quotation matching any run of source text). Nothing scans the library.
//! Whitespace never counts on either side; paired quotation marks of either
//! style (“” ‘’ 「」 『』) are the same mark.

use std::collections::HashMap;
use tifa_library::{Hit, Searcher};
use tifa_text::chars::{is_punct, is_space};

/// What a span of the draft is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpanKind {
    /// Text between quotation marks.
    Quote,
    /// A book or document title in 《》.
    Title,
}

/// A quoted span: character offsets of its text (marks excluded) in the draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: SpanKind,
}

fn closer(c: char) -> Option<char> {
    match c {
        '“' => Some('”'),
        '「' => Some('」'),
        '『' => Some('』'),
        '‘' => Some('’'),
        '"' => Some('"'),
        _ => None,
    }
}

/// A quotation open longer than this is taken as unclosed.
const MAX_QUOTE: usize = 3000;

/// Top-level quoted spans and 《》 titles outside quotations, in draft
/// order. Quotations nested inside one belong to it. A quotation never
/// closed (or open for more than `MAX_QUOTE` characters) is dropped and the
/// text after its opening mark is read again, so one stray mark hides no
/// later quotation; straight quotes "…" pair within a line.
pub fn spans(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut title: Option<usize> = None;
    let mut i = 0;
    while i <= chars.len() {
        let open_too_long = stack.first().is_some_and(|&(_, s)| i - s > MAX_QUOTE);
        if i == chars.len() || open_too_long {
            match stack.first() {
                // Read again just after the unclosed mark.
                Some(&(_, s)) => {
                    stack.clear();
                    i = s;
                    continue;
                }
                None => break,
            }
        }
        let c = chars[i];
        i += 1;
        if let Some(t) = title {
            if c == '》' {
                out.push(span(&chars, t, i - 1, SpanKind::Title));
                title = None;
            } else if c == '\n' {
                title = None;
            }
            continue;
        }
        if c == '\n' {
            // Straight quotes do not run across lines.
            if let Some(k) = stack.iter().position(|&(close, _)| close == '"') {
                if k == 0 {
                    let s = stack[0].1;
                    stack.clear();
                    i = s;
                    continue;
                }
                stack.truncate(k);
            }
            continue;
        }
        if c == '"' && stack.last().is_some_and(|&(close, _)| close == '"') {
            let (_, start) = stack.pop().unwrap_or_default();
            if stack.is_empty() {
                out.push(span(&chars, start, i - 1, SpanKind::Quote));
            }
            continue;
        }
        if let Some(close) = closer(c) {
            // ‘ opens only inside a quotation (else it is an apostrophe).
            if c != '‘' || !stack.is_empty() {
                stack.push((close, i));
            }
            continue;
        }
        if let Some(k) = stack.iter().rposition(|&(close, _)| close == c) {
            let (_, start) = stack[k];
            stack.truncate(k);
            if k == 0 {
                out.push(span(&chars, start, i - 1, SpanKind::Quote));
            }
        } else if c == '《' && stack.is_empty() {
            title = Some(i);
        }
    }
    out
}

fn span(chars: &[char], start: usize, end: usize, kind: SpanKind) -> Span {
    Span {
        start,
        end,
        text: chars[start..end].iter().collect(),
        kind,
    }
}

/// One difference between a quotation and its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffKind {
    Substitute,
    /// Text the quotation has and the source does not.
    Insert,
    /// Text the source has and the quotation leaves out.
    Delete,
    /// Only punctuation differs.
    Punctuation,
    /// Source text an ellipsis in the quotation stands for.
    Omission,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub kind: DiffKind,
    pub quote: String,
    pub source: String,
}

/// A source passage aligned with a quotation.
#[derive(Clone, Debug)]
pub struct Match {
    /// A hit at the start of the passage (its article is the source).
    pub hit: Hit,
    /// The source passage as indexed (whitespace included).
    pub passage: String,
    /// Edit distance, whitespace and omissions aside.
    pub edits: usize,
    pub differences: Vec<Difference>,
}

/// A character of the quotation as aligned: a wildcard for an ellipsis.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tok {
    Ch(char),
    Gap,
}

fn mark(c: char) -> char {
    match c {
        '‘' | '「' | '『' => '“',
        '’' | '」' | '』' => '”',
        _ => c,
    }
}

/// The quotation as tokens: whitespace dropped, every run of ellipsis
/// characters one gap.
fn tokens(q: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    for c in q.chars().filter(|&c| !is_space(c)) {
        if matches!(c, '…' | '⋯') {
            if out.last() != Some(&Tok::Gap) {
                out.push(Tok::Gap);
            }
        } else {
            out.push(Tok::Ch(c));
        }
    }
    out
}

/// Align `q` within `src` (free ends in `src`): the edits and the aligned
/// source range as character indices of `src`, with the differences.
fn align(q: &[Tok], src: &[char]) -> (usize, usize, usize, Vec<Difference>) {
    let (n, m) = (q.len(), src.len());
    let w = m + 1;
    let mut d = vec![0usize; (n + 1) * w];
    for i in 1..=n {
        let mut best_prev = usize::MAX;
        for j in 0..=m {
            let v = match q[i - 1] {
                Tok::Gap => {
                    best_prev = best_prev.min(d[(i - 1) * w + j]);
                    best_prev
                }
                Tok::Ch(c) => {
                    let mut v = d[(i - 1) * w + j] + 1;
                    if j > 0 {
                        let sub = usize::from(mark(c) != mark(src[j - 1]));
                        v = v
                            .min(d[(i - 1) * w + j - 1] + sub)
                            .min(d[i * w + j - 1] + 1);
                    }
                    v
                }
            };
            d[i * w + j] = v;
        }
    }
    let (mut j, _) = (0..=m)
        .map(|j| (j, d[n * w + j]))
        .min_by_key(|&(j, v)| (v, std::cmp::Reverse(j)))
        .unwrap_or((0, 0));
    let edits = d[n * w + j];
    let end = j;
    // Trace back: ops as (quote char, source char) pairs; None = gap.
    let mut ops: Vec<(Option<char>, Option<char>, bool)> = Vec::new(); // (q, s, omission)
    let mut i = n;
    while i > 0 {
        match q[i - 1] {
            Tok::Gap => {
                let mut k = j;
                while d[(i - 1) * w + k] != d[i * w + j] {
                    k -= 1;
                }
                for s in src[k..j].iter().rev() {
                    ops.push((None, Some(*s), true));
                }
                j = k;
                i -= 1;
            }
            Tok::Ch(c) => {
                let here = d[i * w + j];
                if j > 0
                    && here == d[(i - 1) * w + j - 1] + usize::from(mark(c) != mark(src[j - 1]))
                {
                    ops.push((Some(c), Some(src[j - 1]), false));
                    i -= 1;
                    j -= 1;
                } else if here == d[(i - 1) * w + j] + 1 {
                    ops.push((Some(c), None, false));
                    i -= 1;
                } else {
                    ops.push((None, Some(src[j - 1]), false));
                    j -= 1;
                }
            }
        }
    }
    ops.reverse();
    let mut diffs: Vec<Difference> = Vec::new();
    let mut open: Option<(String, String, bool)> = None;
    let close = |open: &mut Option<(String, String, bool)>, diffs: &mut Vec<Difference>| {
        if let Some((q, s, omit)) = open.take() {
            let punct = |t: &str| t.chars().all(is_punct);
            let kind = if omit {
                DiffKind::Omission
            } else if punct(&q) && punct(&s) {
                DiffKind::Punctuation
            } else if s.is_empty() {
                DiffKind::Insert
            } else if q.is_empty() {
                DiffKind::Delete
            } else {
                DiffKind::Substitute
            };
            diffs.push(Difference {
                kind,
                quote: q,
                source: s,
            });
        }
    };
    for (qc, sc, omit) in ops {
        let same = matches!((qc, sc), (Some(a), Some(b)) if mark(a) == mark(b)) && !omit;
        if same {
            close(&mut open, &mut diffs);
            continue;
        }
        if open.as_ref().is_some_and(|o| o.2 != omit) {
            close(&mut open, &mut diffs);
        }
        let o = open.get_or_insert_with(|| (String::new(), String::new(), omit));
        o.0.extend(qc);
        o.1.extend(sc);
    }
    close(&mut open, &mut diffs);
    (j, end, edits, diffs)
}

/// Seeds shorter than this are not looked up (unless the quotation is).
const MIN_SEED: usize = 6;
/// A seed with more hits than this says nothing about where the quotation is.
const MAX_SEED_HITS: usize = 256;
/// Longer quotations are only looked up verbatim (alignment costs the
/// product of the lengths).
const MAX_ALIGN: usize = 2000;
/// Windows aligned per quotation.
const MAX_WINDOWS: usize = 12;

/// The source passages closest to `quote`, fewest edits first; at most one
/// per indexed text region, each with every article sharing it (reprints).
/// Exact occurrences (whitespace aside) have `edits == 0`; a quotation longer
/// than `MAX_ALIGN` characters is only looked up verbatim.
pub fn find(s: &Searcher, quote: &str) -> Vec<Match> {
    let q = tokens(quote);
    if !q.iter().any(|t| matches!(t, Tok::Ch(_))) {
        return Vec::new();
    }
    let plain: String = q
        .iter()
        .map(|t| match t {
            Tok::Ch(c) => *c,
            Tok::Gap => '\u{0}',
        })
        .collect();
    let filter = tifa_library::SearchFilter::default();
    if !q.contains(&Tok::Gap) {
        let mut hits = s.hits(&plain, false, &filter);
        if !hits.is_empty() {
            // One passage per article: its first.
            hits.sort_by_key(|h| (h.article, h.segment, h.pos));
            hits.dedup_by_key(|h| h.article);
            return hits
                .into_iter()
                .map(|h| Match {
                    hit: h,
                    passage: plain.clone(),
                    edits: 0,
                    differences: Vec::new(),
                })
                .collect();
        }
    }
    // Seeds: maximal matches, piece by piece between gaps.
    let chars: Vec<char> = plain.chars().collect();
    let n = chars.len();
    let sub = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
    let mut seeds: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        if chars[i] == '\u{0}' {
            i += 1;
            continue;
        }
        let piece_end = (i..n).find(|&k| chars[k] == '\u{0}').unwrap_or(n);
        let (mut lo, mut hi) = (0, piece_end - i);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if s.occurrences_of(&sub(i, i + mid)) > 0 {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if lo >= MIN_SEED.min(piece_end - i).max(2) {
            seeds.push((i, lo));
            if lo > 12 {
                seeds.push((i, 12));
                seeds.push((i + lo - 12, 12));
            }
        }
        i += lo + 1;
    }
    // Windows: (segment, implied start, implied end) in bytes, with support.
    if n > MAX_ALIGN {
        return Vec::new();
    }
    let slack = 3 * (n / 4 + 8);
    // A window holds the quotation's bytes twice over (an ellipsis may
    // stand for as much source text as the quotation has), plus slack.
    let max_window = 6 * n + 2 * slack;
    let mut wins: Vec<(Hit, usize, usize, usize)> = Vec::new();
    for (at, len) in seeds {
        let t = sub(at, at + len);
        if s.occurrences_of(&t) > MAX_SEED_HITS {
            continue;
        }
        for h in s.hits(&t, false, &filter) {
            let lo = h.pos.saturating_sub(3 * at + slack);
            let hi = h.pos + 3 * (n - at) + slack;
            match wins.iter_mut().find(|w| {
                w.0.segment == h.segment
                    && w.0.article == h.article
                    && lo <= w.2
                    && w.1 <= hi
                    && w.2.max(hi) - w.1.min(lo) <= max_window
            }) {
                Some(w) => {
                    w.1 = w.1.min(lo);
                    w.2 = w.2.max(hi);
                    w.3 += len;
                }
                None => wins.push((h, lo, hi, len)),
            }
        }
    }
    wins.sort_by_key(|w| std::cmp::Reverse(w.3));
    // Reprints share a window: align each region once.
    let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
    let mut out: Vec<Match> = Vec::new();
    for (h, lo, hi, _) in wins {
        if let Some(&k) = seen.get(&(h.segment, lo)) {
            let mut m = out[k].clone();
            m.hit.article = h.article;
            out.push(m);
            continue;
        }
        if seen.len() >= MAX_WINDOWS {
            continue;
        }
        let (text, start) = s.around(&h, h.pos.saturating_sub(lo), hi.saturating_sub(h.pos));
        let idx: Vec<(usize, char)> = text
            .char_indices()
            .filter(|(_, c)| !is_space(*c) && *c != '\u{0}')
            .collect();
        let src: Vec<char> = idx.iter().map(|x| x.1).collect();
        let (a, b, edits, differences) = align(&q, &src);
        let (pa, pb) = match (idx.get(a), b.checked_sub(1).and_then(|k| idx.get(k))) {
            (Some(x), Some(y)) if a < b => (x.0, y.0 + y.1.len_utf8()),
            _ => (0, 0),
        };
        seen.insert((h.segment, lo), out.len());
        out.push(Match {
            hit: Hit {
                pos: start + pa,
                len: pb - pa,
                ..h
            },
            passage: text[pa..pb].to_string(),
            edits,
            differences,
        });
    }
    out.sort_by_key(|m| m.edits);
    out
}

/// Characters of a quotation that count towards its length (whitespace and
/// ellipses aside).
pub fn weight(quote: &str) -> usize {
    tokens(quote)
        .iter()
        .filter(|t| matches!(t, Tok::Ch(_)))
        .count()
}

/// Whether a passage `edits` away is close enough to be the quotation's
/// source: at most a quarter of its characters changed (at least one).
pub fn close_enough(quote: &str, edits: usize) -> bool {
    edits <= (weight(quote) / 4).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn spans_nested_across_lines_and_titles() {
        let t = "他说“甲乙‘丙’\n丁”，又见《书名》与「戊」和“未完";
        let v = spans(t);
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].text, "甲乙‘丙’\n丁");
        assert_eq!(v[0].kind, SpanKind::Quote);
        assert_eq!(
            t.chars().skip(v[0].start).take(2).collect::<String>(),
            "甲乙"
        );
        assert_eq!((v[1].text.as_str(), v[1].kind), ("书名", SpanKind::Title));
        assert_eq!(v[2].text, "戊");
        // A stray mark hides nothing after it; straight quotes pair in a line.
        let v = spans("甲“乙。\n他说“丙丁”和\"戊己\"，又\"庚\n辛");
        let t: Vec<&str> = v.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(t, ["丙丁", "戊己"]);
    }

    #[test]
    fn alignment_classifies_differences() {
        let (_, _, e, d) = align(&tokens("甲乙丙丁戊己"), &src("前甲乙丙丁戊己后"));
        assert_eq!((e, d.len()), (0, 0));
        let (_, _, e, d) = align(&tokens("甲乙丙，丁戊己"), &src("甲乙丙、丁戊己"));
        assert_eq!(e, 1);
        assert_eq!(d[0].kind, DiffKind::Punctuation);
        let (_, _, e, d) = align(&tokens("甲乙X丁戊"), &src("甲乙丙丁戊"));
        assert_eq!((e, &d[0].kind), (1, &DiffKind::Substitute));
        let (_, _, e, d) = align(&tokens("甲乙丁戊己"), &src("甲乙丙丁戊己"));
        assert_eq!(
            (e, &d[0].kind, d[0].source.as_str()),
            (1, &DiffKind::Delete, "丙")
        );
        let (_, _, e, d) = align(&tokens("甲乙丙丙丁"), &src("甲乙丙丁"));
        assert_eq!((e, &d[0].kind), (1, &DiffKind::Insert));
        let (_, _, e, d) = align(&tokens("甲乙……己庚"), &src("甲乙丙丁戊己庚"));
        assert_eq!(e, 0);
        assert_eq!(
            (&d[0].kind, d[0].source.as_str()),
            (&DiffKind::Omission, "丙丁戊")
        );
        let (_, _, e, _) = align(&tokens("他说‘好’"), &src("他说“好”"));
        assert_eq!(e, 0);
    }
}
