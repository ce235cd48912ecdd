//! The library's articles: add files, list, show, view, edit, remove, export.
//!
//! Key decision: one article shape ([`Article`]) serves `show`, `edit` and
//! `export`; `show` adds the flagged asides and the same-work links, and
//! `view` (the text a reader sees) every stored paragraph in order. Adding
//! files parses on every core and stores in file order in one transaction;
//! with `all_or_nothing` (the server's uploads) any bad file rolls the whole
//! batch back, so the library is unchanged.

use crate::error::{invalid, usage};
use crate::{ArticleId, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use tifa_ingest::{Field, FieldMap, Format, IngestError, Options, ProblemKind};
use tifa_library::{AddOutcome, ArticleRow, EditField, Filter, Library, Prepared};
use utoipa::ToSchema;

/// Which articles to list.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ListRequest {
    pub kind: Option<String>,
    /// Substring of the source.
    pub source: Option<String>,
    /// Exact file name.
    pub file: Option<String>,
}

/// One line of `tifa ls --json`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub date: Option<String>,
    pub source: Option<String>,
    pub kind: String,
    pub chars: i64,
    pub title: String,
    pub file: String,
}

/// Articles matching `req`, in library order.
pub fn list(lib: &Library, req: &ListRequest) -> Result<Vec<ArticleSummary>> {
    Ok(lib
        .list(&Filter {
            kind: req.kind.clone(),
            source: req.source.clone(),
            file: req.file.clone(),
        })?
        .into_iter()
        .map(|r| ArticleSummary {
            id: ArticleId::from(&r.id),
            date: r.date,
            source: r.source,
            kind: r.kind,
            chars: r.chars,
            title: r.title,
            file: r.file_name,
        })
        .collect())
}

/// Where an article comes from: lines of a file, or a record of a corpus.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Origin {
    Record {
        file: String,
        sha256: String,
        record: i64,
    },
    Lines {
        file: String,
        sha256: String,
        start_line: Option<i64>,
        end_line: Option<i64>,
    },
}

/// An excerpt's citation, by body paragraph.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Citation {
    pub paragraph: usize,
    pub text: String,
    pub date: Option<String>,
}

/// Earliest and latest citation dates of an excerpt collection.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Span {
    pub from: String,
    pub to: String,
}

/// A flagged paragraph (pull-quote, sidebar, box): shown, never counted.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Aside {
    pub flag: String,
    pub text: String,
    pub first_line: i64,
    pub last_line: i64,
}

/// A same-work link.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct WorkLink {
    pub id: ArticleId,
    /// `reprint`, `excerpt` or `variant`.
    pub relation: String,
    /// Share of the shorter text found in the other, rounded to 0.001.
    pub containment: f64,
}

/// One article: the export contract (README), also `show --json` and `edit --json`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    pub lead_in: Option<String>,
    pub subtitle: Option<String>,
    pub label: Option<String>,
    pub section: Option<String>,
    pub source: Option<String>,
    pub date: Option<String>,
    pub date_printed: Option<String>,
    pub published: Option<String>,
    pub published_printed: Option<String>,
    pub span: Option<Span>,
    /// Fields corrected with `edit`.
    pub edited: Vec<String>,
    pub citations: Vec<Citation>,
    pub speaker: Option<String>,
    pub doc_number: Option<String>,
    pub kind: String,
    /// Body paragraphs joined by `\n`.
    pub text: String,
    pub paragraphs: Vec<String>,
    /// `[{level, text, paragraph}]`.
    #[schema(value_type = Vec<Object>)]
    pub outline: serde_json::Value,
    pub origin: Origin,
    pub same_work: Vec<ArticleId>,
    /// `show` only: flagged paragraphs.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub asides: Option<Vec<Aside>>,
    /// `show` only: same-work links with relation and containment.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub links: Option<Vec<WorkLink>>,
}

