//! The library: an embedded SQLite store of files, articles and paragraphs,
//! with same-work links between articles.
//!
//! Key decisions: one `add` call is one transaction (all files or none, so a
//! failure or a killed process leaves the previous state); a file is known by
//! its SHA-256, so adding it again changes nothing; article ids are derived
//! from the file hash and the article's position, so they are stable across
//! libraries and re-ingests.

mod catalog;
mod dictionary;
mod error;
mod pending;
mod query;
mod samework;
mod search;
mod segments;
mod store;
mod verify;

pub use catalog::Counter;
pub use error::LibraryError;
pub use query::{ArticleResult, Expr, QueryField, WorkResult, parse as parse_query};
pub use samework::Relation;
pub use search::{Cited, Counts, Hit, KwicLine, Meta, Period, SearchFilter, Searcher, SortKwic};
pub use store::{
    AddOutcome, ArticleId, ArticleRow, Batch, EditField, Filter, Library, Link, ParagraphRow,
    Prepared,
};
pub use verify::{Check, Checked, Finding, REINDEX, VerifyReport};
