//! The main annual targets (主要预期目标) of government work reports, as a
//! year × indicator table.
//!
//! Key decision: targets are read only from the passage that states them
//! (from 主要预期目标 to the end of its paragraph), plus the planned deficit
//! ratio (赤字率拟按…), so last year's outcomes quoted elsewhere in the
//! report (国内生产总值增长5.2%) are never taken for targets.

use regex::Regex;
use std::sync::LazyLock;

/// One target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub indicator: &'static str,
    /// As printed, full-width digits and ％ made ASCII: `5%左右`, `1200万人以上`.
    pub value: String,
    /// The clause that states it.
    pub sentence: String,
}

const PCT: &str = r"[0-9.]+%(?:\s*[-－—~～至]\s*[0-9.]+%)?(?:左右|以内|以上)?";

static RULES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    let r = |name, pat: String| (name, Regex::new(&pat).expect("valid pattern"));
    vec![
        r("gdp_growth", format!(r"(?:国内生产总值(?:预期)?增长|经济增长速度)\s*(?:为|达到)?\s*({PCT})")),
        r("cpi", format!(r"居民消费价格(?:总水平)?(?:涨幅|上涨|涨幅控制在|上涨幅度)\s*(?:控制在)?\s*({PCT})")),
        r("unemployment_surveyed", format!(r"城镇调查失业率(?:全年)?(?:控制在)?\s*({PCT})")),
        r("unemployment_registered", format!(r"城镇登记失业率(?:全年)?(?:控制在)?\s*({PCT})")),
        r("new_urban_jobs", r"城镇新增就业(?:人数)?\s*([0-9.]+\s*万人?(?:以上|左右)?)".to_string()),
        r("grain_output", r"粮食(?:总)?产量(?:保持在|稳定在|达到)?\s*([0-9.]+\s*(?:万亿|亿|万)?(?:斤|吨|公斤)(?:以上|左右)?)".to_string()),
        r("energy_intensity", format!(r"(?:单位国内生产总值能耗|能耗强度|单位GDP能耗)(?:降低|下降)\s*({PCT})")),
    ]
});
static DEFICIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"赤字率(?:拟按|拟安排为|拟定为|预计为|安排为)\s*({PCT})"
    ))
    .expect("valid pattern")
});
static PASSAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:主要预期目标|预期目标|主要目标)(?:是|为)?[:：]").expect("valid pattern")
});

fn ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '％' => '%',
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn clause(text: &str, at: usize) -> String {
    let ends = ['；', '。', ';'];
    let start = text[..at]
        .rfind(['；', '。', ';', '：', ':', '\u{1}'])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    let end = text[at..].find(ends).map_or(text.len(), |i| at + i);
    text[start..end]
        .trim_start_matches(['：', ':'])
        .trim()
        .to_string()
}

/// Targets stated in a report body (paragraphs joined by `\n`).
pub fn targets(body: &str) -> Vec<Target> {
    let text = ascii(&body.replace('\n', "\u{1}"));
    let mut out: Vec<Target> = Vec::new();
    if let Some(m) = PASSAGE.find(&text) {
        // The passage runs to the end of its paragraph; when the targets are
        // set as the next paragraph (目标是：¶ 国内生产总值…), to the end of that one.
        let para_end = |from: usize| text[from..].find('\u{1}').map_or(text.len(), |i| from + i);
        let mut end = para_end(m.end());
        if end - m.end() < 12 && end < text.len() {
            end = para_end(end + 1);
        }
        let passage = &text[m.start()..end];
        for (name, re) in RULES.iter() {
            if let Some(c) = re.captures(passage) {
                let g = c.get(1).expect("group");
                out.push(Target {
                    indicator: name,
                    value: g.as_str().to_string(),
                    sentence: clause(passage, g.start()),
                });
            }
        }
    }
    if let Some(c) = DEFICIT.captures(&text) {
        let g = c.get(1).expect("group");
        let sentence = clause(&text, g.start()).replace('\u{1}', "");
        out.push(Target {
            indicator: "deficit_ratio",
            value: g.as_str().to_string(),
            sentence,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_targets_not_outcomes() {
        let body = "去年国内生产总值增长5.2%，城镇新增就业1244万人。\n今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上，城镇调查失业率5.5%左右；居民消费价格涨幅3%左右；粮食产量1.3万亿斤以上；单位国内生产总值能耗降低2.5%左右。\n赤字率拟按3%安排。";
        let t = targets(body);
        let get = |n: &str| {
            t.iter()
                .find(|x| x.indicator == n)
                .map(|x| x.value.as_str())
        };
        assert_eq!(get("gdp_growth"), Some("5%左右"));
        assert_eq!(get("new_urban_jobs"), Some("1200万人以上"));
        assert_eq!(get("deficit_ratio"), Some("3%"));
        assert_eq!(get("grain_output"), Some("1.3万亿斤以上"));
        assert_eq!(get("energy_intensity"), Some("2.5%左右"));
        assert_eq!(get("unemployment_registered"), None);
        assert_eq!(t[0].sentence, "国内生产总值增长5%左右");
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
        assert_eq!(
            targets("宏观调控的主要目标是：经济增长速度8 ％，商品零售价格涨幅控制在3 ％以内。")[0]
                .value,
            "8%"
        );
    }
}
