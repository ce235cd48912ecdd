//! Keywords of an article or a set of articles against a reference set:
//! keyness by log-likelihood (G²), TF-IDF, or TextRank, over formulations as
//! well as words.
//!
//! Key decisions:
//! - Candidates are the jieba words of the target texts (with the library's
//!   user dictionary) **and** the character n-grams of 3–10 characters that the
//!   `newterms` machinery finds cohesive and free in the target itself (PMI,
//!   branching entropy, jieba word boundaries at both ends in most uses), so
//!   未来产业, 新型工业化 and 全国统一大市场 come out whole without `dict add`.
//! - Every candidate is reduced to its bare form (`bare`): a leading policy
//!   verb (`LEADING`: 推进, 加快, 建设…) goes when four or more characters
//!   remain, a generic trailing word (`TRAILING`: 工作, 建设…) when five or
//!   more remain, so 加快推进新型工业化 and 全国统一大市场建设 count as
//!   新型工业化 and 全国统一大市场 (`is_use`).
//! - A candidate used mostly (share ≥ 0.5) inside one longer kept candidate
//!   is that candidate's fragment and is dropped (`covered_shares`): 新型 and
//!   统一大市场 never outrank the formulations they belong to.
//! - Every frequency is an exact substring count per article from the index,
//!   so target and reference are measured the same way. `keyness` is Dunning's
//!   G² from those counts, unchanged; the ranking `score` multiplies it by a
//!   length weight `(chars / 2)²` (up to six characters) for a formulation with
//!   a significant keyness (G² ≥ 3.84) used three or more times in the target
//!   that no policy verb or generic word affixes, so multi-character
//!   formulations outrank single words; by the share of the word's uses that
//!   fall outside every longer kept candidate (产业 used only inside 未来产业,
//!   产业链… earns nothing of its own); and by 0.1 for the generic words of
//!   policy prose (`GENERIC`: 打造, 优化, 举措, 衷心感谢…). `STOPLIST` (function
//!   words and the most common boilerplate verbs) is never reported.
//! - Deterministic: candidates live in ordered sets, every filter walks them
//!   in order and ties of the score are broken by the word, so the CLI, its
//!   `--xlsx` and the API list the same words in the same order.

use crate::newterms::{EDGE_WORDS, NewTermsOptions, POLICY_VERBS, REPORTING, discover};
use std::collections::{BTreeMap, BTreeSet, HashSet};
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
    /// The ranking score: the method's score × length weight × generic weight.
    pub score: f64,
    /// Log-likelihood keyness (G²) of the target against the reference, from
    /// `target` and `reference` and the two sets' sizes in characters.
    pub keyness: f64,
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

/// Generic words of policy prose: reported, but their score is multiplied by
/// `GENERIC_WEIGHT` so they never crowd out the formulations.
pub const GENERIC: &[&str] = &[
    "打造",
    "优化",
    "构建",
    "用好",
    "出台",
    "举措",
    "布局",
    "行动",
    "衷心感谢",
    "部署",
    "推出",
    "持续",
    "统筹",
    "着力",
    "加大",
    "力度",
    "支持",
    "措施",
    "任务",
    "目标",
    "一批",
    "有序",
    "稳步",
    "健全",
    "制定",
    "创建",
    "培育",
    "扩大",
    "推广",
    "引导",
    "鼓励",
    "务实",
    "更好",
    "积极稳妥",
    "取得",
    "成效",
    "成果",
    "显著",
    "明显",
    "有力",
    "坚决",
    "各级",
    "政府",
    "一年",
];

/// The factor applied to the score of a `GENERIC` word.
pub const GENERIC_WEIGHT: f64 = 0.1;

