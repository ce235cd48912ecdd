//! Study packs (学习材料汇编): a plan (title, issuing body, date, 专题 each
//! with items given by id, query or date range) resolved against the library
//! into a [`Pack`] — cover, sections, numbered items with their metadata and
//! typed blocks — and rendered to DOCX ([`docx`]), HTML ([`html`]) or PDF ([`pdf`], typeset by `tifa-render`).
//!
//! Key decision: the [`Pack`] model is the one thing a renderer walks. It is
//! resolved once, here, with every decision made (which article of a work,
//! labels 学习材料一…, the printed date and source lines, which paragraph is
//! an outline heading), so the DOCX, HTML and PDF writers only lay it out. Body blocks are exactly the library's clean text
//! (`tifa show --json`'s `paragraphs`), headings marked by the stored outline;
//! flagged asides come in reading order as their own block type: 专栏 boxes
//! and 链接 sidebars (printed boxed) and an excerpt's citation (printed after
//! it, right-aligned); pull-quotes and ■ summary bullets (which repeat the
//! body) and credits (photo credits, （完）, newspaper lines) are left out.
//!
//! A work appears once: items are resolved in plan order, and an article
//! whose same-work group (`Library::same_work`) is already in the pack is
//! skipped (and reported in `skipped`). For a query or date item the
//! article chosen from a work is the most complete copy (within 5 % of the
//! longest), the earliest dated among those.

pub mod docx;
pub mod html;
pub mod pdf;

use crate::error::{invalid, usage};
use crate::query::{SearchRequest, search};
use crate::{ArticleId, FilterSpec, Reader, Result, ServiceError, date_range};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::Path;
use tifa_library::{ArticleRow, Filter, Library};
use utoipa::ToSchema;

/// Default number of works a query or date item contributes.
pub const DEFAULT_LIMIT: usize = 10;

/// What to compile: read from a TOML plan file, built by `from_query`, or
/// sent as JSON to `POST /api/v1/pack`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PackPlan {
    /// The pack's title, on the cover.
    pub title: String,
    /// Issuing body (印发单位), on the cover.
    #[serde(default)]
    pub body: Option<String>,
    /// Date printed on the cover (as given: 2025年3月).
    #[serde(default)]
    pub date: Option<String>,
    /// 专题, in order.
    pub sections: Vec<SectionPlan>,
}

/// One 专题 of a plan.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionPlan {
    pub heading: String,
    #[serde(default)]
    pub items: Vec<ItemSpec>,
    /// A note printed under the heading.
    #[serde(default)]
    pub note: Option<String>,
}

/// One item of a section: `id` (an article id or unique prefix), or `query`
/// (the search language; `date`, `source`, `kind` filter it, `limit` works,
/// ranked), or `date` alone (a range: every article dated in it, earliest
/// first, filtered by `source`/`kind`, at most `limit`).
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ItemSpec {
    pub id: Option<String>,
    pub query: Option<String>,
    /// `YYYY[-MM[-DD]]`, `FROM..TO`, `FROM..` or `..TO`.
    pub date: Option<String>,
    /// Substring of the source.
    pub source: Option<String>,
    /// Article kind (`speech`, `policy_document`, …).
    pub kind: Option<String>,
    /// Works a query or date item contributes (default 10).
    pub limit: Option<usize>,
    /// A note printed with the item (with a query or date item: with each).
    pub note: Option<String>,
}

impl PackPlan {
    /// A plan from TOML text; a syntax or shape error names its line.
    pub fn from_toml(text: &str) -> Result<PackPlan> {
        match toml::from_str::<PackPlan>(text) {
            Ok(p) => Ok(p),
            Err(e) => {
                let at = e
                    .span()
                    .map(|s| {
                        let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                        format!("第 {line} 行 line {line}: ")
                    })
                    .unwrap_or_default();
                usage!("汇编方案有误 bad pack plan: {at}{}", e.message().trim_end())
            }
        }
    }

    /// A plan file (TOML).
    pub fn read(path: &Path) -> Result<PackPlan> {
        let text = std::fs::read_to_string(path).map_err(|source| ServiceError::Io {
            path: path.display().to_string(),
            source,
        })?;
        PackPlan::from_toml(&text).map_err(|e| match e {
            ServiceError::Usage(m) => ServiceError::Usage(format!("{}: {m}", path.display())),
            e => e,
        })
    }

