//! Printed dates in Chinese text: `2024年5月27日`, `2023年2月`, `二〇二三年三月三日`,
//! `2月6日`, ISO `2023-03-03`, each with its position and printed form.
//!
//! Key decision: a date keeps exactly the precision that was printed
//! (`PartialDate` with optional month and day); a missing year is never
//! guessed here. Callers that can prove the year (see `tifa-ingest::meta`)
//! fill it in and keep the printed form alongside.

use regex::Regex;
use std::sync::LazyLock;

/// A date with the precision it was printed with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    /// ISO form `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `None` without a year.
    pub fn iso(&self) -> Option<String> {
        let y = self.year?;
        Some(match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{y:04}-{m:02}"),
            _ => format!("{y:04}"),
        })
    }

    /// Parse an ISO-like string (`2020-05-19`, `2020/5/19`, `2020-05`, `2020`)
    /// or a Chinese date.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        static ISO: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[ T].*)?$").unwrap()
        });
        if let Some(c) = ISO.captures(s) {
            let d = PartialDate {
                year: c[1].parse().ok(),
                month: c.get(2).and_then(|m| m.as_str().parse().ok()),
                day: c.get(3).and_then(|m| m.as_str().parse().ok()),
            };
            return d.valid().then_some(d);
        }
        find_dates(s).into_iter().next().map(|m| m.date)
    }

    fn valid(&self) -> bool {
        self.year.is_none_or(|y| (1000..=2999).contains(&y))
            && self.month.is_none_or(|m| (1..=12).contains(&m))
            && self.day.is_none_or(|d| (1..=31).contains(&d))
            && !(self.day.is_some() && self.month.is_none())
    }
}

/// A date found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMatch {
    pub date: PartialDate,
    /// The text as printed, e.g. `2024年 5月 27日`.
    pub printed: String,
    /// Byte offset in the searched text.
    pub start: usize,
}

const CN_DIGITS: &str = "〇○零一二三四五六七八九";

fn cn_digit_value(c: char) -> Option<u32> {
    match c {
        '〇' | '○' | '零' => Some(0),
        _ => CN_DIGITS
            .chars()
            .position(|d| d == c)
            .map(|p| (p as u32).saturating_sub(2)),
    }
}

fn cn_year(s: &str) -> Option<i32> {
    let mut y = 0i32;
    for c in s.chars() {
        y = y * 10 + cn_digit_value(c)? as i32;
    }
    Some(y)
}

fn num(s: &str) -> Option<u32> {
    s.parse().ok().or_else(|| crate::chars::chinese_number(s))
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*)?",
        r"(?:(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月\s*)",
        r"(?:(\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日)?",
        r"|(\d{4})-(\d{2})-(\d{2})"
    ))
    .unwrap()
});

/// All dates in `text`, in order: a month is required (`2023年` alone is a
/// year, not a date, and `7日` alone is too weak to use).
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    let mut out = Vec::new();
    for c in DATE.captures_iter(text) {
        let m = c.get(0).unwrap();
        let date = if let Some(y) = c.get(4) {
            PartialDate {
                year: y.as_str().parse().ok(),
                month: c.get(5).and_then(|m| m.as_str().parse().ok()),
                day: c.get(6).and_then(|m| m.as_str().parse().ok()),
            }
        } else {
            let year = c
                .get(1)
                .and_then(|y| y.as_str().parse().ok().or_else(|| cn_year(y.as_str())));
            PartialDate {
                year,
                month: c.get(2).and_then(|m| num(m.as_str())),
                day: c.get(3).and_then(|d| num(d.as_str())),
            }
        };
        // "3月" without year or day is too ambiguous ("3个月", "每月") to keep.
        if date.year.is_none() && date.day.is_none() {
            continue;
        }
        if date.valid() {
            out.push(DateMatch {
                date,
                printed: m.as_str().trim().to_string(),
                start: m.start(),
            });
        }
    }
    out
}

/// A four-digit year standing alone (`2023年`, `2023 政府工作报告`), for titles.
pub fn find_year(text: &str) -> Option<i32> {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|\D)((?:19|20)\d{2})(?:\D|$)").unwrap());
    YEAR.captures(text).and_then(|c| c[1].parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let d = find_dates("（来源：新华网，2024年 5月 27日）");
        assert_eq!(d[0].date.iso().unwrap(), "2024-05-27");
        assert_eq!(d[0].printed, "2024年 5月 27日");
        assert_eq!(
            find_dates("中共无锡市委讲师团 2023年2月")[0]
                .date
                .iso()
                .unwrap(),
            "2023-02"
        );
        assert_eq!(
            find_dates("二〇二三年三月三日")[0].date.iso().unwrap(),
            "2023-03-03"
        );
        let md = &find_dates("新华社北京2月6日电")[0];
        assert_eq!(
            (md.date.year, md.date.month, md.date.day),
            (None, Some(2), Some(6))
        );
        assert!(find_dates("三个月内").is_empty());
        assert_eq!(
            PartialDate::parse("2020-05-19").unwrap().iso().unwrap(),
            "2020-05-19"
        );
        assert_eq!(PartialDate::parse("2024").unwrap().iso().unwrap(), "2024");
    }
}