/// Policy verbs (and adverbs) that open a use of a formulation: 加快推进新型
/// 工业化 is a use of 新型工业化. `POLICY_VERBS` of `newterms` are included.
pub const LEADING: &[&str] = &[
    "推进",
    "加快",
    "推动",
    "发展",
    "建设",
    "坚持",
    "深化",
    "实施",
    "加强",
    "促进",
    "打造",
    "优化",
    "构建",
    "用好",
    "出台",
    "制定",
    "创建",
    "培育",
    "扩大",
    "完善",
    "健全",
    "落实",
    "贯彻",
    "着力",
    "持续",
    "积极",
    "大力",
    "坚定",
    "稳步",
    "全面推进",
    "开辟",
    "支持",
    "鼓励",
    "引导",
    "深入",
    "扎实",
    "切实",
    "认真",
    "进一步",
    "更好",
    "全力",
    "统筹",
    "做好",
    "抓好",
    "提高",
    "提升",
    "增强",
    "强化",
];

/// Generic words that close a use of a formulation: 全国统一大市场建设.
pub const TRAILING: &[&str] = &["工作", "建设", "发展", "问题", "方面", "任务", "行动"];

/// Fewest characters left when a leading verb is stripped.
const MIN_AFTER_LEADING: usize = 4;
/// Fewest characters left when a trailing word is stripped.
const MIN_AFTER_TRAILING: usize = 5;
/// Share of a candidate's uses inside one longer candidate that makes it a fragment.
const COVERED: f64 = 0.5;
/// G² of p < 0.05 (one degree of freedom): the least keyness that earns the length weight.
pub const SIGNIFICANT: f64 = 3.84;
/// Longest length the weight counts: longer n-grams weigh as six characters.
const MAX_WEIGHTED_CHARS: usize = 6;
/// Fewest uses in the target for the length weight.
const MIN_USES_FOR_LENGTH: usize = 3;

fn chars(s: &str) -> usize {
    s.chars().count()
}

pub(crate) fn is_leading(w: &str) -> bool {
    LEADING.contains(&w) || POLICY_VERBS.contains(&w)
}

/// `w` without the policy verbs before it (while at least four characters
/// remain) and without a generic word after it (while at least five remain):
/// 加快推进新型工业化 → 新型工业化, 全国统一大市场建设 → 全国统一大市场.
pub fn bare(w: &str) -> &str {
    let mut w = w;
    'lead: loop {
        for (i, _) in w.char_indices().skip(1).take(4) {
            let (head, rest) = w.split_at(i);
            if is_leading(head) && chars(rest) >= MIN_AFTER_LEADING {
                w = rest;
                continue 'lead;
            }
        }
        break;
    }
    'trail: loop {
        for t in TRAILING {
            if let Some(rest) = w.strip_suffix(t)
                && chars(rest) >= MIN_AFTER_TRAILING
            {
                w = rest;
                continue 'trail;
            }
        }
        break;
    }
    w
}

/// Whether `w` is only a verb-led (or generic-word-closed) use of another
/// candidate: its bare form differs from it and is a candidate.
pub fn is_use(w: &str, candidates: &BTreeSet<String>) -> bool {
    let b = bare(w);
    b != w && candidates.contains(b)
}

/// Whether a policy verb opens `w` or a generic word closes it.
fn affixed(w: &str) -> bool {
    let n = chars(w);
    w.char_indices()
        .skip(1)
        .take(4)
        .any(|(i, _)| is_leading(&w[..i]) && n > chars(&w[..i]))
        || TRAILING
            .iter()
            .any(|t| w.strip_suffix(t).is_some_and(|rest| chars(rest) >= 4))
}

/// The length weight of the score: `(chars / 2)²` (length counted up to six
/// characters) for a formulation used at least three times and not affixed by
/// a policy verb or generic word; 1 otherwise. Quadratic because a string's expected count falls geometrically
/// with its length, so G² alone (or a linear weight) ranks a five-character
/// formulation used three times below common two-character words.
pub fn length_weight(w: &str, uses: usize) -> f64 {
    if uses >= MIN_USES_FOR_LENGTH && !affixed(w) {
        (chars(w).min(MAX_WEIGHTED_CHARS) as f64 / 2.0)
            .powi(2)
            .max(1.0)
    } else {
        1.0
    }
}

