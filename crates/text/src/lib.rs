//! Text primitives shared by every stage of tifa: character classes, display
//! width for CJK tables, line normalisation and conversion-residue repair,
//! printed dates, outline heading markers, and 繁简 folding.
//!
//! Key decision: everything here is a pure function over `&str` with no I/O
//! and no knowledge of files or articles, so the same rules apply to a TXT
//! line, a DOCX paragraph and a JSONL record, and can be tested in isolation.

pub mod calendar;
pub mod chars;
pub mod date;
pub mod normalize;
pub mod outline;
pub mod t2s;
pub mod width;
pub mod xml;

pub use date::{DateError, DateMatch, DateRange, PartialDate};
pub use outline::{HeadingMarker, MarkerKind};