    /// A one-section plan: the top `limit` works of `query` (dated in `date`).
    pub fn from_query(query: &str, title: &str, date: Option<&str>, limit: usize) -> PackPlan {
        PackPlan {
            title: title.to_string(),
            body: None,
            date: None,
            sections: vec![SectionPlan {
                heading: query.to_string(),
                items: vec![ItemSpec {
                    query: Some(query.to_string()),
                    date: date.map(str::to_string),
                    limit: Some(limit),
                    ..Default::default()
                }],
                note: None,
            }],
        }
    }
}

/// The cover: title, issuing body, date.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Cover {
    pub title: String,
    pub body: Option<String>,
    pub date: Option<String>,
}

/// A block of an item's text, in reading order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// A body paragraph that is an outline heading (1 = 一、, 2 = （一）, …).
    Heading { level: u8, text: String },
    /// A body paragraph.
    Para { text: String },
    /// A flagged paragraph that is not body text: `box`, `sidebar` (printed
    /// boxed) or `citation` (an excerpt's source, printed after it).
    Aside { flag: String, text: String },
}

/// One item of a pack.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct PackItem {
    /// 学习材料一, 学习材料二 … numbered through the pack.
    pub label: String,
    /// Anchor-safe sequence number, from 1.
    pub number: usize,
    pub id: ArticleId,
    pub title: String,
    pub lead_in: Option<String>,
    pub subtitle: Option<String>,
    /// Where it was published, as printed (else the source).
    pub source: Option<String>,
    /// The date as printed (else ISO).
    pub date: Option<String>,
    pub speaker: Option<String>,
    pub note: Option<String>,
    pub blocks: Vec<Block>,
}

impl PackItem {
    /// The body paragraphs (headings and paragraphs, no asides): the
    /// library's clean text of the article.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading { text, .. } | Block::Para { text } => Some(text.as_str()),
            Block::Aside { .. } => None,
        })
    }

    /// The source-and-date line (来源 … 日期), if either is known.
    pub fn source_line(&self) -> Option<String> {
        match (&self.source, &self.date) {
            (Some(s), Some(d)) if !s.contains(d.as_str()) => Some(format!("{s}　{d}")),
            (Some(s), _) => Some(s.clone()),
            (None, Some(d)) => Some(d.clone()),
            (None, None) => None,
        }
    }
}

/// One 专题 of a pack.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct PackSection {
    pub heading: String,
    pub note: Option<String>,
    pub items: Vec<PackItem>,
}

/// One line of the 资料来源 list.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct SourceEntry {
    pub label: String,
    pub title: String,
    pub source: Option<String>,
    pub date: Option<String>,
    pub id: ArticleId,
}

/// An article left out because its work is already in the pack.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Skipped {
    pub id: ArticleId,
    pub title: String,
    /// The item of the pack that holds the same work.
    pub same_work_as: ArticleId,
}

/// A resolved pack (`tifa pack --json`).
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Pack {
    pub cover: Cover,
    pub sections: Vec<PackSection>,
    pub sources: Vec<SourceEntry>,
    /// Explicit items left out as a work already in the pack.
    pub skipped: Vec<Skipped>,
}

impl Pack {
    /// Every item, in order.
    pub fn items(&self) -> impl Iterator<Item = &PackItem> {
        self.sections.iter().flat_map(|s| &s.items)
    }

    /// Body paragraphs over every item.
    pub fn paragraph_count(&self) -> usize {
        self.items().map(|i| i.paragraphs().count()).sum()
    }
}

/// Output formats of a pack.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PackFormat {
    Docx,
    Html,
    Pdf,
}

impl PackFormat {
    /// The format named by a file's extension.
    pub fn from_path(path: &Path) -> Result<PackFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "docx" => Ok(PackFormat::Docx),
            "html" | "htm" => Ok(PackFormat::Html),
            "pdf" => Ok(PackFormat::Pdf),
            _ => usage!(
                "不支持的输出格式 unsupported output “{}”: give a file ending in .docx, .html or .pdf",
                path.display()
            ),
        }
    }

    /// The media type of the file.
    pub fn content_type(self) -> &'static str {
        match self {
            PackFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            PackFormat::Html => "text/html; charset=utf-8",
            PackFormat::Pdf => "application/pdf",
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            PackFormat::Docx => "docx",
            PackFormat::Html => "html",
            PackFormat::Pdf => "pdf",
        }
    }
}