/// Share of `x`'s uses in `texts` that fall outside every use of the longer
/// candidates `longer` (each contains `x`): a word used only inside
/// formulations (产业 of 未来产业, 产业链…) earns no keyness of its own.
fn own_share(x: &str, longer: &[&str], texts: &[String]) -> f64 {
    let mut total = 0usize;
    let mut covered = 0usize;
    for t in texts {
        let mut inside: BTreeSet<usize> = BTreeSet::new();
        for y in longer {
            let offsets: Vec<usize> = y.match_indices(x).map(|(o, _)| o).collect();
            for (p, _) in t.match_indices(y) {
                inside.extend(offsets.iter().map(|o| p + o));
            }
        }
        for (p, _) in t.match_indices(x) {
            total += 1;
            if inside.contains(&p) {
                covered += 1;
            }
        }
    }
    if total == 0 {
        1.0
    } else {
        (total - covered) as f64 / total as f64
    }
}

/// For each candidate (with its count in the target), the largest share of
/// its uses that fall inside one longer candidate: Σ over that candidate's
/// uses of the times it contains the shorter one, over the shorter one's count.
pub fn covered_shares(counts: &BTreeMap<String, usize>) -> BTreeMap<String, f64> {
    counts
        .iter()
        .map(|(x, &n)| {
            let share = counts
                .iter()
                .filter(|(y, m)| y.len() > x.len() && **m > 0 && y.contains(x.as_str()))
                .map(|(y, &m)| (m * crate::occurrences(y, x)) as f64 / n.max(1) as f64)
                .fold(0.0, f64::max);
            (x.clone(), share)
        })
        .collect()
}

/// Drop the fragments: longest first, a candidate whose uses fall mostly
/// (`COVERED`) inside one longer candidate already kept is dropped.
pub(crate) fn drop_fragments(counts: &BTreeMap<String, usize>) -> BTreeSet<String> {
    let mut order: Vec<(&String, usize)> = counts.iter().map(|(w, n)| (w, *n)).collect();
    order.sort_by(|a, b| chars(b.0).cmp(&chars(a.0)).then_with(|| a.0.cmp(b.0)));
    let mut kept: Vec<(&String, usize)> = Vec::new();
    for (x, n) in order {
        let covered = kept.iter().any(|(y, m)| {
            y.len() > x.len()
                && y.contains(x.as_str())
                && (m * crate::occurrences(y, x)) as f64 >= COVERED * n.max(1) as f64
        });
        if !covered {
            kept.push((x, n));
        }
    }
    kept.into_iter().map(|(w, _)| w.clone()).collect()
}

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

/// Whether a candidate may be reported at all: two or more characters, no
/// digits, not a stop word.
fn admissible(w: &str) -> bool {
    chars(w) >= 2 && !STOPLIST.contains(&w) && !w.chars().any(|c| c.is_ascii_digit())
}

/// Jieba words of `texts`, per text, that are admissible.
fn word_sequences(texts: &[String], seg: &Segmenter) -> Vec<Vec<String>> {
    texts
        .iter()
        .map(|t| seg.words(t).into_iter().filter(|w| admissible(w)).collect())
        .collect()
}

/// Share of a phrase's uses in `texts` whose both ends fall on jieba word
/// boundaries for it to count as a formulation (as in `newterms`).
const MIN_ALIGNED: f64 = 0.6;

