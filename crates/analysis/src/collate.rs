//! Collation of the witnesses of one work (reprints, abridged reprints,
//! variants): every place where they differ, with each witness's reading.
//!
//! Key decision: each witness is aligned to one base (the fullest witness) on
//! its text with every whitespace character and paragraph break removed, so a
//! paragraph printed in two pieces is not a variant. The alignment is a
//! patience alignment: character 8-grams that occur once in each text anchor
//! a longest increasing chain, the gaps between anchors are aligned
//! recursively, and a gap small enough is aligned exactly by an LCS table. It
//! is near-linear on long texts and never compares whole texts cell by cell.
//! Two changes with at most two equal characters between them are one
//! reading (推进【基本公共服务均等化→共同富裕】, not a scatter of characters),
//! and an omission is slid to paragraph boundaries when the text allows, so a
//! missing box is one entry covering its paragraphs. Variation units are the
//! union of every witness's changes: each unit gives every witness's reading.

use std::collections::HashMap;

use tifa_text::chars::{is_punct, is_space};

/// Anchor length in characters.
const K: usize = 8;
/// Largest gap (product of the two lengths) aligned exactly by an LCS table.
const LCS_CELLS: usize = 4_000_000;
/// Changes separated by at most this many equal characters are one reading.
const JOIN: usize = 2;

/// One stored paragraph of a witness, body or aside (box, sidebar, pull-quote).
#[derive(Clone, Debug)]
pub struct Passage {
    pub text: String,
    pub aside: bool,
}

/// How a witness's reading differs from the base's (the lemma).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReadingKind {
    /// The same as the lemma.
    Same,
    /// Only punctuation differs.
    Punctuation,
    /// Only traditional and simplified forms differ (會議 / 会议), punctuation aside.
    Script,
    /// Whole paragraphs (or boxes) the witness has and the base lacks.
    Addition,
    /// Whole paragraphs (or boxes) of the base the witness lacks.
    Omission,
    /// Words differ.
    Variant,
}

impl ReadingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReadingKind::Same => "same",
            ReadingKind::Punctuation => "punctuation",
            ReadingKind::Script => "script",
            ReadingKind::Addition => "addition",
            ReadingKind::Omission => "omission",
            ReadingKind::Variant => "variant",
        }
    }
}

/// One place where the witnesses differ.
#[derive(Clone, Debug)]
pub struct Unit {
    /// Character range in the base's collation text (whitespace removed).
    pub start: usize,
    pub end: usize,
    /// Base passages the unit touches (first and last, inclusive).
    pub passages: (usize, usize),
    /// The base's reading.
    pub lemma: String,
    /// Every witness's reading, in witness order (the base's is the lemma).
    pub readings: Vec<String>,
    /// How each reading differs from the lemma.
    pub kinds: Vec<ReadingKind>,
    /// A few characters of the base before the unit, to find it by.
    pub before: String,
}

impl Unit {
    /// The most substantive difference in the unit.
    pub fn kind(&self) -> ReadingKind {
        self.kinds
            .iter()
            .copied()
            .max()
            .unwrap_or(ReadingKind::Same)
    }
}

/// One row of the alignment table: base passages and what each witness
/// has in their place.
#[derive(Clone, Debug)]
pub struct Row {
    /// Base passages in the row (first and last, inclusive); a row joins
    /// passages only when a unit crosses their boundary.
    pub passages: (usize, usize),
    pub readings: Vec<String>,
}

/// The collation of several witnesses against a base.
#[derive(Clone, Debug)]
pub struct Collation {
    /// Index of the base witness.
    pub base: usize,
    pub units: Vec<Unit>,
    pub rows: Vec<Row>,
    /// Where each base passage starts in the base's collation text, and its
    /// length last.
    pub starts: Vec<usize>,
    /// The base's collation text (whitespace removed).
    pub text: Vec<char>,
}

/// A witness's text prepared for alignment.
struct Text {
    chars: Vec<char>,
    /// Start of each passage in `chars`, and the total length last.
    starts: Vec<usize>,
}

impl Text {
    fn new(passages: &[Passage]) -> Text {
        let mut chars = Vec::new();
        let mut starts = Vec::with_capacity(passages.len() + 1);
        for p in passages {
            starts.push(chars.len());
            chars.extend(p.text.chars().filter(|&c| !is_space(c)));
        }
        starts.push(chars.len());
        Text { chars, starts }
    }

    fn is_boundary(&self, pos: usize) -> bool {
        self.starts.binary_search(&pos).is_ok()
    }