/// The article object of `row`; with `detail`, its asides and links too.
pub fn article(lib: &Library, row: &ArticleRow, detail: bool) -> Result<Article> {
    let paras = lib.paragraphs(&row.id)?;
    let body: Vec<String> = paras
        .iter()
        .filter(|p| p.flag.is_none())
        .map(|p| p.text.clone())
        .collect();
    let origin = match row.record {
        Some(n) => Origin::Record {
            file: row.file_name.clone(),
            sha256: row.file_sha256.clone(),
            record: n,
        },
        None => Origin::Lines {
            file: row.file_name.clone(),
            sha256: row.file_sha256.clone(),
            start_line: row.start_line,
            end_line: row.end_line,
        },
    };
    let citations = paras
        .iter()
        .filter(|p| p.flag.is_none())
        .enumerate()
        .filter_map(|(i, p)| {
            p.cite.as_ref().map(|c| Citation {
                paragraph: i,
                text: c.clone(),
                date: p.cite_date.clone(),
            })
        })
        .collect();
    let (asides, links) = if detail {
        let asides = paras
            .iter()
            .filter_map(|p| {
                p.flag.as_ref().map(|f| Aside {
                    flag: f.clone(),
                    text: p.text.clone(),
                    first_line: p.first_line,
                    last_line: p.last_line,
                })
            })
            .collect();
        let links = lib
            .links(&row.id)?
            .into_iter()
            .map(|l| WorkLink {
                id: ArticleId::from(&l.other),
                relation: l.relation.as_str().to_string(),
                containment: (l.containment * 1000.0).round() / 1000.0,
            })
            .collect();
        (Some(asides), Some(links))
    } else {
        (None, None)
    };
    Ok(Article {
        id: ArticleId::from(&row.id),
        title: row.title.clone(),
        lead_in: row.lead_in.clone(),
        subtitle: row.subtitle.clone(),
        label: row.label.clone(),
        section: row.section.clone(),
        source: row.source.clone(),
        date: row.date.clone(),
        date_printed: row.date_printed.clone(),
        published: row.published.clone(),
        published_printed: row.published_printed.clone(),
        span: row.span.as_ref().map(|(a, b)| Span {
            from: a.clone(),
            to: b.clone(),
        }),
        edited: row.edited.iter().map(|f| f.as_str().to_string()).collect(),
        citations,
        speaker: row.speaker.clone(),
        doc_number: row.doc_number.clone(),
        kind: row.kind.clone(),
        text: body.join("\n"),
        paragraphs: body,
        outline: serde_json::from_str(&row.outline).unwrap_or(serde_json::Value::Array(vec![])),
        origin,
        same_work: lib
            .same_work(&row.id)?
            .iter()
            .map(ArticleId::from)
            .collect(),
        asides,
        links,
    })
}

/// One article by id or unique prefix, with asides and links (`show --json`).
pub fn show(lib: &Library, id: &str) -> Result<Article> {
    let row = lib.get(id)?;
    article(lib, &row, true)
}

/// A stored paragraph in reading order: a body paragraph (numbered) or a
/// flagged aside, with its source lines.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Passage {
    /// Index among the body paragraphs; `None` for an aside.
    pub paragraph: Option<usize>,
    /// The aside's flag (pull-quote, sidebar, box); `None` for body text.
    pub flag: Option<String>,
    pub text: String,
    /// Source lines (0 when the format has none).
    pub first_line: i64,
    pub last_line: i64,
    /// An excerpt's citation as printed.
    pub cite: Option<String>,
}

/// A same-work link with the other article's title.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct LinkedArticle {
    pub id: ArticleId,
    /// `reprint`, `excerpt` or `variant`.
    pub relation: String,
    /// Share of the shorter text found in the other (not rounded).
    pub containment: f64,
    pub title: String,
}

/// One article laid out for reading (`show` as text): the article, every
/// stored paragraph in order, and its same-work links with titles.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ArticleView {
    pub article: Article,
    pub passages: Vec<Passage>,
    pub links: Vec<LinkedArticle>,
}

/// One article by id or unique prefix, laid out for reading.
pub fn view(lib: &Library, id: &str) -> Result<ArticleView> {
    let row = lib.get(id)?;
    let mut body = 0;
    let passages = lib
        .paragraphs(&row.id)?
        .into_iter()
        .map(|p| {
            let paragraph = p.flag.is_none().then(|| {
                body += 1;
                body - 1
            });
            Passage {
                paragraph,
                flag: p.flag,
                text: p.text,
                first_line: p.first_line,
                last_line: p.last_line,
                cite: p.cite,
            }
        })
        .collect();
    let links = lib
        .links(&row.id)?
        .into_iter()
        .map(|l| {
            Ok(LinkedArticle {
                title: lib.get(&l.other.0)?.title,
                id: ArticleId::from(&l.other),
                relation: l.relation.as_str().to_string(),
                containment: l.containment,
            })
        })
        .collect::<Result<_>>()?;
    Ok(ArticleView {
        article: article(lib, &row, false)?,
        passages,
        links,
    })
}

