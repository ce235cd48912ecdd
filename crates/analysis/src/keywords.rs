//! Keywords of an article or a set of articles against a reference set:
//! keyness by log-likelihood (G²), TF-IDF, or TextRank.
//!
//! Key decision: jieba proposes the candidate words of the target texts, and
//! every frequency is an exact substring count per article from the index,
//! so target and reference are measured the same way; a stoplist removes
//! function words and the boilerplate verbs of political prose (坚持, 推进…).

use std::collections::{HashMap, HashSet};
use tifa_index::Segmenter;
use tifa_library::{SearchFilter, Searcher};

/// Scoring method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    LogLikelihood,
    TfIdf,
    TextRank,
}

/// One keyword.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    pub word: String,
    pub score: f64,
    /// Occurrences in the target articles.
    pub target: usize,
    /// Occurrences in the reference articles.
    pub reference: usize,
}

/// Words never reported: function words and boilerplate of policy prose.
pub const STOPLIST: &[&str] = &[
    "我们",
    "你们",
    "他们",
    "这个",
    "那个",
    "一个",
    "这些",
    "那些",
    "这样",
    "没有",
    "已经",
    "可以",
    "能够",
    "就是",
    "还是",
    "以及",
    "并且",
    "而且",
    "但是",
    "因为",
    "所以",
    "如果",
    "通过",
    "进行",
    "有关",
    "相关",
    "其中",
    "之一",
    "方面",
    "问题",
    "工作",
    "重要",
    "坚持",
    "加强",
    "推进",
    "推动",
    "全面",
    "深入",
    "进一步",
    "积极",
    "大力",
    "切实",
    "不断",
    "更加",
    "实现",
    "提高",
    "提升",
    "发展",
    "建设",
    "完善",
    "加快",
    "努力",
    "必须",
    "要求",
    "同志",
    "各位",
    "代表",
    "今年",
    "去年",
    "明年",
    "目前",
    "当前",
    "继续",
    "充分",
    "认真",
    "主要",
    "实施",
    "促进",
    "增强",
    "做好",
    "落实",
    "贯彻",
    "推行",
    "开展",
    "形成",
    "保持",
    "确保",
    "强化",
    "有效",
    "扎实",
];

/// Dunning's log-likelihood: `a` of `c` in the target, `b` of `d` in the reference.
pub fn log_likelihood(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    let term = |o: f64, e: f64| {
        if o > 0.0 && e > 0.0 {
            o * (o / e).ln()
        } else {
            0.0
        }
    };
    2.0 * (term(a, e1) + term(b, e2))
}

/// Candidate words of `texts`: jieba words of two or more characters, not
/// stop words, not numbers.
fn candidates(texts: &[String], seg: &Segmenter) -> Vec<Vec<String>> {
    texts
        .iter()
        .map(|t| {
            seg.words(t)
                .into_iter()
                .filter(|w| {
                    w.chars().count() >= 2
                        && !STOPLIST.contains(&w.as_str())
                        && !w.chars().any(|c| c.is_ascii_digit())
                })
                .collect()
        })
        .collect()
}

fn textrank(seqs: &[Vec<String>]) -> HashMap<String, f64> {
    let mut edges: HashMap<&str, HashSet<&str>> = HashMap::new();
    for seq in seqs {
        for (i, w) in seq.iter().enumerate() {
            for v in seq.iter().skip(i + 1).take(4) {
                if v != w {
                    edges.entry(w).or_default().insert(v);
                    edges.entry(v).or_default().insert(w);
                }
            }
        }
    }
    let mut rank: HashMap<&str, f64> = edges.keys().map(|k| (*k, 1.0)).collect();
    for _ in 0..30 {
        let mut next: HashMap<&str, f64> = HashMap::new();
        for (w, ns) in &edges {
            let share = rank[w] / ns.len() as f64;
            for n in ns {
                *next.entry(n).or_default() += share;
            }
        }
        for (w, r) in rank.iter_mut() {
            *r = 0.15 + 0.85 * next.get(w).copied().unwrap_or(0.0);
        }
    }
    rank.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Keywords of the `target` articles (whose body texts are `texts`) against
/// the `reference` articles, best first, at most `limit` (0 = all); `seg`
/// proposes the candidate words (with the library's user dictionary).
pub fn keywords(
    s: &Searcher,
    seg: &Segmenter,
    target: &HashSet<i64>,
    texts: &[String],
    reference: &HashSet<i64>,
    method: Method,
    limit: usize,
) -> Vec<Keyword> {
    let seqs = candidates(texts, seg);
    let mut words: Vec<&String> = seqs
        .iter()
        .flatten()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    words.sort();
    let size = |set: &HashSet<i64>| {
        set.iter()
            .filter_map(|id| s.meta(*id))
            .map(|m| m.chars)
            .sum::<i64>() as f64
    };
    let (c, d) = (size(target), size(reference));
    let all = SearchFilter::default();
    let n_articles = s.accepted(&all).len() as f64;
    let ranks = if method == Method::TextRank {
        textrank(&seqs)
    } else {
        HashMap::new()
    };

    let mut out: Vec<Keyword> = words
        .into_iter()
        .filter_map(|w| {
            let per = s.articles_with(w, false, &all);
            let a: usize = per
                .iter()
                .filter(|(id, _)| target.contains(id))
                .map(|(_, (n, _))| n)
                .sum();
            let b: usize = per
                .iter()
                .filter(|(id, _)| reference.contains(id))
                .map(|(_, (n, _))| n)
                .sum();

            let score = match method {
                Method::LogLikelihood => {
                    // Only words used more in the target than expected are its keywords.
                    if (a as f64) / c.max(1.0) <= (b as f64) / d.max(1.0) {
                        return None;
                    }
                    log_likelihood(a as f64, b as f64, c, d)
                }
                Method::TfIdf => {
                    a as f64 / c.max(1.0)
                        * 10_000.0
                        * ((1.0 + n_articles) / (1.0 + per.len() as f64)).ln()
                }
                Method::TextRank => ranks.get(w.as_str()).copied().unwrap_or(0.0),
            };
            Some(Keyword {
                word: w.clone(),
                score,
                target: a,
                reference: b,
            })
        })
        .collect();
    crate::drop_nested(&mut out, |k| (k.word.as_str(), k.target));
    out.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| x.word.cmp(&y.word))
    });
    if limit > 0 {
        out.truncate(limit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g2() {
        // Equal rates give 0.
        assert!(log_likelihood(10.0, 100.0, 1000.0, 10000.0).abs() < 1e-9);
        // By hand: E1 = 1000·60/11000 = 5.4545, E2 = 54.545;
        // 2·(50·ln(50/5.4545) + 10·ln(10/54.545)) = 2·(110.78 − 16.96) = 187.63.
        let g = log_likelihood(50.0, 10.0, 1000.0, 10000.0);
        assert!((g - 187.63).abs() < 0.01, "{g}");
    }
}
