//! The annual targets of government work reports (GDP growth, prices,
//! unemployment, new urban jobs, deficit ratio, grain, energy intensity, M2,
//! special bonds), as a year × indicator table.
//!
//! Key decision: a target is read only where the report sets this year's
//! plan, never from last year's outcomes quoted in the review part
//! (国内生产总值增长5.2%). Three places count:
//! 1. the target passage (主要预期目标是：… / 主要目标是：…, to the end of its
//!    paragraph, or of the next when the targets are set as their own
//!    paragraph); everything after its start is the plan part of the report;
//! 2. plan sentences, for reports (mostly before 2005) that state a target
//!    outside such a passage (今年经济增长预期目标为7%左右, 今年计划国内生产总值
//!    增长百分之九, 今年的预期目标是，新增城镇就业900万人): a sentence of the plan
//!    part (or of the whole report when it has no passage) worded as a plan
//!    (计划/预期/目标/力争/争取/拟/要求, or 今年…要);
//! 3. for the fiscal and monetary figures set in the policy paragraphs
//!    (赤字率拟按3%安排, 广义货币M2预期增长13%左右, 拟安排地方政府专项债券3.9万亿元),
//!    any sentence of the plan part.
//!
//! A sentence that looks back (去年/上年/过去/前年 before the indicator, not as
//! 比去年/与去年, with no 今年/拟/预期/计划) is never read. Rules follow the genre of how targets are
//! printed, not single reports: bounds before (不低于, 低于) and after (左右,
//! 以内, 以上) the number, ranges (6%－6.5%, 百分之八至九), and Chinese numerals
//! (百分之八). The value is kept as printed (full-width digits made ASCII);
//! [`Target::min`] and [`Target::max`] give its numeric bounds for sorting
//! and charts.

use regex::Regex;
use std::sync::LazyLock;

/// One target.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub indicator: &'static str,
    /// As printed, full-width digits and ％ made ASCII: `5%左右`, `1200万人以上`,
    /// `百分之八至九`, `不低于900万人`.
    pub value: String,
    /// Lower bound of the value in [`Target::unit`] (none for `3%以内`).
    pub min: Option<f64>,
    /// Upper bound of the value in [`Target::unit`] (none for `1200万人以上`).
    pub max: Option<f64>,
    /// `%`, `万人`, `万亿斤`, `亿公斤`, `万亿元`, `亿元`…
    pub unit: String,
    /// The clause that states it.
    pub sentence: String,
    /// Index of its paragraph in the body.
    pub paragraph: usize,
}

/// Paragraph separator inside the joined text.
const SEP: char = '\u{1}';
/// A paragraph break around a broken-off fragment (the 2 of M¶2¶), which
/// does not end a clause.
const JOIN: char = '\u{2}';
const NUM: &str = r"[0-9]+(?:\.[0-9]+)?";
const CN: &str = "[零〇一二两三四五六七八九十百点]+";

/// A percentage as printed: bound words, ranges, Chinese numerals.
fn pct() -> String {
    format!(
        r"(?:不低于|不超过|不高于|低于|高于)?(?:{NUM}%?[-－—–~～至到]{NUM}%|{NUM}%|百分之{CN}(?:[至到](?:百分之)?{CN})?)(?:左右|以内|以上|以下)?"
    )
}

/// An amount in units (万人, 亿斤, 亿元…).
fn amount(units: &str) -> String {
    format!(r"(?:不低于|不少于|不超过)?{NUM}(?:万亿|亿|万)?(?:{units})(?:以上|左右|以内)?")
}