/// Every article in the export contract, in library order, one at a time.
pub fn export(lib: &Library, mut each: impl FnMut(Article) -> Result<()>) -> Result<()> {
    for row in lib.list(&Filter::default())? {
        each(article(lib, &row, false)?)?;
    }
    Ok(())
}

/// A metadata field `edit` can set or reset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MetaField {
    Title,
    Date,
    Speaker,
    Kind,
    Source,
}

impl MetaField {
    fn library(self) -> EditField {
        match self {
            MetaField::Title => EditField::Title,
            MetaField::Date => EditField::Date,
            MetaField::Speaker => EditField::Speaker,
            MetaField::Kind => EditField::Kind,
            MetaField::Source => EditField::Source,
        }
    }
}

/// Corrections to one article's metadata.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EditRequest {
    pub title: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    pub speaker: Option<String>,
    pub kind: Option<String>,
    pub source: Option<String>,
    /// Fields to restore to the detected value: `title`, `date`, `speaker`,
    /// `kind`, `source`.
    pub reset: Vec<String>,
}

/// Apply `req` to article `id` (overrides kept across re-adds); the article after.
pub fn edit(lib: &mut Library, id: &str, req: &EditRequest) -> Result<Article> {
    let mut changes: Vec<(EditField, Option<String>)> = Vec::new();
    for (f, v) in [
        (MetaField::Title, &req.title),
        (MetaField::Date, &req.date),
        (MetaField::Speaker, &req.speaker),
        (MetaField::Kind, &req.kind),
        (MetaField::Source, &req.source),
    ] {
        if let Some(v) = v {
            changes.push((f.library(), Some(v.clone())));
        }
    }
    for r in &req.reset {
        let Some(f) = EditField::parse(r) else {
            invalid!(
                "无法恢复的字段 cannot reset “{r}”: one of title, date, speaker, kind, source"
            );
        };
        if changes.iter().any(|(g, _)| *g == f) {
            invalid!("字段 {r} 既被修改又被恢复 field {r} is both set and reset");
        }
        changes.push((f, None));
    }
    if changes.is_empty() {
        invalid!(
            "没有要修改的字段 nothing to change: give --title, --date, --speaker, --kind, --source or --reset FIELD"
        );
    }
    let id = lib.get(id)?.id;
    let row = lib.edit(&id, &changes)?;
    article(lib, &row, false)
}

/// One removed article (a line of `rm --json`).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Removed {
    pub removed: ArticleId,
    pub title: String,
}

/// Remove articles; each id must exist, or nothing is removed.
pub fn remove(lib: &mut Library, ids: &[String]) -> Result<Vec<Removed>> {
    let rows = ids
        .iter()
        .map(|id| lib.get(id))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::new();
    for r in &rows {
        lib.remove(&r.id)?;
        out.push(Removed {
            removed: ArticleId::from(&r.id),
            title: r.title.clone(),
        });
    }
    Ok(out)
}

/// What adding did to one file (a line of `add --json`).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum FileResult {
    Added {
        file: String,
        articles: usize,
        same_work_links: usize,
    },
    /// Already in the library; `removed` of its articles stay removed.
    Unchanged { file: String, removed: usize },
    /// Already in the library; its removed articles are back (`force`).
    Restored {
        file: String,
        articles: usize,
        same_work_links: usize,
    },
    /// Not added: why, in the same words as the CLI.
    Error { file: String, error: String },
}

/// How to add files.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct AddRequest {
    /// Field mappings for CSV/JSONL corpora, `NAME=COLUMN` (`content=Text`).
    pub fields: Vec<String>,
    /// Restore articles of known files that were removed.
    pub force: bool,
    /// Store nothing if any file fails (uploads); else store every success.
    pub all_or_nothing: bool,
}

/// Progress of an add, reported from the parsing threads.
pub trait AddProgress: Sync {
    /// Bytes of every file found.
    fn total(&self, _bytes: u64) {}
    /// A file of `bytes` was parsed.
    fn parsed(&self, _bytes: u64) {}
    /// A document is being stored.
    fn storing(&self, _file: &str) {}
}

/// Progress nobody watches.
pub struct NoProgress;
impl AddProgress for NoProgress {}

