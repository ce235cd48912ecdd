//! New formulations of a period, found without a dictionary: character
//! n-grams (2–10 characters) of the period's text that hold together (PMI
//! cohesion), stand free of their neighbours (left and right branching
//! entropy) and are used far more than in a reference period, each with its
//! frequency and first appearance.
//!
//! Key decision: no segmentation and no n-gram hash table. The period's text
//! is recoded as 16-bit character ids and its Han positions are sorted by
//! their next 11 characters — a suffix array cut at depth 11 — bucket by
//! first character, on packed 64-bit keys so the sort runs in cache. One walk
//! over the sorted positions yields every repeated n-gram with its count and
//! right-neighbour distribution (children are contiguous), and binary search
//! counts any substring for PMI. Memory is 2 bytes per character plus 4 per
//! Han character (about 2× the UTF-8 text), where hash-table new-word tools
//! need tens of bytes per distinct n-gram and run out of memory on a
//! gigabyte. Reference counts come from the exact index.
//!
//! A candidate that passes the statistics must still read as a formulation:
//! in most of its uses (a sample of 24) both its ends fall on jieba word
//! boundaries, so 质量监 (inside 质量监督, 质量监管) and 业创 (产业|创新) are
//! fragments; it neither opens nor closes with a function word (对疫情,
//! 政策要) nor ends with a reporting verb (习近平强调); and it is not a form
//! of address (先生们, 朋友们); and it is not used mostly inside one longer
//! candidate (区间 of 合理区间), unless that one only puts a verb before it
//! (发展新质生产力), nor mostly inside longer candidates taken together,
//! read at each hit (新发展 of 新发展格局, 新发展阶段, 新发展理念). Nor is a
//! formulation: a common two-character word of jieba's dictionary (品牌,
//! 疫苗: topical, not new language; `GENERAL_FREQ`), an organisation's or a
//! speaker's name, alone or in a byline (中央军委主席习近平), a title of
//! office, an event (座谈会, 开班式), a greeting (诚挚的问候), a phrase
//! ending in a locative or time word (新征程上, 党的十八大以来), or an adverb
//! with its verb or policy verbs alone, nothing attached (稳步扩大, 深入实施). Those lists are
//! `EDGE_WORDS`, `REPORTING`, `ADDRESS`, `LAST_WORDS`, `OFFICES`, `EVENTS`
//! and `SALUTATIONS`, chosen by the genre (news prose, speeches, reports),
//! not by a file, and checked on periods no list was written from
//! (1978..1992, 1993..2002, 2003..2012 in BENCHMARKS.md).

use crate::first::{First, first};
use crate::keywords::{GENERIC, LEADING, log_likelihood};
use crate::trend::counted;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};
use tifa_index::Segmenter;
use tifa_library::{Hit, LibraryError, Period, SearchFilter, Searcher};
use tifa_text::chars::is_han;

/// Words that never open or close a formulation: prepositions, conjunctions,
/// particles, modal verbs, pronouns and demonstratives.
pub const EDGE_WORDS: &[&str] = &[
    "对",
    "在",
    "和",
    "与",
    "及",
    "把",
    "被",
    "为",
    "向",
    "从",
    "以",
    "于",
    "由",
    "将",
    "要",
    "的",
    "了",
    "是",
    "也",
    "都",
    "就",
    "并",
    "或",
    "而",
    "其",
    "之",
    "这",
    "那",
    "该",
    "各",
    "每",
    "愿",
    "同",
    "让",
    "使",
    "给",
    "对于",
    "关于",
    "通过",
    "我们",
    "你们",
    "他们",
    "我",
    "你",
    "他",
    "我国",
    "一些",
    "一个",
    "进一步",
    "不断",
    "这次",
    "这些",
    "这个",
    "那些",
    "愿同",
];
/// Verbs that report speech (习近平强调, 表示衷心感谢): news prose, not a
/// formulation, at either end.
pub const REPORTING: &[&str] = &[
    "强调", "指出", "表示", "说", "要求", "认为", "提出", "讲话", "发表",
];
/// Forms of address and salutations of speeches.
pub const ADDRESS: &[&str] = &[
    "先生",
    "女士",
    "先生们",
    "女士们",
    "朋友们",
    "同志们",
    "各位",
    "同事",
    "各位同事",
    "你们",
    "我们",
    "大家",
    "尊敬",
    "阁下",
    "朋友",
    "们",
];
/// Words a formulation never ends with: locatives and time words that make
/// a phrase of prose (新征程上, 党的十八大以来).
pub const LAST_WORDS: &[&str] = &[
    "上", "中", "里", "时", "后", "前", "以来", "以后", "以前", "期间", "方面", "之际",
];
/// Forms of address that end a salutation (主席先生).
const ADDRESS_LAST: &[&str] = &[
    "先生",
    "女士",
    "阁下",
    "先生们",
    "女士们",
    "朋友们",
    "同志们",
    "同志",
];
/// Titles of office (国家主席, 国务院总理): a credit or a byline, not a
/// formulation.
pub const OFFICES: &[&str] = &[
    "主席",
    "副主席",
    "总理",
    "副总理",
    "总书记",
    "书记",
    "委员长",
    "部长",
    "省长",
    "市长",
    "国务委员",
];

