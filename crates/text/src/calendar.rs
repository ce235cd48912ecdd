//! The years of the two bodies whose meetings Chinese policy texts cite by
//! ordinal: national congresses of the CPC (十九大, 第十九次全国代表大会) and
//! sessions of the National People's Congress (第十四届全国人民代表大会第二次会议).
//!
//! Key decision: a fixed historical table, not a guess from the text. A
//! report "在中国共产党第十次全国代表大会上" is dated 1973 by the congress it
//! was given at, whatever earlier dates it mentions.

use crate::chars::chinese_number;
use regex::Regex;
use std::sync::LazyLock;

/// Year of the n-th national congress of the CPC.
pub fn cpc_congress_year(n: u32) -> Option<i32> {
    const YEARS: [i32; 20] = [
        1921, 1922, 1923, 1925, 1927, 1928, 1945, 1956, 1969, 1973, 1977, 1982, 1987, 1992, 1997,
        2002, 2007, 2012, 2017, 2022,
    ];
    YEARS.get((n as usize).checked_sub(1)?).copied()
}

/// Year of the `session`-th session of the `term`-th NPC.
pub fn npc_session_year(term: u32, session: u32) -> Option<i32> {
    let early: &[i32] = match term {
        1 => &[1954, 1955, 1956, 1957, 1958],
        2 => &[1959, 1960, 1962, 1963],
        3 => &[1964],
        4 => &[1975],
        5 => &[1978, 1979, 1980, 1981, 1982],
        _ => &[],
    };
    if term <= 5 {
        return early.get((session as usize).checked_sub(1)?).copied();
    }
    (1..=5)
        .contains(&session)
        .then(|| 1983 + 5 * (term as i32 - 6) + session as i32 - 1)
}

static CPC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[（(]([一二三四五六七八九十]{1,3})大[)）]|第([一二三四五六七八九十]{1,3})次全国代表大会|([一二三四五六七八九十]{1,3})大(?:报告|政治报告)").unwrap()
});
static NPC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"第([一二三四五六七八九十]{1,3})届全国人民代表大会第([一二三四五六七八九十]{1,2})次会议",
    )
    .unwrap()
});

/// The year of the congress or NPC session that `text` names, if any.
pub fn meeting_year(text: &str) -> Option<i32> {
    if let Some(c) = NPC.captures(text) {
        return npc_session_year(chinese_number(&c[1])?, chinese_number(&c[2])?);
    }
    let c = CPC.captures(text)?;
    let n = c.get(1).or(c.get(2)).or(c.get(3))?.as_str();
    cpc_congress_year(chinese_number(n)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meetings() {
        assert_eq!(meeting_year("北京共产主义组织的报告(一大)"), Some(1921));
        assert_eq!(
            meeting_year("在中国共产党第十次全国代表大会上的报告"),
            Some(1973)
        );
        assert_eq!(
            meeting_year("第十四届全国人民代表大会第三次会议关于政府工作报告的决议"),
            Some(2025)
        );
        assert_eq!(meeting_year("第十届全国人民代表大会第五次会议"), Some(2007));
        assert_eq!(meeting_year("第二届全国人民代表大会第三次会议"), Some(1962));
        assert_eq!(meeting_year("关于政府工作报告"), None);
    }
}