/// Indicators set in the target passage (or, in older reports, a plan sentence).
static PLAN_RULES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    let p = pct();
    vec![
        rule(
            "gdp_growth",
            format!(
                r"(?:国内生产总值|国民生产总值|经济增长速度|经济增长|经济增速)(?:的)?(?:宏观调控目标|调控目标|预期目标|增长目标|预期|计划|目标)?(?:增长)?(?:预期)?(?:目标)?[，,]?(?:拟定为|定为|定在|设定为|为|是|达到|增长)?({p})"
            ),
        ),
        rule(
            "cpi",
            format!(r"居民消费价格(?:总水平)?(?:涨幅|上涨幅度|上涨)(?:控制在|在|为)?({p})"),
        ),
        rule(
            "retail_prices",
            format!(
                r"(?:(?:商品)?零售(?:物价|价格)(?:总水平)?(?:上涨幅度|涨幅|上涨)(?:控制在|在|为)?|物价(?:总水平)?上涨幅度[^。；]{{0,16}}?控制在)({p})"
            ),
        ),
        rule(
            "unemployment_surveyed",
            format!(r"城镇调查失业率(?:全年)?(?:控制在|为)?({p})"),
        ),
        rule(
            "unemployment_registered",
            format!(r"城镇登记失业率(?:全年)?(?:控制在|为)?({p})"),
        ),
        rule(
            "new_urban_jobs",
            format!(
                r"(?:城镇新增就业|新增城镇就业)(?:人数)?(?:为|达到)?({})",
                amount("人")
            ),
        ),
        rule(
            "grain_output",
            format!(
                r"粮食(?:总)?产量(?:要)?(?:保持在|稳定在|达到|为)?({})",
                amount("斤|吨|公斤")
            ),
        ),
        rule(
            "energy_intensity",
            format!(r"(?:单位国内生产总值能耗|能耗强度|单位GDP能耗)(?:降低|下降)({p})"),
        ),
    ]
});

/// Fiscal and monetary figures set in the policy paragraphs of the plan part.
static POLICY_RULES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    let p = pct();
    vec![
        rule(
            "deficit_ratio",
            format!(
                r"(?:赤字率(?:拟按|拟安排为|拟定为|预计为|安排为|提高到|下降到|降低到|降到|稳定在|保持在|在|为|从[^，。；]{{0,12}}?(?:提高|下降|降低|调整)到)|财政赤字[^，。；]{{0,16}}，?占国内生产总值(?:的)?比重(?:在|为))({p})"
            ),
        ),
        rule(
            "m2_growth",
            format!(r"广义货币[^，。；]{{0,20}}?增长(?:目标)?(?:均)?(?:拟定为|定为|为)?({p})"),
        ),
        rule(
            "special_bonds",
            format!(r"(?:安排|发行)地方(?:政府)?专项债券({NUM}(?:万亿|亿)元(?:左右|以上)?)"),
        ),
    ]
});

fn rule(name: &'static str, pat: String) -> (&'static str, Regex) {
    (name, Regex::new(&pat).expect("valid pattern"))
}

static FRAGMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("\u{1}([A-Za-z0-9]{1,2})\u{1}").expect("valid pattern"));
static PASSAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:主要预期目标|预期目标|主要目标)(?:是|为)?[:：]").expect("valid pattern")
});
static PLAN_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"计划|预期|目标|力争|争取|拟|要求|控制在|今年[^。；]*要").expect("valid pattern")
});
/// A look back at last year; 比/与/较/同去年 only compares with it.
static BACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^比与较同])(?:去年|上年|过去|前年)").expect("valid pattern")
});
/// A plan sentence about another year or a period (年均, “十五”期间, 1997年).
static OTHER_YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"年均|平均每年|期间|[0-9]{4}年|[一二三四五六七八九十]五”").expect("valid pattern")
});
static FORWARD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"今年|拟|预期|计划").expect("valid pattern"));

fn ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '％' => '%',
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && *c != '\u{200b}')
        .collect()
}

/// Byte range of the sentence (to 。；) around `at`.
fn sentence_at(text: &str, at: usize) -> (usize, usize) {
    let start = text[..at].rfind(['。', '；', ';']).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[at..]
        .find(['。', '；', ';'])
        .map_or(text.len(), |i| at + i);
    (start, end)
}

/// The clause that states a value at `at` (to 。；, after any ：).
fn clause(text: &str, at: usize) -> String {
    let ends = ['；', '。', ';'];
    let start = text[..at]
        .rfind(['；', '。', ';', '：', ':', SEP])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let end = text[at..].find(ends).map_or(text.len(), |i| at + i);
    text[start..end]
        .trim_start_matches(['：', ':'])
        .replace([SEP, JOIN], "")
        .trim()
        .to_string()
}

/// Does the sentence around a match at `at` look back at last year?
fn looks_back(text: &str, at: usize) -> bool {
    let (s, e) = sentence_at(text, at);
    BACK.is_match(&text[s..at]) && !FORWARD.is_match(&text[s..e])
}