/// Names of events (a 座谈会, a 研讨班, a 峰会): news vocabulary of a period,
/// never a formulation, however new.
pub const EVENTS: &[&str] = &[
    "座谈会",
    "研讨会",
    "研讨班",
    "培训班",
    "开班式",
    "开幕式",
    "闭幕式",
    "峰会",
    "论坛",
    "发布会",
    "招待会",
    "博览会",
    "交易会",
    "推进会",
    "见面会",
    "表彰大会",
    "仪式",
];
/// Greetings and thanks that open and close speeches (诚挚的问候).
pub const SALUTATIONS: &[&str] = &["问候", "祝贺", "致意", "感谢", "祝愿", "慰问"];
/// Jieba dictionary frequency from which a two-character entry is a word of
/// the general language (品牌, 疫苗, 平台): its rise in a period is topical,
/// not new language. Coinages (抗疫) and the dictionary's own late additions
/// of policy terms (frequency 3: 初心, 雷锋精神) stay below it.
pub const GENERAL_FREQ: usize = 20;

/// Whether `term` is one word of the general language (see `GENERAL_FREQ`).
pub fn is_general_word(seg: &Segmenter, term: &str) -> bool {
    term.chars().count() == 2
        && seg
            .dictionary_frequency(term)
            .is_some_and(|f| f >= GENERAL_FREQ)
}

/// Whether `term` is one name in jieba's dictionary: an organisation (`nt`,
/// 世界卫生组织) or a person's full name (`nrfg`). Other tags are not asked:
/// jieba tags 邓小平理论 and 从严治党 as persons, 依法治国 as a place.
fn is_name(seg: &Segmenter, term: &str) -> bool {
    seg.dictionary_frequency(term).is_some()
        && matches!(seg.tags(term).as_slice(), [(_, t)] if t == "nt" || t == "nrfg")
}

/// Whether `term` is a predicate with nothing attached: an adverb and one
/// word, or an adverb and its verbs (更好统筹, 稳步扩大, 深刻领悟), or
/// policy verbs, generic words and adverbs alone (深入实施, 统筹推进,
/// 扎实做好: `keywords::LEADING`, `keywords::GENERIC`, `POLICY_VERBS`). It
/// opens a sentence; it is not a formulation (更好统筹发展和安全 is one).
fn is_bare_verb_phrase(seg: &Segmenter, term: &str) -> bool {
    let tags = seg.tags(term);
    let adverb = |t: &str| matches!(t, "d" | "ad" | "vd");
    let policy =
        |w: &str| LEADING.contains(&w) || GENERIC.contains(&w) || POLICY_VERBS.contains(&w);
    tags.len() >= 2
        && ((adverb(&tags[0].1) && (tags.len() == 2 || tags[1..].iter().all(|(_, t)| t == "v")))
            || tags.iter().all(|(w, t)| policy(w) || adverb(t)))
}

/// Occurrences sampled for the word-boundary test.
const BOUNDARY_SAMPLE: usize = 24;
/// Share of sampled occurrences whose both ends must be word boundaries.
const MIN_ALIGNED: f64 = 0.6;

/// Whether `term` reads as a formulation rather than a fragment or a
/// phrase of prose (see the module doc). `hits` are its occurrences.
pub fn reads_as_formulation(s: &Searcher, seg: &Segmenter, term: &str, hits: &[Hit]) -> bool {
    let words = seg.words(term);
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    if EDGE_WORDS.contains(&first.as_str())
        || EDGE_WORDS.contains(&last.as_str())
        || REPORTING.contains(&last.as_str())
        || REPORTING.contains(&first.as_str())
        || words.iter().all(|w| ADDRESS.contains(&w.as_str()))
        || words.iter().any(|w| SALUTATIONS.contains(&w.as_str()))
        || EVENTS.iter().any(|e| term.ends_with(e))
        || LAST_WORDS.contains(&last.as_str())
        || ADDRESS_LAST.contains(&last.as_str())
        || OFFICES.contains(&last.as_str())
        || first == "代表"
        || term.ends_with('届')
        || is_name(seg, term)
        || is_general_word(seg, term)
        || is_bare_verb_phrase(seg, term)
    {
        return false;
    }
    let mut aligned = 0;
    let mut seen = 0;
    let step = (hits.len() / BOUNDARY_SAMPLE).max(1);
    for h in hits.iter().step_by(step).take(BOUNDARY_SAMPLE) {
        let k = s.kwic_line(h, 8);
        let text = format!("{}{}{}", k.left, k.hit, k.right);
        let b = seg.boundaries(&text);
        let (start, end) = (k.left.len(), k.left.len() + k.hit.len());
        seen += 1;
        if b.binary_search(&start).is_ok() && b.binary_search(&end).is_ok() {
            aligned += 1;
        }
    }
    seen == 0 || aligned as f64 >= MIN_ALIGNED * seen as f64
}

/// Verbs that policy texts put before a formulation (发展新质生产力,
/// 构建新发展格局, 贯彻党的二十大精神).
pub const POLICY_VERBS: &[&str] = &[
    "发展", "推进", "构建", "建设", "扩大", "贯彻", "弘扬", "实施", "加快", "坚持", "推动", "落实",
    "深化", "实现", "促进", "加强", "培育", "打造", "完善", "健全", "坚定", "践行", "学习", "领会",
];

/// Share of a term's uses inside one longer candidate that makes it that
/// candidate's fragment.
const DOMINATED: f64 = 0.65;