/// Cohesive, free n-grams of the target texts (3–10 characters, three or more
/// uses) whose ends fall on word boundaries in most uses and are not function
/// words or reporting verbs.
fn formulations(texts: &[String], seg: &Segmenter) -> BTreeSet<String> {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let chars_total: usize = texts.iter().map(|t| chars(t)).sum();
    let opts = NewTermsOptions {
        min_len: 3,
        max_len: 10,
        min_freq: MIN_USES_FOR_LENGTH,
        min_texts: 1,
        min_pmi: 3.0,
        min_entropy: 0.5,
        min_ratio: 0.0,
        keep_fragments: false,
        limit: 0,
    };
    let found: BTreeSet<String> = discover(&refs, &opts, chars_total, 0, |_| 0)
        .into_iter()
        .map(|t| t.term)
        .collect();
    let bounds: Vec<HashSet<usize>> = texts
        .iter()
        .map(|t| seg.boundaries(t).into_iter().collect())
        .collect();
    found
        .into_iter()
        .filter(|term| {
            let words = seg.words(term);
            let (Some(first), Some(last)) = (words.first(), words.last()) else {
                return false;
            };
            if [first, last].iter().any(|w| {
                EDGE_WORDS.contains(&w.as_str())
                    || REPORTING.contains(&w.as_str())
                    || (STOPLIST.contains(&w.as_str()) && !TRAILING.contains(&w.as_str()))
            }) {
                return false;
            }
            // A verb phrase, not a formulation: a policy verb closes it
            // (地区加快; 发展 and 建设 also close nouns: 高质量发展), or opens it with too little after it to strip (推进新型).
            if words.len() > 1
                && ((is_leading(last) && !TRAILING.contains(&last.as_str()))
                    || (is_leading(first) && bare(term) == term.as_str()))
            {
                return false;
            }
            // 增加到, 发展中: a phrase cut before its object.
            if term.ends_with(['到', '中', '时']) {
                return false;
            }
            let (mut seen, mut aligned, mut after_number) = (0usize, 0usize, 0usize);
            for (t, b) in texts.iter().zip(&bounds) {
                for (at, _) in t.match_indices(term.as_str()) {
                    seen += 1;
                    if b.contains(&at) && b.contains(&(at + term.len())) {
                        aligned += 1;
                    }
                    if t[..at].ends_with(|c: char| c.is_ascii_digit() || c == '.' || c == '%') {
                        after_number += 1;
                    }
                }
            }
            // The unit after a number (2.5万公里, 12亿千瓦) is not a formulation.
            seen > 0
                && aligned as f64 >= MIN_ALIGNED * seen as f64
                && (after_number as f64) < 0.5 * seen as f64
        })
        .collect()
}

/// The candidates of `texts`: admissible jieba words and cohesive n-grams,
/// each reduced to its bare form (`bare`), in order.
pub fn candidates(texts: &[String], seg: &Segmenter) -> BTreeSet<String> {
    let mut all: BTreeSet<String> = word_sequences(texts, seg).into_iter().flatten().collect();
    all.extend(formulations(texts, seg));
    all.iter()
        .map(|w| bare(w).to_string())
        .filter(|w| admissible(w))
        .collect()
}

