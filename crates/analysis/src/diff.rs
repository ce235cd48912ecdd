//! Differences between two documents (e.g. two years' work reports):
//! paragraphs aligned, character-level changes within aligned paragraphs,
//! and the formulations one has and the other lacks, ranked by weight.
//!
//! Key decision: paragraphs are aligned by a global alignment (dynamic
//! programming over character-bigram Dice similarity, pairs below 0.3 never
//! align), so moved or rewritten paragraphs show as dropped + added rather
//! than as a noisy character diff; characters are diffed with Myers' O(ND)
//! algorithm, which is fast on the similar texts that reach it.

use std::collections::HashSet;
use tifa_index::Segmenter;

/// One run of a character diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Equal(String),
    Insert(String),
    Delete(String),
}

/// A paragraph of A aligned with one of B (either may be missing).
#[derive(Clone, Debug, PartialEq)]
pub struct AlignedParagraph {
    pub a: Option<usize>,
    pub b: Option<usize>,
    pub similarity: f64,
    pub changes: Vec<Change>,
}

/// A formulation present in one document only.
#[derive(Clone, Debug, PartialEq)]
pub struct Formulation {
    pub text: String,
    pub count: usize,
    pub weight: f64,
}

/// The whole comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Diff {
    pub paragraphs: Vec<AlignedParagraph>,
    pub added: Vec<Formulation>,
    pub dropped: Vec<Formulation>,
}

fn bigrams(s: &str) -> HashSet<(char, char)> {
    let c: Vec<char> = s.chars().collect();
    c.windows(2).map(|w| (w[0], w[1])).collect()
}

fn dice(a: &HashSet<(char, char)>, b: &HashSet<(char, char)>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

/// Myers' diff of two character sequences, as runs.
pub fn char_diff(a: &str, b: &str) -> Vec<Change> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
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
    // Walk back through the trace.
    let mut ops: Vec<(u8, char)> = Vec::new();
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
            ops.push((0, a[(x - 1) as usize]));
            x -= 1;
            y -= 1;
        }
        if d > 0 {
            if x == prev_x {
                ops.push((1, b[(y - 1) as usize]));
            } else {
                ops.push((2, a[(x - 1) as usize]));
            }
        }
        x = prev_x;
        y = prev_y;
    }
    while x > 0 && y > 0 {
        ops.push((0, a[(x - 1) as usize]));
        x -= 1;
        y -= 1;
    }
    ops.reverse();
    let mut out: Vec<Change> = Vec::new();
    for (op, c) in ops {
        match (out.last_mut(), op) {
            (Some(Change::Equal(s)), 0)
            | (Some(Change::Insert(s)), 1)
            | (Some(Change::Delete(s)), 2) => s.push(c),
            _ => out.push(match op {
                0 => Change::Equal(c.to_string()),
                1 => Change::Insert(c.to_string()),
                _ => Change::Delete(c.to_string()),
            }),
        }
    }
    out
}

/// Align paragraphs of `a` and `b`, maximising total similarity.
fn align(a: &[String], b: &[String]) -> Vec<(Option<usize>, Option<usize>, f64)> {
    let (ga, gb): (Vec<_>, Vec<_>) = (
        a.iter().map(|p| bigrams(p)).collect(),
        b.iter().map(|p| bigrams(p)).collect(),
    );
    let (n, m) = (a.len(), b.len());
    let mut score = vec![vec![0.0f64; m + 1]; n + 1];
    let sim = |i: usize, j: usize| dice(&ga[i], &gb[j]);
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let s = sim(i, j);
            let take = if s >= 0.3 {
                s + score[i + 1][j + 1]
            } else {
                f64::MIN
            };
            score[i][j] = take.max(score[i + 1][j]).max(score[i][j + 1]);
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n && j < m {
        let s = sim(i, j);
        if s >= 0.3 && (score[i][j] - (s + score[i + 1][j + 1])).abs() < 1e-12 {
            out.push((Some(i), Some(j), s));
            i += 1;
            j += 1;
        } else if (score[i][j] - score[i + 1][j]).abs() < 1e-12 {
            out.push((Some(i), None, 0.0));
            i += 1;
        } else {
            out.push((None, Some(j), 0.0));
            j += 1;
        }
    }
    out.extend((i..n).map(|i| (Some(i), None, 0.0)));
    out.extend((j..m).map(|j| (None, Some(j), 0.0)));
    out
}