/// Drop a term used mostly (`DOMINATED`) inside one longer candidate that
/// extends it — 区间 of 合理区间, 复工 of 复工复产 — unless the extension is
/// a policy verb before it (`POLICY_VERBS`; jieba tags 发展 and 现代化 alike,
/// so a tag cannot tell): 发展新质生产力 is a use of 新质生产力, not a longer
/// formulation that 新质生产力 is a fragment of.
fn drop_dominated(terms: &mut Vec<NewTerm>) {
    let all: Vec<(String, usize)> = terms
        .iter()
        .map(|t| (t.term.clone(), t.occurrences))
        .collect();
    terms.retain(|t| {
        !all.iter().any(|(y, n)| {
            if y.len() <= t.term.len() || (*n as f64) < DOMINATED * t.occurrences as f64 {
                return false;
            }
            match y.strip_suffix(t.term.as_str()) {
                Some(head) => !POLICY_VERBS.contains(&head),
                None => y.contains(t.term.as_str()),
            }
        })
    });
}

/// Occurrences sampled for the covered-share test.
const COVER_SAMPLE: usize = 48;

/// Drop a term most of whose uses (`DOMINATED`, of a sample) lie inside
/// longer candidates taken together — 新发展 inside 新发展格局, 新发展阶段 and
/// 新发展理念, none of which alone dominates it — read at each hit's place in
/// the text, so overlapping candidates are never counted twice. A longer
/// candidate that only puts a policy verb before it does not cover it.
fn drop_covered(s: &Searcher, period: &SearchFilter, terms: &mut Vec<NewTerm>) {
    let all: Vec<String> = terms.iter().map(|t| t.term.clone()).collect();
    terms.retain(|t| {
        let longer: Vec<&str> = all
            .iter()
            .filter(|y| y.len() > t.term.len() && y.contains(t.term.as_str()))
            .filter(|y| {
                y.strip_suffix(t.term.as_str())
                    .is_none_or(|head| !POLICY_VERBS.contains(&head))
            })
            .map(String::as_str)
            .collect();
        if longer.is_empty() {
            return true;
        }
        let hits = s.hits(&t.term, false, period);
        let step = (hits.len() / COVER_SAMPLE).max(1);
        let (mut seen, mut covered) = (0usize, 0usize);
        for h in hits.iter().step_by(step).take(COVER_SAMPLE) {
            let k = s.kwic_line(h, MAX_LEN);
            let text = format!("{}{}{}", k.left, k.hit, k.right);
            let (a, b) = (k.left.len(), k.left.len() + k.hit.len());
            seen += 1;
            if longer.iter().any(|y| {
                text.match_indices(y)
                    .any(|(i, _)| i <= a && i + y.len() >= b)
            }) {
                covered += 1;
            }
        }
        seen == 0 || (covered as f64) < DOMINATED * seen as f64
    });
}

/// Thresholds and limits.
#[derive(Clone, Debug)]
pub struct NewTermsOptions {
    /// Shortest and longest n-gram, in characters (2 ≤ min ≤ max ≤ 10).
    pub min_len: usize,
    pub max_len: usize,
    /// Fewest occurrences in the period.
    pub min_freq: usize,
    /// Fewest texts of the period using it.
    pub min_texts: usize,
    /// Least cohesion: the weakest split's pointwise mutual information, in bits.
    pub min_pmi: f64,
    /// Least branching entropy on each side, in bits.
    pub min_entropy: f64,
    /// Least ratio of the period's rate to the reference rate (the reference
    /// count smoothed by +0.5, so an unseen term has a finite ratio).
    pub min_ratio: f64,
    /// Most terms reported (0 = all).
    /// Skip the reading test (fragments, function-word edges, address forms
    /// kept): every candidate the statistics accept.
    pub keep_fragments: bool,
    pub limit: usize,
}

impl Default for NewTermsOptions {
    fn default() -> Self {
        NewTermsOptions {
            min_len: 2,
            max_len: 10,
            min_freq: 5,
            min_texts: 2,
            min_pmi: 3.0,
            min_entropy: 1.0,
            min_ratio: 20.0,
            limit: 50,
            keep_fragments: false,
        }
    }
}

/// The longest n-gram the sort supports.
pub const MAX_LEN: usize = 10;

/// One candidate formulation.
#[derive(Clone, Debug, PartialEq)]
pub struct NewTerm {
    pub term: String,
    /// Occurrences in the period's texts.
    pub occurrences: usize,
    /// Texts of the period that use it.
    pub texts: usize,
    /// Occurrences in the reference texts.
    pub reference: usize,
    pub per_10k: f64,
    pub reference_per_10k: f64,
    /// Cohesion: min over splits of log2(p(w) / (p(a)·p(b))).
    pub pmi: f64,
    pub left_entropy: f64,
    pub right_entropy: f64,
    /// Keyness of the period against the reference (log-likelihood G²).
    pub score: f64,
    /// Earliest dated occurrence in the whole library.
    pub first: Option<First>,
}

/// What `newterms` looked at, and what it found.
#[derive(Clone, Debug)]
pub struct NewTerms {
    pub texts: usize,
    pub chars: usize,
    /// UTF-8 bytes of the period's texts.
    pub bytes: usize,
    pub reference_texts: usize,
    pub reference_chars: usize,
    pub terms: Vec<NewTerm>,
}