/// What an add did.
#[derive(Debug)]
pub struct AddReport {
    /// Files stored (or found unchanged), in file order.
    pub outcomes: Vec<FileResult>,
    /// Files that could not be read, in the order found.
    pub failures: Vec<IngestError>,
    /// Whether the batch was committed (false only with `all_or_nothing`
    /// and a failure).
    pub committed: bool,
}

impl AddReport {
    /// Every file's result: stored ones first, then the failures.
    pub fn results(&self) -> Vec<FileResult> {
        let mut v = self.outcomes.clone();
        v.extend(self.failures.iter().map(|e| FileResult::Error {
            file: e.path.display().to_string(),
            error: e.kind.to_string(),
        }));
        v
    }
}

/// Add the files and folders `paths` (recursively; in folders, unsupported
/// and hidden files are skipped, a named file must be supported).
pub fn add(
    lib: &mut Library,
    paths: &[PathBuf],
    req: &AddRequest,
    progress: &dyn AddProgress,
) -> Result<AddReport> {
    let opts = Options {
        fields: field_map(&req.fields)?,
    };
    let mut files = Vec::new();
    let mut failures: Vec<IngestError> = Vec::new();
    for p in paths {
        collect(p, true, &mut files, &mut failures);
    }
    progress.total(
        files
            .iter()
            .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
            .sum(),
    );
    // Parse on every core; store in file order, in one transaction.
    let mut batch = lib.batch()?;
    batch.restore_removed(req.force);
    let mut outcomes = Vec::new();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = mpsc::sync_channel::<(usize, Result<Prepared, IngestError>)>(workers * 2);
        for _ in 0..workers {
            let (tx, next, files, opts) = (tx.clone(), &next, &files, &opts);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(f) = files.get(i) else { break };
                    let doc = tifa_ingest::ingest_path(f, opts).map(Prepared::new);
                    progress.parsed(std::fs::metadata(f).map_or(0, |m| m.len()));
                    if tx.send((i, doc)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Result<Prepared, IngestError>> = BTreeMap::new();
        let mut want = 0;
        for (i, doc) in rx {
            pending.insert(i, doc);
            while let Some(doc) = pending.remove(&want) {
                want += 1;
                match doc {
                    Ok(p) => {
                        progress.storing(&p.doc.file_name);
                        outcomes.push(file_result(batch.add_prepared(&p)?));
                    }
                    Err(e) => failures.push(e),
                }
            }
        }
        Ok(())
    })?;
    if req.all_or_nothing && !failures.is_empty() {
        drop(batch);
        return Ok(AddReport {
            outcomes,
            failures,
            committed: false,
        });
    }
    batch.commit()?;
    Ok(AddReport {
        outcomes,
        failures,
        committed: true,
    })
}

fn file_result(o: AddOutcome) -> FileResult {
    match o {
        AddOutcome::Added {
            file,
            articles,
            links,
        } => FileResult::Added {
            file,
            articles,
            same_work_links: links,
        },
        AddOutcome::AlreadyPresent { file, removed } => FileResult::Unchanged { file, removed },
        AddOutcome::Restored {
            file,
            articles,
            links,
        } => FileResult::Restored {
            file,
            articles,
            same_work_links: links,
        },
    }
}

fn field_map(specs: &[String]) -> Result<FieldMap> {
    let mut map = FieldMap::default();
    for s in specs {
        let Some((k, v)) = s.split_once('=') else {
            usage!("字段映射 --field expects NAME=COLUMN, got “{s}”")
        };
        let Some(f) = Field::parse(k.trim()) else {
            usage!(
                "未知字段 unknown field “{k}” (content, title, date, year, source, speaker, kind)"
            )
        };
        map.overrides.push((f, v.trim().to_string()));
    }
    Ok(map)
}

/// Files to ingest under `p`. An explicitly named file must be supported;
/// inside folders, files of other types are skipped.
fn collect(p: &Path, explicit: bool, files: &mut Vec<PathBuf>, failures: &mut Vec<IngestError>) {
    let meta = match std::fs::metadata(p) {
        Ok(m) => m,
        Err(e) => return failures.push(IngestError::new(p, ProblemKind::Io(e))),
    };
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(p) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => return failures.push(IngestError::new(p, ProblemKind::Io(e))),
        };
        entries.sort();
        for e in entries {
            let hidden = e
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden {
                collect(&e, false, files, failures);
            }
        }
    } else if Format::from_path(p).is_some() {
        files.push(p.to_path_buf());
    } else if explicit {
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        failures.push(IngestError::new(p, ProblemKind::Unsupported(ext)));
    }
}