fn textrank(seqs: &[Vec<String>]) -> BTreeMap<String, f64> {
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
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
    let mut rank: BTreeMap<&str, f64> = edges.keys().map(|k| (*k, 1.0)).collect();
    for _ in 0..30 {
        let mut next: BTreeMap<&str, f64> = BTreeMap::new();
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

/// Keywords of the `target` articles (whose body texts are `texts`, in a
/// fixed order) against the `reference` articles, best first, at most
/// `limit` (0 = all); `seg` proposes the candidate words (with the
/// library's user dictionary).
pub fn keywords(
    s: &Searcher,
    seg: &Segmenter,
    target: &HashSet<i64>,
    texts: &[String],
    reference: &HashSet<i64>,
    method: Method,
    limit: usize,
) -> Vec<Keyword> {
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
        textrank(&word_sequences(texts, seg))
    } else {
        BTreeMap::new()
    };

    // Exact counts of every candidate in the target and the reference.
    let mut counted: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for w in candidates(texts, seg) {
        let per = s.articles_with(&w, false, &all);
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
        if a > 0 {
            counted.insert(w, (a, b, per.len()));
        }
    }
    let target_counts: BTreeMap<String, usize> = counted
        .iter()
        .map(|(w, (a, _, _))| (w.clone(), *a))
        .collect();
    let kept = drop_fragments(&target_counts);
    // Longest first, so each word finds the longer kept candidates holding it.
    let mut by_length: Vec<&str> = kept.iter().map(String::as_str).collect();
    by_length.sort_by(|a, b| chars(b).cmp(&chars(a)).then_with(|| a.cmp(b)));

    let mut out: Vec<Keyword> = kept
        .iter()
        .filter_map(|w| {
            let (a, b, articles) = counted[w];
            let keyness = log_likelihood(a as f64, b as f64, c, d);
            let base = match method {
                Method::LogLikelihood => {
                    // Only words used more in the target than expected are its keywords.
                    if (a as f64) / c.max(1.0) <= (b as f64) / d.max(1.0) {
                        return None;
                    }
                    keyness
                }
                Method::TfIdf => {
                    a as f64 / c.max(1.0)
                        * 10_000.0
                        * ((1.0 + n_articles) / (1.0 + articles as f64)).ln()
                }
                Method::TextRank => ranks.get(w.as_str()).copied().unwrap_or(0.0),
            };
            let generic = if GENERIC.contains(&w.as_str()) {
                GENERIC_WEIGHT
            } else {
                1.0
            };
            let longer: Vec<&str> = by_length
                .iter()
                .take_while(|y| chars(y) > chars(w))
                .filter(|y| y.contains(w.as_str()))
                .copied()
                .collect();
            let own = if longer.is_empty() {
                1.0
            } else {
                own_share(w, &longer, texts)
            };
            // Only a significant keyness (p < 0.05) earns the length weight.
            let long = if keyness >= SIGNIFICANT {
                length_weight(w, a)
            } else {
                1.0
            };
            Some(Keyword {
                score: base * long * generic * own,
                keyness,
                target: a,
                reference: b,
                word: w.clone(),
            })
        })
        .collect();
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

    #[test]
    fn bare_strips_verbs_and_generic_tails() {
        assert_eq!(bare("推进新型工业化"), "新型工业化");
        assert_eq!(bare("加快推进新型工业化"), "新型工业化");
        assert_eq!(bare("全国统一大市场建设"), "全国统一大市场");
        assert_eq!(bare("建设全国统一大市场"), "全国统一大市场");
        // Too little would remain.
        assert_eq!(bare("推进改革"), "推进改革");
        assert_eq!(bare("高质量发展"), "高质量发展");
        assert_eq!(bare("发展中国家"), "发展中国家");
        let cands: BTreeSet<String> = ["新型工业化", "推进新型工业化", "未来产业"]
            .map(String::from)
            .into();
        assert!(is_use("推进新型工业化", &cands));
        assert!(!is_use("新型工业化", &cands));
        assert!(!is_use("培育未来产业集群", &cands));
    }

    #[test]
    fn fragments_lose_to_their_formulation() {
        let counts: BTreeMap<String, usize> = [
            ("甲乙丙丁", 4),
            ("甲乙", 5),  // 4 of 5 inside 甲乙丙丁: a fragment
            ("丙丁", 20), // 4 of 20: its own word
            ("戊己庚辛壬", 3),
            ("己庚", 3), // all inside
        ]
        .into_iter()
        .map(|(w, n)| (w.to_string(), n))
        .collect();
        let kept = drop_fragments(&counts);
        let kept: Vec<&str> = kept.iter().map(String::as_str).collect();
        assert_eq!(kept, ["丙丁", "戊己庚辛壬", "甲乙丙丁"]);
        let shares = covered_shares(&counts);
        assert!((shares["甲乙"] - 0.8).abs() < 1e-9);
        assert!((shares["丙丁"] - 0.2).abs() < 1e-9);
        assert_eq!(shares["甲乙丙丁"], 0.0);
    }

    #[test]
    fn long_unaffixed_formulations_weigh_more() {
        assert_eq!(length_weight("全国统一大市场", 4), 9.0);
        assert_eq!(length_weight("新型工业化", 3), 6.25);
        assert_eq!(length_weight("全国统一大市场", 2), 1.0);
        assert_eq!(length_weight("推进新型工业化", 5), 1.0);
        assert_eq!(length_weight("数字", 9), 1.0);
    }
}
