//! Ingest: read a file in any supported format, clean it, and structure it
//! into articles with metadata, outline and line provenance.
//!
//! Pipeline: `formats` (bytes → styled lines or records) → `layout`
//! (artifacts, lines → blocks) → `front` (cover, masthead, TOC) →
//! `boundary` (scored article starts, global decode) → `split` (articles
//! assembled: asides, page-break joins) → `meta` (title, date, kind …).
//! Records from JSONL/CSV go through `records` instead of the splitter.
//!
//! Key decision: ingest is a pure function from bytes to a `Document`. It
//! never touches the library, so a failure leaves nothing half-written, and
//! the CLI can parse every file before opening one transaction.

pub mod boundary;
pub mod classify;
pub mod decode;
pub mod draft;
pub mod error;
pub mod formats;
pub mod front;
pub mod layout;
pub mod meta;
pub mod model;
pub mod records;
pub mod split;

pub use error::{IngestError, ProblemKind};
pub use formats::table::{Field, FieldMap};
pub use formats::{Line, Style};
pub use model::{Article, Citation, Document, Flag, Format, Kind, Origin, OutlineEntry, Paragraph};

use sha2::{Digest, Sha256};
use std::path::Path;

/// Options for ingesting.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Field mapping for JSONL/CSV corpora.
    pub fields: FieldMap,
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Read and structure the file at `path`.
pub fn ingest_path(path: &Path, opts: &Options) -> Result<Document, IngestError> {
    let err = |k| IngestError::new(path, k);
    let format = Format::from_path(path).ok_or_else(|| {
        err(ProblemKind::Unsupported(
            path.extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_string(),
        ))
    })?;
    let bytes = std::fs::read(path).map_err(|e| err(ProblemKind::Io(e)))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("?")
        .to_string();
    ingest_bytes(&name, &bytes, format, opts).map_err(err)
}

/// Structure `bytes` of the given format; `file_name` is recorded as provenance.
pub fn ingest_bytes(
    file_name: &str,
    bytes: &[u8],
    format: Format,
    opts: &Options,
) -> Result<Document, ProblemKind> {
    if bytes.is_empty() {
        return Err(ProblemKind::Empty);
    }
    let sha256 = sha256_hex(bytes);
    let mut encoding = None;
    let mut text = |b: &[u8]| -> Result<String, ProblemKind> {
        let d = decode::decode(b)?;
        encoding = Some(d.encoding);
        Ok(d.text)
    };
    let plain =
        |lines: Vec<String>| -> Vec<Line> { lines.iter().map(|l| Line::extracted(l)).collect() };
    let (mut articles, front) = match format {
        Format::Text => split_lines(&text(bytes)?),
        Format::Html => split::split(&plain(formats::html::lines(&text(bytes)?)?), false),
        Format::Docx => split::split(&formats::docx::lines(bytes)?, true),
        Format::Pdf => split::split(&plain(formats::pdf::lines(bytes)?), false),
        Format::Jsonl => (
            records::articles(formats::table::jsonl(&text(bytes)?, &opts.fields)?),
            Default::default(),
        ),
        Format::Csv => (
            records::articles(formats::table::csv(&text(bytes)?, &opts.fields)?),
            Default::default(),
        ),
    };
    if articles.is_empty() {
        return Err(ProblemKind::NoText);
    }
    meta::resolve_same_event(&mut articles, &front);
    Ok(Document {
        file_name: file_name.to_string(),
        sha256,
        format,
        encoding,
        articles,
        front_matter: front.span.map(|(a, b)| (a + 1, b + 1)),
        toc: front.toc.into_iter().map(|e| e.text).collect(),
    })
}

fn split_lines(text: &str) -> (Vec<Article>, front::Front) {
    let lines: Vec<Line> = text.split('\n').map(Line::extracted).collect();
    split::split(&lines, false)
}