/// The value of a Chinese numeral (八, 十五, 二十一点七).
fn cn_number(s: &str) -> Option<f64> {
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|i| (i / 3) as f64);
    let (int, frac) = s.split_once('点').unwrap_or((s, ""));
    let mut total = 0.0;
    let mut cur = 0.0;
    for c in int.chars() {
        match c {
            '〇' => cur = 0.0,
            '两' => cur = 2.0,
            '十' | '百' => {
                let unit = if c == '十' { 10.0 } else { 100.0 };
                total += if cur == 0.0 { 1.0 } else { cur } * unit;
                cur = 0.0;
            }
            _ => cur = digit(c)?,
        }
    }
    total += cur;
    let mut scale = 0.1;
    for c in frac.chars() {
        total += if c == '〇' { 0.0 } else { digit(c)? } * scale;
        scale /= 10.0;
    }
    Some(total)
}

static NUMBERS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"({NUM})|百分之({CN})|({CN})")).expect("valid pattern"));
static UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:万亿|亿|万)?(?:人|斤|吨|公斤|元)").expect("valid pattern"));

/// Numeric bounds and unit of a printed value.
fn bounds(value: &str) -> (Option<f64>, Option<f64>, String) {
    let nums: Vec<f64> = NUMBERS
        .captures_iter(value)
        .filter_map(|c| match (c.get(1), c.get(2).or(c.get(3))) {
            (Some(n), _) => n.as_str().parse().ok(),
            (None, Some(cn)) => cn_number(cn.as_str()),
            _ => None,
        })
        .collect();
    let unit = if value.contains('%') || value.contains("百分之") {
        "%".to_string()
    } else {
        UNIT.find(value)
            .map_or(String::new(), |m| m.as_str().to_string())
    };
    // 不低于 is a lower bound though it holds 低于, 不高于 an upper one.
    let has = |w: &str, not: &str| value.contains(w) && !value.contains(not);
    let upper = ["以内", "以下", "不超过", "不高于"]
        .iter()
        .any(|w| value.contains(w))
        || has("低于", "不低于");
    let lower = ["以上", "不低于", "不少于"]
        .iter()
        .any(|w| value.contains(w))
        || has("高于", "不高于");
    let (min, max) = match nums.as_slice() {
        [a, b, ..] => (Some(*a), Some(*b)),
        [a] if upper => (None, Some(*a)),
        [a] if lower => (Some(*a), None),
        [a] => (Some(*a), Some(*a)),
        [] => (None, None),
    };
    (min, max, unit)
}

fn target(indicator: &'static str, text: &str, (at, value): (usize, &str)) -> Target {
    let (min, max, unit) = bounds(value);
    Target {
        indicator,
        value: value.to_string(),
        min,
        max,
        unit,
        sentence: clause(text, at),
        paragraph: text[..at].matches([SEP, JOIN]).count(),
    }
}

/// The first value `re` reads in `text[from..to]` from a sentence that does
/// not look back (and, with `plan_words`, is worded as a plan): its absolute
/// offset and text.
fn first_forward<'t>(
    re: &Regex,
    text: &'t str,
    (from, to): (usize, usize),
    plan_words: bool,
) -> Option<(usize, &'t str)> {
    let part = &text[from..to];
    re.captures_iter(part).find_map(|c| {
        let (m, g) = (c.get(0)?, c.get(1)?);
        let at = from + m.start();
        let (s, e) = sentence_at(text, at);
        let ok = !looks_back(text, at)
            && (!plan_words
                || (PLAN_WORDS.is_match(&text[s..e]) && !OTHER_YEARS.is_match(&text[s..at])));
        ok.then(|| (from + g.start(), &part[g.start()..g.end()]))
    })
}