/// New terms of the articles accepted by `period` against those accepted by
/// `reference` (articles in both count for the period only). With `by_work`
/// each work counts once (its earliest dated article); verbatim reprints
/// always share one text.
pub fn newterms(
    s: &Searcher,
    seg: &Segmenter,
    period: &SearchFilter,
    reference: Option<&SearchFilter>,
    by_work: bool,
    opts: &NewTermsOptions,
    stage: &dyn Fn(Stage),
) -> Result<NewTerms, NewTermsError> {
    let holders = |f: &SearchFilter| -> HashSet<i64> {
        counted(s, f, Period::Year, by_work)
            .into_keys()
            .map(|id| s.holder(id))
            .collect()
    };
    let target = holders(period);
    let refs: HashSet<i64> = reference
        .map(holders)
        .unwrap_or_default()
        .difference(&target)
        .copied()
        .collect();
    // The texts are read through a mapping of their own, dropped before the
    // sort, so the text does not stay resident beside its encoding.
    let chars_of = |set: &HashSet<i64>| -> usize {
        set.iter()
            .filter_map(|h| s.meta(*h))
            .map(|m| m.chars as usize)
            .sum()
    };
    let capacity = chars_of(&target);
    if capacity + target.len() + MAX_LEN + 3 > u32::MAX as usize {
        return Err(NewTermsError::TooLarge(capacity));
    }
    let mut enc = Encoder::new(capacity, target.len());
    stage(Stage::Reading);
    s.read_texts(&target, |_, t| enc.push(t))?;
    let (texts, chars, bytes) = (enc.enc.starts.len(), enc.chars, enc.bytes);
    let reference_chars = chars_of(&refs);
    let reference = |t: &str| s.occurrences_in(t, &refs);
    // Ask for more than wanted: some candidates fail the reading test below.
    let wide = NewTermsOptions {
        limit: if opts.limit > 0 { opts.limit * 5 } else { 0 },
        ..opts.clone()
    };
    let mut terms = discover_encoded(
        enc.finish(),
        &wide,
        chars,
        reference_chars,
        reference,
        stage,
    );
    if !opts.keep_fragments {
        let names = speakers(s, seg, &target);
        terms.retain(|t| {
            !names.iter().any(|n| is_byline(&t.term, n))
                && reads_as_formulation(s, seg, &t.term, &s.hits(&t.term, false, period))
        });
        drop_dominated(&mut terms);
        drop_covered(s, period, &mut terms);
    }
    if opts.limit > 0 {
        terms.truncate(opts.limit);
    }
    stage(Stage::Citing);
    for t in &mut terms {
        t.first = first(s, &t.term, false, &SearchFilter::default());
    }
    Ok(NewTerms {
        texts,
        chars,
        bytes,
        reference_texts: refs.len(),
        reference_chars,
        terms,
    })
}

/// The persons among the speakers of `texts`, by jieba's name tags: a term
/// that holds one (习近平, 中央军委主席习近平, 江泽民同志) is a name or a
/// byline, not a formulation, however often a period prints it. Organs that
/// speak (国务院) are not names.
fn speakers(s: &Searcher, seg: &Segmenter, texts: &HashSet<i64>) -> Vec<String> {
    let mut names: Vec<String> = texts
        .iter()
        .filter_map(|h| s.meta(*h))
        .filter_map(|m| m.speaker.as_deref())
        .flat_map(|sp| sp.split(['、', '，', ',', ' ', '　', ';', '；']))
        .filter(|n| (2..=4).contains(&n.chars().count()))
        .map(str::to_string)
        .collect::<HashSet<_>>()
        .into_iter()
        .filter(|n| matches!(seg.tags(n).as_slice(), [(_, t)] if t.starts_with("nr")))
        .collect();
    names.sort();
    names
}

/// Whether `term` is the name `name` alone or as printed in a byline or a
/// salutation: after a title of office (中央军委主席习近平) or before a form
/// of address (江泽民同志). A formulation named after a person (邓小平理论)
/// is none of these.
fn is_byline(term: &str, name: &str) -> bool {
    term == name
        || term
            .strip_suffix(name)
            .is_some_and(|head| OFFICES.iter().any(|o| head.ends_with(o)))
        || term
            .strip_prefix(name)
            .is_some_and(|tail| ADDRESS_LAST.contains(&tail))
}

/// What `newterms` is doing (for a progress display).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Sorting,
    Walking,
    Scoring,
    Citing,
}

impl Stage {
    pub fn describe(self) -> &'static str {
        match self {
            Stage::Reading => "读取文本 reading the texts",
            Stage::Sorting => "排序 sorting n-grams",
            Stage::Walking => "统计 counting n-grams",
            Stage::Scoring => "评分 scoring candidates",
            Stage::Citing => "首见 finding first appearances",
        }
    }
}

/// Why `newterms` could not run.
#[derive(Debug, thiserror::Error)]
pub enum NewTermsError {
    #[error(transparent)]
    Library(#[from] LibraryError),
    #[error(
        "考察期文本过大 the period holds {0} characters; newterms handles up to 4 billion: choose a shorter period"
    )]
    TooLarge(usize),
}

/// Function characters that never begin a formulation (的…, 和…).
const NOT_FIRST: &str = "的了着过和与及等是也都之于而并或但吗呢吧啊";
/// Function characters that never end one (…的, …和).
const NOT_LAST: &str = "的了着过和与及等是在对把被将并而也都之于为或从向让由但吗呢吧啊";