/// The file bytes of `pack` in `format`.
pub fn render(pack: &Pack, format: PackFormat) -> Result<Vec<u8>> {
    match format {
        PackFormat::Docx => docx::write(pack).map_err(|source| ServiceError::Io {
            path: "DOCX".into(),
            source,
        }),
        PackFormat::Html => Ok(html::write(pack).into_bytes()),
        PackFormat::Pdf => pdf::write(pack),
    }
}

/// Render `pack` and write it to `path`; nothing is written on error.
pub fn save(pack: &Pack, format: PackFormat, path: &Path) -> Result<()> {
    let bytes = render(pack, format)?;
    std::fs::write(path, bytes).map_err(|source| ServiceError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// 学习材料 numbering: 一 … 十, 十一 … 九十九, then Arabic digits.
pub fn chinese_number(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n].to_string(),
        10..=19 => format!("十{}", D[n % 10]),
        20..=99 => format!("{}十{}", D[n / 10], D[n % 10]),
        _ => n.to_string(),
    }
}

/// The plan resolved against the library.
pub fn build_pack(r: &Reader<'_>, plan: &PackPlan) -> Result<Pack> {
    if plan.title.trim().is_empty() {
        usage!("汇编方案有误 bad pack plan: 缺少标题 give a title");
    }
    if plan.sections.is_empty() {
        usage!("汇编方案有误 bad pack plan: 至少一个专题 give at least one section");
    }
    let lib = r.library();
    let mut b = Builder {
        lib,
        works: Vec::new(),
        skipped: Vec::new(),
        number: 0,
    };
    let mut sections = Vec::new();
    for (si, s) in plan.sections.iter().enumerate() {
        let mut items = Vec::new();
        for (ii, spec) in s.items.iter().enumerate() {
            let at = format!(
                "专题 section {} “{}” 第 {} 项 item {}",
                si + 1,
                s.heading,
                ii + 1,
                ii + 1
            );
            let rows = resolve(r, spec, &b, &at)?;
            for (row, explicit) in rows {
                if let Some(item) = b.take(&row, explicit, spec.note.clone())? {
                    items.push(item);
                }
            }
        }
        sections.push(PackSection {
            heading: s.heading.clone(),
            note: s.note.clone(),
            items,
        });
    }
    if b.number == 0 {
        invalid!("汇编为空 the pack is empty: no item of the plan found an article");
    }
    let sources = sections
        .iter()
        .flat_map(|s| &s.items)
        .map(|i| SourceEntry {
            label: i.label.clone(),
            title: i.title.clone(),
            source: i.source.clone(),
            date: i.date.clone(),
            id: i.id.clone(),
        })
        .collect();
    Ok(Pack {
        cover: Cover {
            title: plan.title.clone(),
            body: plan.body.clone(),
            date: plan.date.clone(),
        },
        sections,
        sources,
        skipped: b.skipped,
    })
}

/// Items in the making: the works already in the pack.
struct Builder<'a> {
    lib: &'a Library,
    /// (every id of the work, the pack item's id).
    works: Vec<(BTreeSet<String>, ArticleId)>,
    skipped: Vec<Skipped>,
    number: usize,
}

impl Builder<'_> {
    /// The pack item holding `id`'s work, if any.
    fn holder(&self, id: &str) -> Option<&ArticleId> {
        self.works
            .iter()
            .find(|(ids, _)| ids.contains(id))
            .map(|(_, h)| h)
    }

    /// `row` as the next item, or `None` when its work is already in.
    fn take(
        &mut self,
        row: &ArticleRow,
        explicit: bool,
        note: Option<String>,
    ) -> Result<Option<PackItem>> {
        if let Some(h) = self.holder(&row.id.0) {
            if explicit {
                self.skipped.push(Skipped {
                    id: ArticleId::from(&row.id),
                    title: row.title.clone(),
                    same_work_as: h.clone(),
                });
            }
            return Ok(None);
        }
        let mut ids: BTreeSet<String> = self
            .lib
            .same_work(&row.id)?
            .into_iter()
            .map(|i| i.0)
            .collect();
        ids.insert(row.id.0.clone());
        self.works.push((ids, ArticleId::from(&row.id)));
        self.number += 1;
        Ok(Some(item(self.lib, row, self.number, note)?))
    }
}