/// Targets stated in a report body (paragraphs joined by `\n`).
pub fn targets(body: &str) -> Vec<Target> {
    let text = ascii(&body.replace('\n', &SEP.to_string()));
    let text = FRAGMENT.replace_all(&text, "\u{2}$1\u{2}").into_owned();
    // The passage runs to the end of its paragraph; when the targets are set
    // as the next paragraph (目标是：¶ 国内生产总值…), to the end of that one. A
    // 主要目标是： that sets no indicator (of a reform, say) is no passage.
    let para_end = |from: usize| text[from..].find(SEP).map_or(text.len(), |i| from + i);
    let passage = PASSAGE
        .find_iter(&text)
        .filter(|m| !looks_back(&text, m.start()))
        .map(|m| {
            let mut end = para_end(m.end());
            if end - m.end() < 12 && end < text.len() {
                end = para_end(end + SEP.len_utf8());
            }
            (m.start(), end)
        })
        .find(|(s, e)| PLAN_RULES.iter().any(|(_, re)| re.is_match(&text[*s..*e])));
    let plan_start = passage.map_or(0, |(s, _)| s);
    let mut out = Vec::new();
    for (name, re) in PLAN_RULES.iter() {
        let found = passage
            .and_then(|range| first_forward(re, &text, range, false))
            .or_else(|| first_forward(re, &text, (plan_start, text.len()), true));
        if let Some(g) = found {
            out.push(target(name, &text, g));
        }
    }
    for (name, re) in POLICY_RULES.iter() {
        if let Some(g) = first_forward(re, &text, (plan_start, text.len()), passage.is_none()) {
            out.push(target(name, &text, g));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(t: &'a [Target], n: &str) -> Option<&'a str> {
        t.iter()
            .find(|x| x.indicator == n)
            .map(|x| x.value.as_str())
    }

    #[test]
    fn reads_targets_not_outcomes() {
        let body = "去年国内生产总值增长5.2%，城镇新增就业1244万人。\n今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上，城镇调查失业率5.5%左右；居民消费价格涨幅3%左右；粮食产量1.3万亿斤以上；单位国内生产总值能耗降低2.5%左右。\n赤字率拟按3%安排。";
        let t = targets(body);
        assert_eq!(get(&t, "gdp_growth"), Some("5%左右"));
        assert_eq!(get(&t, "new_urban_jobs"), Some("1200万人以上"));
        assert_eq!(get(&t, "deficit_ratio"), Some("3%"));
        assert_eq!(get(&t, "grain_output"), Some("1.3万亿斤以上"));
        assert_eq!(get(&t, "energy_intensity"), Some("2.5%左右"));
        assert_eq!(get(&t, "unemployment_registered"), None);
        assert_eq!(t[0].sentence, "国内生产总值增长5%左右");
        assert_eq!(t[0].paragraph, 1);
        let older = targets(
            "今年经济社会发展的主要预期目标是：　　国内生产总值增长８％左右；城镇登记失业率控制在4.6％以内",
        );
        assert_eq!(older[0].value, "8%左右");
        assert_eq!(older[1].value, "4.6%以内");
        assert_eq!(
            targets("主要预期目标是：国内生产总值增长6%－6.5%；")[0].value,
            "6%－6.5%"
        );
        let split =
            targets("今年的主要预期目标是：\n国内生产总值增长7.5％；城镇新增就业900万人以上");
        assert_eq!(
            (split[0].value.as_str(), split[1].value.as_str()),
            ("7.5%", "900万人以上")
        );
        let t = targets("宏观调控的主要目标是：经济增长速度8 ％，商品零售价格涨幅控制在3 ％以内。");
        assert_eq!(get(&t, "gdp_growth"), Some("8%"));
        assert_eq!(get(&t, "retail_prices"), Some("3%以内"));
    }

    #[test]
    fn plan_sentences_and_printed_forms() {
        let t = targets(
            "去年国民生产总值增长百分之七。\n今年计划国内生产总值增长百分之八至九，零售物价上涨幅度控制在百分之十以内。",
        );
        let gdp = &t[0];
        assert_eq!(
            (gdp.value.as_str(), gdp.min, gdp.max, gdp.unit.as_str()),
            ("百分之八至九", Some(8.0), Some(9.0), "%")
        );
        assert_eq!(get(&t, "retail_prices"), Some("百分之十以内"));
        // Outcomes, even in plan wording, are not targets.
        assert!(targets("去年国内生产总值增长7%，达到了目标。").is_empty());
        let t = targets("主要目标是：城镇新增就业人数不低于900万人，城镇登记失业率低于4.6%。");
        assert_eq!(get(&t, "new_urban_jobs"), Some("不低于900万人"));
        let reg = t.iter().find(|x| x.indicator == "unemployment_registered");
        assert_eq!(reg.map(|r| (r.min, r.max)), Some((None, Some(4.6))));
        let t = targets(
            "主要预期目标是：国内生产总值增长6%以上。\n广义货币M\n2\n预期增长12%左右。拟安排地方政府专项债券3.9万亿元。赤字率从去年的2.1%提高到2.3%。",
        );
        assert_eq!(get(&t, "m2_growth"), Some("12%左右"));
        assert_eq!(get(&t, "special_bonds"), Some("3.9万亿元"));
        assert_eq!(get(&t, "deficit_ratio"), Some("2.3%"));
        assert_eq!(t[0].min, Some(6.0));
        assert_eq!(cn_number("二十一点七"), Some(21.7));
        assert_eq!(cn_number("十五"), Some(15.0));
    }
}