/// The separator id: paragraph and text ends, and every non-Han character.
const BREAK: u16 = 0;

/// Texts as character ids.
struct Encoded {
    /// Starts with `BREAK`, texts separated by `BREAK`, padded at the end.
    seq: Vec<u16>,
    /// Id → character (id 0 is `BREAK`).
    alphabet: Vec<char>,
    /// Offset in `seq` of each text.
    starts: Vec<u32>,
}

impl Encoded {
    fn text(&self, ids: &[u16]) -> String {
        ids.iter().map(|&id| self.alphabet[id as usize]).collect()
    }
}

/// Builds `Encoded` one text at a time.
struct Encoder {
    bmp: Vec<u16>,
    astral: HashMap<char, u16>,
    enc: Encoded,
    /// Characters and UTF-8 bytes pushed.
    chars: usize,
    bytes: usize,
}

impl Encoder {
    /// `capacity`: the characters to come (the sequence is never reallocated then).
    fn new(capacity: usize, texts: usize) -> Encoder {
        let mut seq = Vec::with_capacity(capacity + texts + MAX_LEN + 3);
        seq.push(BREAK);
        Encoder {
            bmp: vec![0u16; 0x10000],
            astral: HashMap::new(),
            enc: Encoded {
                seq,
                alphabet: vec!['\0'],
                starts: Vec::with_capacity(texts),
            },
            chars: 0,
            bytes: 0,
        }
    }

    fn push(&mut self, t: &str) {
        let e = &mut self.enc;
        e.starts.push(e.seq.len() as u32);
        self.bytes += t.len();
        for c in t.chars() {
            self.chars += 1;
            if !is_han(c) {
                e.seq.push(BREAK);
                continue;
            }
            let slot = match self.bmp.get_mut(c as usize) {
                Some(s) => s,
                None => self.astral.entry(c).or_insert(0),
            };
            // Ids run out only past 65,535 distinct Han characters (more than
            // all Chinese text in use has); later ones would act as breaks.
            if *slot == 0 && e.alphabet.len() <= u16::MAX as usize {
                *slot = e.alphabet.len() as u16;
                e.alphabet.push(c);
            }
            e.seq.push(*slot);
        }
        e.seq.push(BREAK);
    }

    /// The encoding, padded so every position can look `MAX_LEN + 1` ahead.
    fn finish(mut self) -> Encoded {
        self.enc.seq.extend(std::iter::repeat_n(BREAK, MAX_LEN + 2));
        self.enc
    }
}

/// Han positions of `seq` sorted by their next `depth` ids (ties in any order).
fn sort_positions(seq: &[u16], alphabet: usize, depth: usize) -> Vec<u32> {
    let mut count = vec![0usize; alphabet + 1];
    for &c in seq {
        count[c as usize + 1] += 1;
    }
    count[1] = 0; // BREAK positions are not suffixes
    for i in 1..count.len() {
        count[i] += count[i - 1];
    }
    let total = count[alphabet];
    let mut next = count.clone();
    let mut sa = vec![0u32; total];
    for (p, &c) in seq.iter().enumerate() {
        if c != BREAK {
            sa[next[c as usize]] = p as u32;
            next[c as usize] += 1;
        }
    }
    // Split into per-character buckets and sort them on all cores, largest first.
    let mut buckets: Vec<&mut [u32]> = Vec::new();
    let mut rest: &mut [u32] = &mut sa;
    for c in 1..alphabet {
        let (b, r) = rest.split_at_mut(count[c + 1] - count[c]);
        if b.len() > 1 {
            buckets.push(b);
        }
        rest = r;
    }
    buckets.sort_by_key(|b| std::cmp::Reverse(b.len()));
    let queue = Mutex::new(buckets.into_iter());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|sc| {
        for _ in 0..threads {
            sc.spawn(|| {
                let mut keyed: Vec<(u64, u32)> = Vec::new();
                // The guard is dropped inside `map`: no lock is held while working.
                while let Some(b) = queue.lock().map(|mut q| q.next()).ok().flatten() {
                    sort_bucket(seq, b, depth, &mut keyed);
                }
            });
        }
    });
    sa
}

/// Sort one first-character bucket: by the packed ids 1–4, then (for equal
/// keys) by ids 5..depth.
fn sort_bucket(seq: &[u16], b: &mut [u32], depth: usize, keyed: &mut Vec<(u64, u32)>) {
    keyed.clear();
    keyed.extend(b.iter().map(|&p| {
        let p = p as usize;
        let k = seq[p + 1..p + 5]
            .iter()
            .fold(0u64, |k, &c| (k << 16) | c as u64);
        (k, p as u32)
    }));
    keyed.sort_unstable();
    for (slot, (_, p)) in b.iter_mut().zip(keyed.iter()) {
        *slot = *p;
    }
    let mut i = 0;
    while i < keyed.len() {
        let mut j = i + 1;
        while j < keyed.len() && keyed[j].0 == keyed[i].0 {
            j += 1;
        }
        if j - i > 1 && depth > 5 {
            b[i..j].sort_unstable_by(|&x, &y| {
                let (x, y) = (x as usize, y as usize);
                seq[x + 5..x + depth].cmp(&seq[y + 5..y + depth])
            });
        }
        i = j;
    }
}