    /// The passage containing `pos` (the one starting there, at a boundary).
    fn passage_at(&self, pos: usize) -> usize {
        let n = self.starts.len() - 1;
        match self.starts.binary_search(&pos) {
            Ok(i) => {
                // Skip empty passages starting at the same position.
                let mut i = i;
                while i + 1 < n && self.starts[i + 1] == pos {
                    i += 1;
                }
                i.min(n.saturating_sub(1))
            }
            Err(i) => i - 1,
        }
    }

    fn slice(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().collect()
    }
}

/// A change between the base and a witness: base `bs..be` became witness
/// `ws..we`; the text between two changes is equal on a diagonal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Change {
    bs: usize,
    be: usize,
    ws: usize,
    we: usize,
}

impl Change {
    fn is_point(&self) -> bool {
        self.bs == self.be
    }
}

/// Collate witnesses (at least one) against the base `base`.
pub fn collate(witnesses: &[Vec<Passage>], base: usize) -> Collation {
    let texts: Vec<Text> = witnesses.iter().map(|w| Text::new(w)).collect();
    let b = &texts[base];
    let changes: Vec<Vec<Change>> = texts
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == base {
                Vec::new()
            } else {
                let mut c = Vec::new();
                align(&b.chars, &w.chars, 0, 0, &mut c);
                let c = join(c, &b.chars);
                slide(c, b, w)
            }
        })
        .collect();
    let units = units(&texts, base, &changes);
    let rows = rows(&texts, base, &changes, &units);
    let Text { chars, starts } = texts.into_iter().nth(base).expect("base is a witness");
    Collation {
        base,
        units,
        rows,
        starts,
        text: chars,
    }
}