/// The articles of one plan item, each with whether the user named it.
fn resolve(
    r: &Reader<'_>,
    spec: &ItemSpec,
    b: &Builder<'_>,
    at: &str,
) -> Result<Vec<(ArticleRow, bool)>> {
    let lib = r.library();
    let limit = spec.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 {
        usage!("汇编方案有误 bad pack plan: {at}: limit 至少为 1 must be at least 1");
    }
    if let Some(id) = &spec.id {
        if spec.query.is_some()
            || spec.date.is_some()
            || spec.source.is_some()
            || spec.kind.is_some()
        {
            usage!(
                "汇编方案有误 bad pack plan: {at}: id 不与 query/date/source/kind 同用 an id item takes no query or filters"
            );
        }
        return Ok(vec![(lib.get(id)?, true)]);
    }
    let mut out = Vec::new();
    if let Some(q) = &spec.query {
        let page = search(
            r,
            &SearchRequest {
                query: q.clone(),
                limit: 0,
                filter: FilterSpec {
                    date: spec.date.clone(),
                    source: spec.source.clone(),
                    kind: spec.kind.clone(),
                    ..Default::default()
                },
                ..Default::default()
            },
        )?;
        for w in page.results {
            if out.len() >= limit {
                break;
            }
            if w.articles.iter().any(|a| b.holder(&a.id.0).is_some()) {
                continue;
            }
            let rows = w
                .articles
                .iter()
                .map(|a| lib.get(&a.id.0))
                .collect::<Result<Vec<_>, _>>()?;
            if let Some(best) = most_complete(rows) {
                out.push((best, false));
            }
        }
        if out.is_empty() {
            invalid!("{at}: 检索 “{q}” 没有结果 the query found nothing");
        }
        return Ok(out);
    }
    let Some(date) = &spec.date else {
        usage!("汇编方案有误 bad pack plan: {at}: 需要 id、query 或 date give id, query or date");
    };
    let Some(range) = date_range("date", Some(date))? else {
        usage!("汇编方案有误 bad pack plan: {at}: 日期为空 empty date");
    };
    let (from, to) = (range.from_iso(), range.to_iso());
    let mut rows: Vec<ArticleRow> = lib
        .list(&Filter {
            kind: spec.kind.clone(),
            source: spec.source.clone(),
            file: None,
        })?
        .into_iter()
        .filter(|a| {
            a.date.as_deref().is_some_and(|d| {
                from.as_deref().is_none_or(|f| d >= f)
                    && to
                        .as_deref()
                        .is_none_or(|t| &d[..t.len().min(d.len())] <= t)
            })
        })
        .collect();
    rows.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.0.cmp(&b.id.0)));
    // One article per work: the most complete copy of each group, in date order.
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for row in &rows {
        if out.len() >= limit {
            break;
        }
        if seen.contains(&row.id.0) || b.holder(&row.id.0).is_some() {
            continue;
        }
        let group = lib.same_work(&row.id)?;
        seen.insert(row.id.0.clone());
        seen.extend(group.iter().map(|i| i.0.clone()));
        let mut copies = vec![row.clone()];
        for g in &group {
            if let Some(c) = rows.iter().find(|r| &r.id == g) {
                copies.push(c.clone());
            }
        }
        if let Some(best) = most_complete(copies) {
            out.push((best, false));
        }
    }
    if out.is_empty() {
        invalid!("{at}: 日期 {date} 内没有文章 no article dated in {date}");
    }
    Ok(out)
}

/// The copy of a work to print: within 5 % of the longest, the earliest dated.
fn most_complete(rows: Vec<ArticleRow>) -> Option<ArticleRow> {
    let longest = rows.iter().map(|r| r.chars).max()?;
    rows.into_iter()
        .filter(|r| r.chars * 100 >= longest * 95)
        .min_by(|a, b| {
            (a.date.is_none(), &a.date, &a.id.0).cmp(&(b.date.is_none(), &b.date, &b.id.0))
        })
}