/// A repeated n-gram found by the walk: its range of the sorted positions.
/// (Its right entropy is computed again for the few that survive scoring,
/// which keeps the many groups at 12 bytes.)
struct Group {
    start: u32,
    end: u32,
    len: u32,
}

/// Every n-gram of `min_len..=max_len` ids occurring at least `min_freq`
/// times whose right branching entropy reaches `min_entropy`.
fn walk(seq: &[u16], sa: &[u32], opts: &NewTermsOptions) -> Vec<Group> {
    let deepest = opts.max_len + 1; // children of the longest n-grams
    let run = |p: usize| {
        seq[p..p + deepest]
            .iter()
            .take_while(|&&c| c != BREAK)
            .count()
    };
    // Open groups by depth: start and Σ c·ln c over their closed children.
    let mut open: Vec<(usize, f64)> = vec![(0, 0.0); deepest + 1];
    let mut depth_open = 0;
    let mut out = Vec::new();
    let mut close = |d: usize, end: usize, open: &mut Vec<(usize, f64)>| {
        let (start, acc) = open[d];
        let n = end - start;
        let nf = n as f64;
        if d > 1 {
            open[d - 1].1 += nf * nf.ln();
        }
        if (opts.min_len..=opts.max_len).contains(&d) && n >= opts.min_freq {
            // Neighbours that are breaks count as distinct: a term at the end
            // of a clause is free on that side.
            let h = (nf.ln() - acc / nf) / std::f64::consts::LN_2;
            if h >= opts.min_entropy {
                out.push(Group {
                    start: start as u32,
                    end: end as u32,
                    len: d as u32,
                });
            }
        }
    };
    let mut prev: usize = 0;
    for (i, &p) in sa.iter().enumerate() {
        let p = p as usize;
        let h = run(p);
        let l = if i == 0 {
            0
        } else {
            seq[prev..prev + h.min(depth_open)]
                .iter()
                .zip(&seq[p..p + h])
                .take_while(|(a, b)| a == b)
                .count()
        };
        for d in (l + 1..=depth_open).rev() {
            close(d, i, &mut open);
        }
        for slot in open.iter_mut().take(h + 1).skip(l + 1) {
            *slot = (i, 0.0);
        }
        depth_open = h;
        prev = p;
    }
    for d in (1..=depth_open).rev() {
        close(d, sa.len(), &mut open);
    }
    out
}

/// Positions of `sa` whose ids start with `pat`.
fn count(seq: &[u16], sa: &[u32], pat: &[u16]) -> usize {
    let at = |p: u32| &seq[p as usize..p as usize + pat.len()];
    let lo = sa.partition_point(|&p| at(p) < pat);
    let hi = lo + sa[lo..].partition_point(|&p| at(p) == pat);
    hi - lo
}

/// Shannon entropy (bits) of `items`, each `BREAK` counted as distinct.
fn entropy(items: &mut [u16]) -> f64 {
    items.sort_unstable();
    let n = items.len() as f64;
    let mut acc = 0.0;
    let mut i = 0;
    while i < items.len() {
        let mut j = i + 1;
        while j < items.len() && items[j] == items[i] && items[i] != BREAK {
            j += 1;
        }
        let c = (j - i) as f64;
        acc += c * c.ln();
        i = j;
    }
    (n.ln() - acc / n) / std::f64::consts::LN_2
}

/// New terms of `texts` (`chars` characters) against a reference of
/// `reference_chars` characters whose counts `reference` gives; best first.
/// `first` is left empty.
pub fn discover(
    texts: &[&str],
    opts: &NewTermsOptions,
    chars: usize,
    reference_chars: usize,
    reference: impl Fn(&str) -> usize + Sync,
) -> Vec<NewTerm> {
    let mut enc = Encoder::new(texts.iter().map(|t| t.len()).sum(), texts.len());
    for t in texts {
        enc.push(t);
    }
    discover_encoded(
        enc.finish(),
        opts,
        chars,
        reference_chars,
        reference,
        &|_| {},
    )
}