/// Align `b` against `w` (offsets `bo`, `wo` in the whole texts), appending
/// the changes in order.
fn align(b: &[char], w: &[char], bo: usize, wo: usize, out: &mut Vec<Change>) {
    let pre = b.iter().zip(w).take_while(|(x, y)| x == y).count();
    let (b, w, bo, wo) = (&b[pre..], &w[pre..], bo + pre, wo + pre);
    let suf = b
        .iter()
        .rev()
        .zip(w.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (b, w) = (&b[..b.len() - suf], &w[..w.len() - suf]);
    if b.is_empty() && w.is_empty() {
        return;
    }
    if b.is_empty() || w.is_empty() {
        out.push(Change {
            bs: bo,
            be: bo + b.len(),
            ws: wo,
            we: wo + w.len(),
        });
        return;
    }
    if b.len() * w.len() <= LCS_CELLS {
        lcs(b, w, bo, wo, out);
        return;
    }
    let runs = anchors(b, w);
    if runs.is_empty() {
        out.push(Change {
            bs: bo,
            be: bo + b.len(),
            ws: wo,
            we: wo + w.len(),
        });
        return;
    }
    let (mut cb, mut cw) = (0, 0);
    for (pb, pw, len) in runs {
        align(&b[cb..pb], &w[cw..pw], bo + cb, wo + cw, out);
        cb = pb + len;
        cw = pw + len;
    }
    align(&b[cb..], &w[cw..], bo + cb, wo + cw, out);
}

/// Equal runs anchored by K-grams occurring once in each text, in a longest
/// chain increasing in both: `(start in b, start in w, length)`.
fn anchors(b: &[char], w: &[char]) -> Vec<(usize, usize, usize)> {
    if b.len() < K || w.len() < K {
        return Vec::new();
    }
    // gram → (count in b, position in b, count in w, position in w)
    let mut grams: HashMap<&[char], (u32, usize, u32, usize)> = HashMap::new();
    for i in 0..=b.len() - K {
        let e = grams.entry(&b[i..i + K]).or_insert((0, i, 0, 0));
        e.0 += 1;
    }
    for i in 0..=w.len() - K {
        if let Some(e) = grams.get_mut(&w[i..i + K]) {
            e.2 += 1;
            e.3 = i;
        }
    }
    let mut pairs: Vec<(usize, usize)> = grams
        .values()
        .filter(|e| e.0 == 1 && e.2 == 1)
        .map(|e| (e.1, e.3))
        .collect();
    pairs.sort_unstable();
    // Longest chain increasing in w (patience sorting).
    let mut tails: Vec<usize> = Vec::new(); // index into pairs
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (i, &(_, pw)) in pairs.iter().enumerate() {
        let at = tails.partition_point(|&t| pairs[t].1 < pw);
        prev[i] = at.checked_sub(1).map(|a| tails[a]);
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut chain = Vec::new();
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        chain.push(pairs[i]);
        cur = prev[i];
    }
    chain.reverse();
    // Overlapping anchors on one diagonal make one run; an anchor that
    // overlaps the previous run on another diagonal is dropped.
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    for (pb, pw) in chain {
        if let Some(last) = runs.last_mut() {
            let (lb, lw, len) = *last;
            if pb <= lb + len && pb - lb == pw.wrapping_sub(lw) && pw >= lw {
                last.2 = (pb + K) - lb;
                continue;
            }
            if pb < lb + len || pw < lw + len {
                continue;
            }
        }
        runs.push((pb, pw, K));
    }
    runs
}

/// Exact alignment of two short texts by a longest-common-subsequence table.
fn lcs(b: &[char], w: &[char], bo: usize, wo: usize, out: &mut Vec<Change>) {
    let (n, m) = (b.len(), w.len());
    let width = m + 1;
    // table[i][j] = LCS length of b[i..] and w[j..]
    let mut table = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i * width + j] = if b[i] == w[j] {
                table[(i + 1) * width + j + 1] + 1
            } else {
                table[(i + 1) * width + j].max(table[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut open: Option<(usize, usize)> = None;
    let close = |open: &mut Option<(usize, usize)>, i: usize, j: usize, out: &mut Vec<Change>| {
        if let Some((si, sj)) = open.take() {
            out.push(Change {
                bs: bo + si,
                be: bo + i,
                ws: wo + sj,
                we: wo + j,
            });
        }
    };
    while i < n || j < m {
        if i < n && j < m && b[i] == w[j] {
            close(&mut open, i, j, out);
            i += 1;
            j += 1;
            continue;
        }
        open.get_or_insert((i, j));
        if j < m && (i == n || table[i * width + j + 1] >= table[(i + 1) * width + j]) {
            j += 1;
        } else {
            i += 1;
        }
    }
    close(&mut open, i, j, out);
}

/// Merge changes separated by at most `JOIN` equal characters into one.
fn join(changes: Vec<Change>, b: &[char]) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::with_capacity(changes.len());
    for c in changes {
        if let Some(last) = out.last_mut() {
            let gap = c.bs - last.be;
            // Only characters inside a phrase are swallowed, never a mark.
            let inside = b[last.be..c.bs].iter().all(|&x| !is_punct(x));
            if gap <= JOIN && inside {
                last.be = c.be;
                last.we = c.we;
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Slide each pure omission or addition to paragraph boundaries where the
/// text on either side allows it (the same text either way).
fn slide(mut changes: Vec<Change>, b: &Text, w: &Text) -> Vec<Change> {
    for k in 0..changes.len() {
        let c = changes[k];
        let lo_b = if k == 0 { 0 } else { changes[k - 1].be };
        let hi_b = changes.get(k + 1).map_or(b.chars.len(), |n| n.bs);
        let lo_w = if k == 0 { 0 } else { changes[k - 1].we };
        let hi_w = changes.get(k + 1).map_or(w.chars.len(), |n| n.ws);
        let (text, s, e, lo, hi, bounds) = if c.ws == c.we && c.bs < c.be {
            (&b.chars, c.bs, c.be, lo_b, hi_b, b)
        } else if c.bs == c.be && c.ws < c.we {
            (&w.chars, c.ws, c.we, lo_w, hi_w, w)
        } else {
            continue;
        };
        // Every shift d (negative = left) that keeps the same alignment.
        let mut left = 0;
        while s - left > lo && text[s - left - 1] == text[e - left - 1] {
            left += 1;
        }
        let mut right = 0;
        while e + right < hi && text[s + right] == text[e + right] {
            right += 1;
        }
        let fits = |d: isize| {
            let (s, e) = ((s as isize + d) as usize, (e as isize + d) as usize);
            (bounds.is_boundary(s) as u8) + (bounds.is_boundary(e) as u8)
        };
        let best = (-(left as isize)..=right as isize)
            .max_by_key(|&d| (fits(d), std::cmp::Reverse(d.abs())))
            .unwrap_or(0);
        if best != 0 && fits(best) > fits(0) {
            let shift = |x: usize| (x as isize + best) as usize;
            changes[k] = Change {
                bs: shift(c.bs),
                be: shift(c.be),
                ws: shift(c.ws),
                we: shift(c.we),
            };
        }
    }
    changes
}

/// Witness position of base position `p`, outside any change of `changes`
/// (an addition exactly at `p` is not crossed).
fn map(changes: &[Change], p: usize) -> usize {
    let i = changes.partition_point(|c| c.be < p || (c.be == p && !(c.is_point() && c.bs == p)));
    match i.checked_sub(1).map(|i| changes[i]) {
        Some(c) => p - c.be + c.we,
        None => p,
    }
}

/// A witness's reading of base range `s..e`, given its changes inside it.
fn reading(w: &Text, changes: &[Change], members: &[Change], s: usize, e: usize) -> String {
    match (members.first(), members.last()) {
        (Some(f), Some(l)) => w.slice(f.ws - (f.bs - s), l.we + (e - l.be)),
        _ => w.slice(map(changes, s), map(changes, e)),
    }
}

fn classify(lemma: &str, reading: &str, omission: bool, addition: bool) -> ReadingKind {
    let strip = |s: &str| s.chars().filter(|&c| !is_punct(c)).collect::<String>();
    if lemma == reading {
        ReadingKind::Same
    } else if reading.is_empty() && omission {
        ReadingKind::Omission
    } else if lemma.is_empty() && addition {
        ReadingKind::Addition
    } else if strip(lemma) == strip(reading) {
        ReadingKind::Punctuation
    } else if fast2s::convert(&strip(lemma)) == fast2s::convert(&strip(reading)) {
        ReadingKind::Script
    } else {
        ReadingKind::Variant
    }
}

/// A unit being built: base range and its changes as (witness, change).
type Group = (usize, usize, Vec<(usize, Change)>);

/// The variation units: every witness's changes, overlapping ones merged.
fn units(texts: &[Text], base: usize, changes: &[Vec<Change>]) -> Vec<Unit> {
    let b = &texts[base];
    let mut all: Vec<(Change, usize)> = changes
        .iter()
        .enumerate()
        .flat_map(|(wi, cs)| cs.iter().map(move |&c| (c, wi)))
        .collect();
    all.sort_by_key(|(c, _)| (c.bs, c.be));
    let mut groups: Vec<Group> = Vec::new();
    for (c, wi) in all {
        if let Some((s, e, members)) = groups.last_mut() {
            let joins = if s == e {
                c.is_point() && c.bs == *s
            } else if c.is_point() {
                *s < c.bs && c.bs < *e
            } else {
                c.bs < *e
            };
            if joins {
                *e = (*e).max(c.be);
                members.push((wi, c));
                continue;
            }
        }
        groups.push((c.bs, c.be, vec![(wi, c)]));
    }
    groups
        .into_iter()
        .map(|(s, e, members)| {
            let lemma = b.slice(s, e);
            let whole = b.is_boundary(s) && b.is_boundary(e) && s < e;
            let mut readings = Vec::with_capacity(texts.len());
            let mut kinds = Vec::with_capacity(texts.len());
            for (wi, w) in texts.iter().enumerate() {
                if wi == base {
                    readings.push(lemma.clone());
                    kinds.push(ReadingKind::Same);
                    continue;
                }
                let mine: Vec<Change> = members
                    .iter()
                    .filter(|(x, _)| *x == wi)
                    .map(|(_, c)| *c)
                    .collect();
                let r = reading(w, &changes[wi], &mine, s, e);
                let added = match (mine.first(), mine.last()) {
                    (Some(f), Some(l)) => {
                        w.is_boundary(f.ws - (f.bs - s)) && w.is_boundary(l.we + (e - l.be))
                    }
                    _ => false,
                };
                kinds.push(classify(&lemma, &r, whole, added));
                readings.push(r);
            }
            let from = s.saturating_sub(12).max(b.starts[b.passage_at(s)]);
            Unit {
                start: s,
                end: e,
                passages: (
                    b.passage_at(s),
                    b.passage_at(e.max(s + 1) - 1).max(b.passage_at(s)),
                ),
                before: b.slice(from, s),
                lemma,
                readings,
                kinds,
            }
        })
        .collect()
}

/// The alignment table: base passages, joined where a unit crosses them.
fn rows(texts: &[Text], base: usize, changes: &[Vec<Change>], units: &[Unit]) -> Vec<Row> {
    let b = &texts[base];
    let n = b.starts.len() - 1;
    let total = b.chars.len();
    let mut rows = Vec::new();
    let mut i = 0;
    while i < n {
        let s = b.starts[i];
        let mut j = i;
        // Join the next passage while a unit crosses the end of this row.
        while j + 1 < n
            && units
                .iter()
                .any(|u| u.start < b.starts[j + 1] && b.starts[j + 1] < u.end)
        {
            j += 1;
        }
        let e = b.starts[j + 1];
        let readings = texts
            .iter()
            .enumerate()
            .map(|(wi, w)| {
                if wi == base {
                    return b.slice(s, e);
                }
                let last = j + 1 == n;
                let mine: Vec<Change> = changes[wi]
                    .iter()
                    .filter(|c| {
                        c.bs >= s
                            && c.be <= e
                            && !(c.is_point() && c.bs == e && !(last && e == total))
                    })
                    .copied()
                    .collect();
                reading(w, &changes[wi], &mine, s, e)
            })
            .collect();
        rows.push(Row {
            passages: (i, j),
            readings,
        });
        i = j + 1;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wit(ps: &[&str]) -> Vec<Passage> {
        ps.iter()
            .map(|t| Passage {
                text: t.to_string(),
                aside: false,
            })
            .collect()
    }

    /// Rebuild every witness from the base and the units' readings.
    fn rebuild(c: &Collation, base: &[Passage], wi: usize) -> String {
        let text: Vec<char> = base
            .iter()
            .flat_map(|p| p.text.chars().filter(|&c| !is_space(c)))
            .collect();
        let mut out = String::new();
        let mut at = 0;
        for u in &c.units {
            out.extend(&text[at..u.start]);
            out.push_str(&u.readings[wi]);
            at = u.end;
        }
        out.extend(&text[at..]);
        out
    }

    #[test]
    fn a_word_change_is_one_reading() {
        let a = wit(&["甲乙丙丁推进基本公共服务均等化戊己庚辛"]);
        let b = wit(&["甲乙丙丁推进共同富裕戊己庚辛"]);
        let c = collate(&[a.clone(), b], 0);
        assert_eq!(c.units.len(), 1, "{:?}", c.units);
        assert_eq!(c.units[0].kind(), ReadingKind::Variant);
        assert_eq!(rebuild(&c, &a, 1), "甲乙丙丁推进共同富裕戊己庚辛");
    }

    #[test]
    fn a_missing_box_is_one_omission_on_its_paragraphs() {
        let a = wit(&["第一段。", "专栏一", "框里的话。", "第二段。"]);
        let b = wit(&["第一段。", "第二段。"]);
        let c = collate(&[a.clone(), b], 0);
        assert_eq!(c.units.len(), 1, "{:?}", c.units);
        let u = &c.units[0];
        assert_eq!(u.kind(), ReadingKind::Omission);
        assert_eq!(u.lemma, "专栏一框里的话。");
        assert_eq!(u.passages, (1, 2));
    }

    #[test]
    fn punctuation_script_and_paragraph_breaks() {
        let a = wit(&["会议指出要坚持发展，推动改革。", "下一段。"]);
        let b = wit(&["會議指出要坚持发展、推动", "改革。下一段。"]);
        let c = collate(&[a.clone(), b], 0);
        let kinds: Vec<ReadingKind> = c.units.iter().map(|u| u.kinds[1]).collect();
        assert_eq!(
            kinds,
            vec![ReadingKind::Script, ReadingKind::Punctuation],
            "{:?}",
            c.units
        );
        assert_eq!(rebuild(&c, &a, 1), "會議指出要坚持发展、推动改革。下一段。");
    }

    #[test]
    fn three_witnesses_share_units_and_rows() {
        let a = wit(&["一二三四五六七八九十", "甲乙丙丁戊己庚辛壬癸"]);
        let b = wit(&["一二三四五六七八九十", "甲乙丙丁戊己庚辛壬癸子丑"]);
        let c3 = wit(&["一二三X五六七八九十", "甲乙丙丁戊己庚辛壬癸"]);
        let c = collate(&[a.clone(), b, c3], 0);
        assert_eq!(c.units.len(), 2, "{:?}", c.units);
        assert_eq!(
            rebuild(&c, &a, 1),
            "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑"
        );
        assert_eq!(
            rebuild(&c, &a, 2),
            "一二三X五六七八九十甲乙丙丁戊己庚辛壬癸"
        );
        assert_eq!(c.rows.len(), 2);
        assert_eq!(c.rows[1].readings[1], "甲乙丙丁戊己庚辛壬癸子丑");
        assert_eq!(c.rows[0].readings[2], "一二三X五六七八九十");
    }

    #[test]
    fn long_texts_align_through_anchors() {
        // Distinct characters so every 8-gram is unique.
        let base: String = (0..6000u32)
            .map(|i| char::from_u32(0x4E00 + i).unwrap())
            .collect();
        let mut w: Vec<char> = base.chars().collect();
        w[100] = 'X';
        w.drain(3000..3010);
        w.insert(5000, 'Y');
        let w: String = w.into_iter().collect();
        let c = collate(&[wit(&[&base]), wit(&[&w])], 0);
        assert_eq!(c.units.len(), 3, "{:?}", c.units);
        assert_eq!(rebuild(&c, &wit(&[&base]), 1), w);
    }
}
