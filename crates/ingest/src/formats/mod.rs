//! Readers that turn one file's bytes into either lines of text (TXT, DOCX,
//! PDF, HTML) or records (JSONL, CSV).
//!
//! Key decision: every document format is reduced to *lines* before any
//! cleaning, so the compilation splitter and the line-number provenance work
//! the same for a TXT extraction, a DOCX (one line per `w:p`) and a PDF text
//! layer; only corpora of records bypass the splitter.

pub mod docx;
pub mod html;
pub mod pdf;
pub mod table;