fn discover_encoded(
    enc: Encoded,
    opts: &NewTermsOptions,
    chars: usize,
    reference_chars: usize,
    reference: impl Fn(&str) -> usize + Sync,
    stage: &dyn Fn(Stage),
) -> Vec<NewTerm> {
    let max_len = opts.max_len.clamp(1, MAX_LEN);
    let opts = &NewTermsOptions {
        max_len,
        min_len: opts.min_len.clamp(2, max_len.max(2)),
        min_freq: opts.min_freq.max(2),
        ..opts.clone()
    };
    let depth = MAX_LEN + 1;
    let seq = &enc.seq;
    stage(Stage::Sorting);
    let sa = sort_positions(seq, enc.alphabet.len(), depth);
    let han = sa.len() as f64;
    stage(Stage::Walking);
    let groups = walk(seq, &sa, opts);
    stage(Stage::Scoring);
    let (c, d) = (chars.max(1) as f64, reference_chars as f64);
    // Score the candidates on all cores, in chunks; strings are only made
    // for the terms reported. A term that only ever occurs inside a longer
    // one has a constant neighbour (entropy 0), so with `min_entropy` > 0
    // none survives and each thread need only keep its best `limit`.
    let bounded = opts.limit > 0 && opts.min_entropy > 0.0;
    let ids = |f: &Scored| {
        let g = &groups[f.group as usize];
        let p = sa[g.start as usize] as usize;
        &seq[p..p + g.len as usize]
    };
    // Best first; ties in id order, so the output never depends on threads.
    let rank = |a: &Scored, b: &Scored| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(Ordering::Equal)
            .then_with(|| ids(a).cmp(ids(b)))
    };
    let chunk = AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|sc| {
        for _ in 0..threads {
            sc.spawn(|| {
                let mut side = Vec::new();
                let mut text_ids = Vec::new();
                let mut mine: Vec<Scored> = Vec::new();
                loop {
                    let from = chunk.fetch_add(1024, AtomicOrdering::Relaxed);
                    if from >= groups.len() {
                        break;
                    }
                    for (gi, g) in groups.iter().enumerate().skip(from).take(1024) {
                        let members = &sa[g.start as usize..g.end as usize];
                        let p0 = members[0] as usize;
                        let w = &seq[p0..p0 + g.len as usize];
                        let (head, tail) = (
                            enc.alphabet[w[0] as usize],
                            enc.alphabet[w[w.len() - 1] as usize],
                        );
                        if NOT_FIRST.contains(head) || NOT_LAST.contains(tail) {
                            continue;
                        }
                        side.clear();
                        side.extend(members.iter().map(|&p| seq[p as usize - 1]));
                        let left_entropy = entropy(&mut side);
                        if left_entropy < opts.min_entropy {
                            continue;
                        }
                        let n = members.len() as f64;
                        let pmi = (1..w.len())
                            .map(|k| {
                                let a = count(seq, &sa, &w[..k]) as f64;
                                let b = count(seq, &sa, &w[k..]) as f64;
                                (n * han / (a * b)).log2()
                            })
                            .fold(f64::INFINITY, f64::min);
                        if pmi < opts.min_pmi {
                            continue;
                        }
                        text_ids.clear();
                        text_ids.extend(
                            members
                                .iter()
                                .map(|&p| enc.starts.partition_point(|&s| s <= p)),
                        );
                        text_ids.sort_unstable();
                        text_ids.dedup();
                        if text_ids.len() < opts.min_texts {
                            continue;
                        }
                        let r = if d > 0.0 { reference(&enc.text(w)) } else { 0 };
                        let ref_rate = (r as f64 + 0.5) / d;
                        if d > 0.0 && n / c < opts.min_ratio * ref_rate {
                            continue;
                        }
                        let score = if d > 0.0 {
                            log_likelihood(n, r as f64, c, d)
                        } else {
                            n
                        };
                        side.clear();
                        side.extend(members.iter().map(|&p| seq[p as usize + w.len()]));
                        mine.push(Scored {
                            group: gi as u32,
                            texts: text_ids.len() as u32,
                            reference: r,
                            pmi,
                            left_entropy,
                            right_entropy: entropy(&mut side),
                            score,
                        });
                        // Keep only the best `limit` when nothing can be dropped later.
                        if bounded && mine.len() >= 2 * opts.limit.max(512) {
                            mine.select_nth_unstable_by(opts.limit - 1, rank);
                            mine.truncate(opts.limit);
                        }
                    }
                }
                found
                    .lock()
                    .expect("no panics while held")
                    .append(&mut mine);
            });
        }
    });
    let mut found = found.into_inner().expect("threads joined");
    let occurrences = |f: &Scored| {
        let g = &groups[f.group as usize];
        (g.end - g.start) as usize
    };
    found.sort_by(rank);
    let mut terms: Vec<NewTerm> = found
        .iter()
        .map(|f| {
            let a = occurrences(f) as f64;
            NewTerm {
                term: enc.text(ids(f)),
                occurrences: occurrences(f),
                texts: f.texts as usize,
                reference: f.reference,
                per_10k: a * 10_000.0 / c,
                reference_per_10k: if d > 0.0 {
                    f.reference as f64 * 10_000.0 / d
                } else {
                    0.0
                },
                pmi: f.pmi,
                left_entropy: f.left_entropy,
                right_entropy: f.right_entropy,
                score: f.score,
                first: None,
            }
        })
        .collect();
    // Possible only with `min_entropy` 0 (see above).
    crate::drop_nested(&mut terms, |t| (t.term.as_str(), t.occurrences));
    if opts.limit > 0 {
        terms.truncate(opts.limit);
    }
    terms
}

/// A candidate that passed every test.
struct Scored {
    group: u32,
    texts: u32,
    reference: usize,
    pmi: f64,
    left_entropy: f64,
    right_entropy: f64,
    score: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(t: &str, occurrences: usize) -> NewTerm {
        NewTerm {
            term: t.to_string(),
            occurrences,
            texts: 1,
            reference: 0,
            per_10k: 0.0,
            reference_per_10k: 0.0,
            pmi: 0.0,
            left_entropy: 0.0,
            right_entropy: 0.0,
            score: 0.0,
            first: None,
        }
    }