/// Formulations of `from` absent from `other`: jieba words of two or more
/// characters and adjacent word pairs, weighted by count × length × `idf`
/// (rarity in the library: 新质生产力 outweighs 需要).
fn only_in(
    from: &str,
    other: &str,
    seg: &Segmenter,
    idf: &dyn Fn(&str) -> f64,
) -> Vec<Formulation> {
    let mut cands: HashSet<String> = HashSet::new();
    for p in from.split('\n') {
        let w: Vec<String> = seg.words(p);
        for (k, x) in w.iter().enumerate() {
            if x.chars().count() >= 2 && !x.chars().any(|c| c.is_ascii_digit()) {
                cands.insert(x.clone());
            }
            if let Some(y) = w.get(k + 1) {
                let pair = format!("{x}{y}");
                if pair.chars().count() >= 4
                    && p.contains(&pair)
                    && !pair.chars().any(|c| c.is_ascii_digit())
                {
                    cands.insert(pair);
                }
            }
        }
    }
    let mut out: Vec<Formulation> = cands
        .into_iter()
        .filter(|c| !other.contains(c.as_str()))
        .map(|c| {
            let count = crate::occurrences(from, &c);
            let weight = count as f64 * c.chars().count() as f64 * idf(&c);
            Formulation {
                text: c,
                count,
                weight,
            }
        })
        .collect();
    crate::drop_nested(&mut out, |f| (f.text.as_str(), f.count));
    out.sort_by(|x, y| {
        y.weight
            .total_cmp(&x.weight)
            .then_with(|| x.text.cmp(&y.text))
    });
    out
}

/// Compare documents given as paragraphs; `idf(formulation)` weighs the
/// formulations added and dropped (use `|_| 1.0` for none).
pub fn diff(a: &[String], b: &[String], seg: &Segmenter, idf: &dyn Fn(&str) -> f64) -> Diff {
    let paragraphs = align(a, b)
        .into_iter()
        .map(|(i, j, s)| {
            let changes = match (i, j) {
                (Some(i), Some(j)) => char_diff(&a[i], &b[j]),
                (Some(i), None) => vec![Change::Delete(a[i].clone())],
                (None, Some(j)) => vec![Change::Insert(b[j].clone())],
                (None, None) => Vec::new(),
            };
            AlignedParagraph {
                a: i,
                b: j,
                similarity: s,
                changes,
            }
        })
        .collect();
    let (ta, tb) = (a.join("\n"), b.join("\n"));
    Diff {
        paragraphs,
        added: only_in(&tb, &ta, seg, idf),
        dropped: only_in(&ta, &tb, seg, idf),
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
    fn aligns_and_finds_new_formulations() {
        let a: Vec<String> = [
            "各位代表：",
            "过去一年，经济运行总体回升向好。",
            "坚持稳中求进工作总基调。",
        ]
        .map(String::from)
        .to_vec();
        let b: Vec<String> = [
            "各位代表：",
            "过去一年，经济运行总体回升向好，高质量发展扎实推进。",
            "大力推进现代化产业体系建设，加快发展新质生产力。",
            "坚持稳中求进工作总基调。",
        ]
        .map(String::from)
        .to_vec();
        let d = diff(&a, &b, &Segmenter::default(), &|_| 1.0);
        let pairs: Vec<(Option<usize>, Option<usize>)> =
            d.paragraphs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(
            pairs,
            vec![
                (Some(0), Some(0)),
                (Some(1), Some(1)),
                (None, Some(2)),
                (Some(2), Some(3))
            ]
        );
        assert!(
            d.added.iter().any(|f| f.text.contains("生产力")),
            "{:?}",
            d.added
        );
        assert!(d.dropped.is_empty(), "{:?}", d.dropped);
    }
}
