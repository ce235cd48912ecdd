//! Printed dates in Chinese text: `2024年5月27日`, `2023年2月`, `二〇二三年三月三日`,
//! `2月6日`, ISO `2023-03-03`, each with its position and printed form.
//!
//! `DateRange` is the one parser of the dates and ranges a user types
//! (`--date`, `--period`, `--vs`, the query language's `date:`): strict, so
//! that a typo is an error rather than an empty answer.
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

/// Why a date or date range given by a user was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error(
        "日期格式错误 bad date “{0}”: use YYYY, YYYY-MM or YYYY-MM-DD, ranges as FROM..TO (2020..2024, 2023-03.., ..2022)"
    )]
    Format(String),
    #[error("日期不存在 no such date “{value}”: {why}")]
    NoSuchDate { value: String, why: String },
    #[error("日期范围颠倒 reversed date range “{0}”: FROM must not be later than TO")]
    Reversed(String),
    #[error(
        "日期范围为空 empty date range “{0}”: give FROM, TO or both (2020..2024, 2023-03.., ..2022)"
    )]
    Empty(String),
}

/// A range of dates given by a user: `FROM..TO`, `FROM..`, `..TO` or one
/// date (`2024` = `2024..2024`), each end `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
/// An end keeps its precision: `..2024` includes 2024-12-31.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct DateRange {
    pub from: Option<PartialDate>,
    pub to: Option<PartialDate>,
}

impl DateRange {
    /// Parse strictly: real calendar days only, FROM not after TO, at least one end.
    pub fn parse(s: &str) -> Result<DateRange, DateError> {
        let t = s.trim();
        let (from, to) = match t.split_once("..") {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (t, t),
        };
        let end = |e: &str| -> Result<Option<PartialDate>, DateError> {
            if e.is_empty() {
                Ok(None)
            } else {
                strict_date(e).map(Some)
            }
        };
        let r = DateRange {
            from: end(from)?,
            to: end(to)?,
        };
        match (r.from, r.to) {
            (None, None) => Err(DateError::Empty(s.to_string())),
            (Some(f), Some(t)) if first_day(f) > last_day(t) => {
                Err(DateError::Reversed(s.to_string()))
            }
            _ => Ok(r),
        }
    }

    /// The earliest date, ISO at its precision (`2020`, `2020-03`).
    pub fn from_iso(&self) -> Option<String> {
        self.from.and_then(|d| d.iso())
    }

    /// The latest date, ISO at its precision (inclusive: `2024` includes 2024-12-31).
    pub fn to_iso(&self) -> Option<String> {
        self.to.and_then(|d| d.iso())
    }
}

impl std::fmt::Display for DateRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (a, b) = (self.from_iso(), self.to_iso());
        if a.is_some() && a == b {
            return f.write_str(&a.unwrap_or_default());
        }
        write!(f, "{}..{}", a.unwrap_or_default(), b.unwrap_or_default())
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (month and day may have one digit),
/// a day that exists in the calendar.
fn strict_date(s: &str) -> Result<PartialDate, DateError> {
    let bad = || DateError::Format(s.to_string());
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.len() > 3 || !digits(parts[0], 4..=4) || parts[1..].iter().any(|p| !digits(p, 1..=2)) {
        return Err(bad());
    }
    let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
    let year = num(parts[0])? as i32;
    let month = parts.get(1).map(|p| num(p)).transpose()?;
    let day = parts.get(2).map(|p| num(p)).transpose()?;
    let no = |why: String| DateError::NoSuchDate {
        value: s.to_string(),
        why,
    };
    if year == 0 {
        return Err(no("没有公元 0 年 there is no year 0".into()));
    }
    if let Some(m) = month.filter(|m| !(1..=12).contains(m)) {
        return Err(no(format!("没有 {m} 月 there is no month {m}")));
    }
    if let (Some(m), Some(d)) = (month, day) {
        let last = days_in_month(year, m);
        if !(1..=last).contains(&d) {
            return Err(no(format!(
                "{year} 年 {m} 月只有 {last} 天 {year}-{m:02} has {last} days"
            )));
        }
    }
    Ok(PartialDate {
        year: Some(year),
        month,
        day,
    })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The first and last calendar day a date at its precision covers.
fn first_day(d: PartialDate) -> (i32, u32, u32) {
    (
        d.year.unwrap_or(0),
        d.month.unwrap_or(1),
        d.day.unwrap_or(1),
    )
}

fn last_day(d: PartialDate) -> (i32, u32, u32) {
    let y = d.year.unwrap_or(0);
    let m = d.month.unwrap_or(12);
    (y, m, d.day.unwrap_or_else(|| days_in_month(y, m)))
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

    #[test]
    fn ranges() {
        let r = |s: &str| DateRange::parse(s).map(|r| (r.from_iso(), r.to_iso()));
        let some = |s: &str| Some(s.to_string());
        assert_eq!(r("2020..2024"), Ok((some("2020"), some("2024"))));
        assert_eq!(r("2023-3.."), Ok((some("2023-03"), None)));
        assert_eq!(r(" ..2022-12-31 "), Ok((None, some("2022-12-31"))));
        assert_eq!(r("2024"), Ok((some("2024"), some("2024"))));
        assert_eq!(
            r("2024-02-29"),
            Ok((some("2024-02-29"), some("2024-02-29")))
        );
        assert_eq!(
            r("2000-02-29..2024-05"),
            Ok((some("2000-02-29"), some("2024-05")))
        );
        assert_eq!(r("2024-05..2024"), Ok((some("2024-05"), some("2024"))));
        assert_eq!(r("2024..2024-03"), Ok((some("2024"), some("2024-03"))));
        for bad in [
            "",
            "..",
            "abc",
            "24",
            "20240",
            "2024-",
            "2024-1-",
            "2024/05",
            "2024-001",
            "2024-13",
            "2023-00",
            "2024-13-40",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-05-00",
            "0000",
            "2025..2020",
            "2024-03..2024-02",
            "2024-03-02..2024-03-01",
            "2020...2024",
            "2020..2021..2022",
            "２０２４",
        ] {
            let e = DateRange::parse(bad).expect_err(bad);
            let msg = e.to_string();
            assert!(
                msg.contains(&format!("“{bad}”")) || msg.contains("“"),
                "{bad}: {msg}"
            );
            assert!(
                msg.starts_with(|c: char| c >= '\u{4E00}'),
                "Chinese first: {msg}"
            );
        }
        assert!(
            DateRange::parse("2024-13")
                .unwrap_err()
                .to_string()
                .contains("month 13")
        );
        assert!(
            DateRange::parse("2023-02-29")
                .unwrap_err()
                .to_string()
                .contains("28 days")
        );
        assert_eq!(
            DateRange::parse("2025..2020"),
            Err(DateError::Reversed("2025..2020".into()))
        );
        assert_eq!(
            DateRange::parse("2020..2024").unwrap().to_string(),
            "2020..2024"
        );
        assert_eq!(DateRange::parse("2024-3").unwrap().to_string(), "2024-03");
        assert_eq!(DateRange::parse("..2024").unwrap().to_string(), "..2024");
    }
}