    /// A term used mostly inside one longer candidate goes, unless the longer
    /// one only puts a policy verb before it; a term used mostly on its own stays.
    #[test]
    fn general_words_names_and_bare_predicates_are_no_formulations() {
        let seg = Segmenter::default();
        // Common entries of jieba's dictionary are general vocabulary …
        assert!(is_general_word(&seg, "品牌"));
        assert!(is_general_word(&seg, "平台"));
        // … coinages and the dictionary's late, rare policy entries are not,
        // nor are longer words, nor user-dictionary words.
        assert!(!is_general_word(&seg, "抗疫"));
        assert!(!is_general_word(&seg, "十四五"));
        assert!(!is_general_word(&seg, "城镇化"));
        let user = Segmenter::new(&["品牌".to_string()]);
        assert!(!is_general_word(&user, "品牌"));
        assert!(is_name(&seg, "世界卫生组织"));
        assert!(!is_name(&seg, "邓小平理论"));
        assert!(!is_name(&seg, "依法治国"));
        assert!(is_bare_verb_phrase(&seg, "稳步扩大"));
        assert!(is_bare_verb_phrase(&seg, "更好统筹"));
        assert!(is_bare_verb_phrase(&seg, "深入实施"));
        assert!(is_bare_verb_phrase(&seg, "统筹推进"));
        assert!(!is_bare_verb_phrase(&seg, "减税降费"));
        assert!(!is_bare_verb_phrase(&seg, "又好又快发展"));
        assert!(!is_bare_verb_phrase(&seg, "更好统筹发展和安全"));
        assert!(!is_bare_verb_phrase(&seg, "稳增长"));
        assert!(!is_bare_verb_phrase(&seg, "复工复产"));
    }

    #[test]
    fn a_name_in_a_byline_is_no_formulation_but_a_theory_named_after_it_is() {
        assert!(is_byline("习近平", "习近平"));
        assert!(is_byline("中央军委主席习近平", "习近平"));
        assert!(is_byline("江泽民同志", "江泽民"));
        assert!(!is_byline("邓小平理论", "邓小平"));
        assert!(!is_byline("习近平新时代中国特色社会主义思想", "习近平"));
    }

    #[test]
    fn dominated_terms_go_unless_a_verb_extends_them() {
        let mut terms = vec![
            term("甲乙", 10),
            term("丙甲乙", 7),
            term("丁戊", 10),
            term("发展丁戊", 9),
            term("己庚", 10),
            term("己庚辛", 6),
        ];
        drop_dominated(&mut terms);
        let left: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(left, ["丙甲乙", "丁戊", "发展丁戊", "己庚", "己庚辛"]);
    }

    /// Every n-gram count the walk reports equals a plain scan.
    #[test]
    fn walk_counts_equal_a_scan() {
        let texts = [
            "发展新质生产力是推动高质量发展的内在要求。新质生产力，创新起主导作用。",
            "加快发展新质生产力，扎实推进高质量发展；因地制宜发展新质生产力！",
            "新质生产力已经在实践中形成，需要从理论上总结。",
        ];
        let opts = NewTermsOptions {
            min_freq: 2,
            min_entropy: 0.0,
            ..Default::default()
        };
        let mut enc = Encoder::new(0, 0);
        for t in texts {
            enc.push(t);
        }
        let enc = enc.finish();
        let sa = sort_positions(&enc.seq, enc.alphabet.len(), MAX_LEN + 1);
        let groups = walk(&enc.seq, &sa, &opts);
        let mut seen = HashSet::new();
        for g in &groups {
            let p = sa[g.start as usize] as usize;
            let ids = &enc.seq[p..p + g.len as usize];
            let term = enc.text(ids);
            let scan: usize = texts.iter().map(|t| crate::occurrences(t, &term)).sum();
            assert_eq!((g.end - g.start) as usize, scan, "{term}");
            assert_eq!(count(&enc.seq, &sa, ids), scan, "{term}");
            seen.insert(term);
        }
        assert!(seen.contains("新质生产力"));
        assert!(seen.contains("高质量发展"));
        // 新质生产力 is followed by 是, 已 and three times by a break (all
        // distinct): log2(5) bits on the right; 新质生产 always by 力: 0 bits.
        let strict = NewTermsOptions {
            min_entropy: 2.3,
            ..opts
        };
        let kept: HashSet<String> = walk(&enc.seq, &sa, &strict)
            .iter()
            .map(|g| {
                let p = sa[g.start as usize] as usize;
                enc.text(&enc.seq[p..p + g.len as usize])
            })
            .collect();
        assert!(kept.contains("新质生产力") && !kept.contains("新质生产"));
        let stricter = NewTermsOptions {
            min_entropy: 2.33,
            ..strict
        };
        assert!(!walk(&enc.seq, &sa, &stricter).iter().any(|g| {
            let p = sa[g.start as usize] as usize;
            enc.text(&enc.seq[p..p + g.len as usize]) == "新质生产力"
        }));
    }

    #[test]
    fn discovers_a_repeated_formulation_absent_from_the_reference() {
        let texts = [
            "要因地制宜发展新质生产力。新质生产力是创新起主导作用的先进生产力质态。",
            "加快形成新质生产力，培育新质生产力，以新质生产力推动发展。",
            "我们讨论了新质生产力的内涵：新质生产力由技术革命性突破催生。",
        ];
        let chars = texts.iter().map(|t| t.chars().count()).sum();
        let opts = NewTermsOptions {
            min_freq: 3,
            min_pmi: 1.0,
            min_entropy: 1.0,
            ..Default::default()
        };
        let found = discover(&texts, &opts, chars, 100_000, |t| {
            usize::from(t == "生产力") * 50
        });
        assert_eq!(found[0].term, "新质生产力", "{found:?}");
        assert_eq!(found[0].occurrences, 7);
        assert_eq!(found[0].texts, 3);
        assert!(found.iter().all(|t| t.term != "新质生产"), "{found:?}");
    }
}
