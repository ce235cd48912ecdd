//! The article filter every query use case shares (dates, source, kind,
//! speaker, ids), and the strict parser of the date options. Each id must
//! name one article: an unknown or ambiguous prefix is an error, never an
//! empty answer.

use crate::{Result, ServiceError};
use serde::{Deserialize, Serialize};
use tifa_library::{Library, Period, SearchFilter};
use tifa_text::DateRange;
use utoipa::ToSchema;

/// Which articles a query looks at.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct FilterSpec {
    /// `YYYY[-MM[-DD]]`, `FROM..TO`, `FROM..` or `..TO`.
    pub date: Option<String>,
    /// Substring of the source.
    pub source: Option<String>,
    /// Article kind (`speech`, `policy_document`, …).
    pub kind: Option<String>,
    /// Substring of the speaker or author.
    pub speaker: Option<String>,
    /// Article ids or unique id prefixes.
    pub ids: Vec<String>,
    /// Match across punctuation (大众创业万众创新 finds 大众创业、万众创新).
    pub ignore_punct: bool,
    /// 繁简 folding: match traditional and simplified spellings alike (会议 finds 會議).
    pub fold: bool,
}

impl FilterSpec {
    /// Whether any article filter is set (`ignore_punct` and `fold` are not filters).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
            && self.date.is_none()
            && self.kind.is_none()
            && self.source.is_none()
            && self.speaker.is_none()
    }

    /// The library filter; each id is resolved to one article.
    pub fn resolve(&self, lib: &Library) -> Result<SearchFilter> {
        let dates = date_range("date", self.date.as_deref())?;
        let ids = self
            .ids
            .iter()
            .map(|id| lib.get(id).map(|row| row.id.0))
            .collect::<Result<_, _>>()?;
        Ok(SearchFilter {
            source: self.source.clone(),
            kind: self.kind.clone(),
            speaker: self.speaker.clone(),
            ids,
            fold: self.fold,
            ..Default::default()
        }
        .with_dates(dates.as_ref()))
    }
}

/// The value of the date option `--{option}`, parsed strictly
/// (`DateRange::parse`); a bad one is `ServiceError::Date`.
pub fn date_range(option: &str, value: Option<&str>) -> Result<Option<DateRange>> {
    value
        .map(|v| {
            DateRange::parse(v).map_err(|source| ServiceError::Date {
                option: option.to_string(),
                value: v.to_string(),
                source,
            })
        })
        .transpose()
}

/// How to break results down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum By {
    Year,
    Month,
    Source,
}

impl By {
    /// The library's period.
    pub fn period(self) -> Period {
        match self {
            By::Year => Period::Year,
            By::Month => Period::Month,
            By::Source => Period::Source,
        }
    }

    /// The JSON key of the breakdown.
    pub fn key(self) -> &'static str {
        match self {
            By::Year => "year",
            By::Month => "month",
            By::Source => "source",
        }
    }
}