/// The date as printed; one printed without its year (2月6日) written out
/// from the full date (2023年2月6日).
fn printed_date(row: &ArticleRow) -> Option<String> {
    match (&row.date_printed, &row.date) {
        (Some(p), _) if p.contains('年') => Some(p.clone()),
        (p, Some(iso)) => {
            let parts: Vec<&str> = iso.split('-').collect();
            let num = |s: &str| s.trim_start_matches('0').to_string();
            Some(match parts.as_slice() {
                [y] => format!("{y}年"),
                [y, m] => format!("{y}年{}月", num(m)),
                [y, m, d, ..] => format!("{y}年{}月{}日", num(m), num(d)),
                [] => return p.clone(),
            })
        }
        (p, None) => p.clone(),
    }
}

/// The flagged paragraphs a pack prints (the rest repeat the body or are
/// credits around it).
const PRINTED_ASIDES: &[&str] = &["box", "sidebar", "citation"];

/// The pack item of `row`, numbered `n`.
fn item(lib: &Library, row: &ArticleRow, n: usize, note: Option<String>) -> Result<PackItem> {
    let outline: Vec<serde_json::Value> = serde_json::from_str(&row.outline).unwrap_or_default();
    let level_of = |para: usize| -> Option<u8> {
        outline.iter().find_map(|o| {
            (o.get("paragraph")?.as_u64()? == para as u64)
                .then(|| o.get("level")?.as_u64())
                .flatten()
                .map(|l| l.clamp(1, 9) as u8)
        })
    };
    let mut body = 0;
    let blocks = lib
        .paragraphs(&row.id)?
        .into_iter()
        .filter(|p| {
            p.flag
                .as_deref()
                .is_none_or(|f| PRINTED_ASIDES.contains(&f))
        })
        .map(|p| match p.flag {
            Some(flag) => Block::Aside { flag, text: p.text },
            None => {
                body += 1;
                match level_of(body - 1) {
                    Some(level) => Block::Heading {
                        level,
                        text: p.text,
                    },
                    None => Block::Para { text: p.text },
                }
            }
        })
        .collect();
    Ok(PackItem {
        label: format!("学习材料{}", chinese_number(n)),
        number: n,
        id: ArticleId::from(&row.id),
        title: row.title.clone(),
        lead_in: row.lead_in.clone(),
        subtitle: row.subtitle.clone(),
        source: row.published_printed.clone().or_else(|| row.source.clone()),
        date: printed_date(row),
        speaker: row.speaker.clone(),
        note,
        blocks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_count_in_chinese() {
        let l: Vec<String> = [1, 9, 10, 11, 20, 21, 99, 100]
            .into_iter()
            .map(chinese_number)
            .collect();
        assert_eq!(
            l,
            ["一", "九", "十", "十一", "二十", "二十一", "九十九", "100"]
        );
    }

    #[test]
    fn plans_parse_and_errors_name_the_line() {
        let p = PackPlan::from_toml(
            "title = \"学习汇编\"\n[[sections]]\nheading = \"专题一\"\nitems = [{ id = \"ab12\" }, { query = \"发展\", limit = 3 }]\n",
        )
        .unwrap();
        assert_eq!(p.sections[0].items.len(), 2);
        assert_eq!(p.sections[0].items[1].limit, Some(3));
        let e = PackPlan::from_toml("title = \"x\"\n[[sections]]\nheading = \n").unwrap_err();
        assert!(e.to_string().contains("line 3"), "{e}");
        let e = PackPlan::from_toml("title = \"x\"\nsections = []\nbogus = 1\n").unwrap_err();
        assert!(e.to_string().contains("bogus"), "{e}");
    }

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(
            PackFormat::from_path(Path::new("a/学习.DOCX")).unwrap(),
            PackFormat::Docx
        );
        assert_eq!(
            PackFormat::from_path(Path::new("x.htm")).unwrap(),
            PackFormat::Html
        );
        assert!(PackFormat::from_path(Path::new("x.xyz")).is_err());
    }
}
