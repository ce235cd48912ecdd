//! XLSX workbooks of the table results: `--xlsx FILE` on `kwic`, `count`,
//! `trend`, `targets`, `newterms`, `keywords` and `collocates`, and the API's
//! KWIC export (`format=xlsx`). Written with `rust_xlsxwriter`.
//!
//! Key decision: a sheet's rows are exactly the rows of the command's
//! `--json` output, in the same order with the same values, one column per
//! JSON field (a nested object's fields flattened as `first.date`). Each
//! header cell is the Chinese label, a space, then the JSON field name
//! (`次数 occurrences`), so a reader (or a test) maps a column to its field by
//! the header's last word. The header row is bold, frozen and filtered;
//! column widths follow the CJK display width (`tifa_text::width`, Han
//! characters two columns) of the widest cell, capped.
//!
//! Values keep their type: counts and scores are numbers; a `null` (and an
//! empty string, which Excel does not keep) is an empty cell. Dates (`date`, `first.date`) are Excel dates when they are
//! ISO dates: a full date with the format `yyyy-mm-dd`; a date printed only
//! to the month or year is stored as its first day with the format `yyyy-mm`
//! or `yyyy`, so it shows as printed and sorts among the full dates (a
//! formula reading it sees the first day). Anything else stays text.
//! Periods (`trend`, `count --by`) are labels — a year, a month or a source —
//! and stay text, as in the JSON.

use crate::analysis::{CollocateRow, KeywordRow, NewtermRow, TargetRow, TrendRow};
use crate::query::{CountRow, KwicLine};
use crate::{Result, ServiceError};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
use std::path::Path;
use tifa_text::date::PartialDate;
use tifa_text::width::display_width;

/// Rows an Excel sheet can hold below the header.
pub const MAX_ROWS: usize = 1_048_575;

/// Narrowest and widest column, in Excel's character units.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

/// One cell of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// An ISO date, full or partial (`2023-05-12`, `2023-05`, `2023`).
    Date(String),
    Empty,
}

impl Cell {
    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn count(n: usize) -> Cell {
        Cell::Number(n as f64)
    }

    fn date(d: Option<&str>) -> Cell {
        d.map_or(Cell::Empty, |d| Cell::Date(d.to_string()))
    }
}

/// A column: its header and whether its cells align right (KWIC's left context).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// `中文 json_field`.
    pub header: &'static str,
    pub right: bool,
    /// Left out when it is empty in every row (`count`'s breakdown fields,
    /// absent from the JSON without `--by`).
    pub optional: bool,
}

const fn col(header: &'static str) -> Column {
    Column {
        header,
        right: false,
        optional: false,
    }
}

/// A result row that becomes a sheet row.
pub trait SheetRow {
    /// The sheet's name.
    const SHEET: &'static str;
    /// The columns, in the order of [`SheetRow::cells`].
    const COLUMNS: &'static [Column];
    /// The row's cells, one per column.
    fn cells(&self) -> Vec<Cell>;
}

impl SheetRow for KwicLine {
    const SHEET: &'static str = "语境 KWIC";
    const COLUMNS: &'static [Column] = &[
        col("文章 article"),
        col("标题 title"),
        col("日期 date"),
        col("段落 paragraph"),
        Column {
            right: true,
            ..col("左侧 left")
        },
        col("检索词 hit"),
        col("右侧 right"),
    ];
    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::text(&self.article.0),
            Cell::text(&self.title),
            Cell::date(self.date.as_deref()),
            Cell::count(self.paragraph),
            Cell::text(&self.left),
            Cell::text(&self.hit),
            Cell::text(&self.right),
        ]
    }
}

impl SheetRow for CountRow {
    const SHEET: &'static str = "计数 count";
    const COLUMNS: &'static [Column] = &[
        col("检索词 term"),
        Column {
            optional: true,
            ..col("年份 year")
        },
        Column {
            optional: true,
            ..col("月份 month")
        },
        Column {
            optional: true,
            ..col("来源 source")
        },
        col("次数 occurrences"),
        col("篇数 articles"),
        col("作品 works"),
    ];
    fn cells(&self) -> Vec<Cell> {
        let label = |s: &Option<String>| s.as_deref().map_or(Cell::Empty, Cell::text);
        vec![
            Cell::text(&self.term),
            label(&self.year),
            label(&self.month),
            label(&self.source),
            Cell::count(self.occurrences),
            Cell::count(self.articles),
            Cell::count(self.works),
        ]
    }
}

impl SheetRow for TrendRow {
    const SHEET: &'static str = "趋势 trend";
    const COLUMNS: &'static [Column] = &[
        col("提法 term"),
        col("时期 period"),
        col("次数 occurrences"),
        col("字数 chars"),
        col("每万字 per_10k"),
    ];
    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::text(&self.term),
            Cell::text(&self.period),
            Cell::count(self.occurrences),
            Cell::Number(self.chars as f64),
            Cell::Number(self.per_10k),
        ]
    }
}

impl SheetRow for TargetRow {
    const SHEET: &'static str = "目标 targets";
    const COLUMNS: &'static [Column] = &[
        col("年份 year"),
        col("指标 indicator"),
        col("目标值 value"),
        col("下限 value_min"),
        col("上限 value_max"),
        col("单位 unit"),
        col("原句 sentence"),
        col("文章 article"),
        col("段落 paragraph"),
    ];
    fn cells(&self) -> Vec<Cell> {
        let bound = |b: Option<f64>| b.map_or(Cell::Empty, Cell::Number);
        vec![
            Cell::Number(self.year as f64),
            Cell::text(&self.indicator),
            Cell::text(&self.value),
            bound(self.value_min),
            bound(self.value_max),
            Cell::text(&self.unit),
            Cell::text(&self.sentence),
            Cell::text(&self.article.0),
            Cell::count(self.paragraph),
        ]
    }
}

impl SheetRow for NewtermRow {
    const SHEET: &'static str = "新提法 newterms";
    const COLUMNS: &'static [Column] = &[
        col("新提法 term"),
        col("次数 occurrences"),
        col("篇数 texts"),
        col("参照次数 reference"),
        col("每万字 per_10k"),
        col("参照每万字 reference_per_10k"),
        col("凝固度 pmi"),
        col("左熵 left_entropy"),
        col("右熵 right_entropy"),
        col("得分 score"),
        col("首见日期 first.date"),
        col("首见文章 first.article"),
        col("首见标题 first.title"),
        col("首见段落 first.paragraph"),
        col("首见原句 first.sentence"),
    ];
    fn cells(&self) -> Vec<Cell> {
        let mut cells = vec![
            Cell::text(&self.term),
            Cell::count(self.occurrences),
            Cell::count(self.texts),
            Cell::count(self.reference),
            Cell::Number(self.per_10k),
            Cell::Number(self.reference_per_10k),
            Cell::Number(self.pmi),
            Cell::Number(self.left_entropy),
            Cell::Number(self.right_entropy),
            Cell::Number(self.score),
        ];
        match &self.first {
            Some(f) => cells.extend([
                Cell::date(Some(&f.date)),
                Cell::text(&f.article.0),
                Cell::text(&f.title),
                Cell::count(f.paragraph),
                Cell::text(&f.sentence),
            ]),
            None => cells.extend(std::iter::repeat_n(Cell::Empty, 5)),
        }
        cells
    }
}

impl SheetRow for KeywordRow {
    const SHEET: &'static str = "关键词 keywords";
    const COLUMNS: &'static [Column] = &[
        col("关键词 word"),
        col("得分 score"),
        col("关键性 keyness"),
        col("目标次数 target"),
        col("参照次数 reference"),
    ];
    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::text(&self.word),
            Cell::Number(self.score),
            Cell::Number(self.keyness),
            Cell::count(self.target),
            Cell::count(self.reference),
        ]
    }
}

impl SheetRow for CollocateRow {
    const SHEET: &'static str = "搭配 collocates";
    const COLUMNS: &'static [Column] = &[
        col("搭配词 word"),
        col("共现 cooccurrences"),
        col("频次 frequency"),
        col("logDice log_dice"),
        col("互信息 mi"),
    ];
    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::text(&self.word),
            Cell::count(self.cooccurrences),
            Cell::count(self.frequency),
            Cell::Number(self.log_dice),
            Cell::Number(self.mi),
        ]
    }
}

/// The workbook of `rows` as XLSX bytes.
pub fn workbook<T: SheetRow>(rows: &[T]) -> Result<Vec<u8>> {
    if rows.len() > MAX_ROWS {
        return Err(ServiceError::Invalid(format!(
            "XLSX 工作表最多 {MAX_ROWS} 行，结果超出 a sheet holds at most {MAX_ROWS} rows and the result has more: narrow the filters or export CSV"
        )));
    }
    let cells: Vec<Vec<Cell>> = rows.iter().map(SheetRow::cells).collect();
    let columns = kept(T::COLUMNS, &cells);
    let header = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let right = Format::new().set_align(FormatAlign::Right);
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let month = Format::new().set_num_format("yyyy-mm");
    let year = Format::new().set_num_format("yyyy");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(T::SHEET)?;
    for (c, (i, column)) in columns.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, column.header, &header)?;
        let mut widest = display_width(column.header);
        for (r, row) in cells.iter().enumerate() {
            let r = r as u32 + 1;
            match &row[*i] {
                Cell::Text(s) => {
                    widest = widest.max(display_width(s));
                    if column.right {
                        sheet.write_string_with_format(r, c, s, &right)?;
                    } else {
                        sheet.write_string(r, c, s)?;
                    }
                }
                Cell::Number(n) => {
                    widest = widest.max(n.to_string().len());
                    if n.is_finite() {
                        sheet.write_number(r, c, *n)?;
                    }
                }
                Cell::Date(d) => {
                    widest = widest.max(d.len());
                    match excel_date(d) {
                        Some((dt, Precision::Day)) => {
                            sheet.write_datetime_with_format(r, c, &dt, &day)?
                        }
                        Some((dt, Precision::Month)) => {
                            sheet.write_datetime_with_format(r, c, &dt, &month)?
                        }
                        Some((dt, Precision::Year)) => {
                            sheet.write_datetime_with_format(r, c, &dt, &year)?
                        }
                        None => sheet.write_string(r, c, d)?,
                    };
                }
                Cell::Empty => {}
            }
        }
        sheet.set_column_width(c, column_width(widest) as f64)?;
    }
    let last = columns.len().saturating_sub(1) as u16;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, last)?;
    Ok(book.save_to_buffer()?)
}

/// The columns shown, each with its index into a row's cells: an optional
/// column only when some row has a value in it.
fn kept<'a>(columns: &'a [Column], cells: &[Vec<Cell>]) -> Vec<(usize, &'a Column)> {
    columns
        .iter()
        .enumerate()
        .filter(|(i, c)| !c.optional || cells.iter().any(|r| r[*i] != Cell::Empty))
        .collect()
}

/// Write the workbook of `rows` to `path`.
pub fn save<T: SheetRow>(path: &Path, rows: &[T]) -> Result<()> {
    let bytes = workbook(rows)?;
    std::fs::write(path, bytes).map_err(|source| ServiceError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// How much of a date was printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Precision {
    Year,
    Month,
    Day,
}

/// An ISO date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`) as an Excel date (a partial
/// date on its first day) with its precision; `None` for anything else,
/// including dates Excel cannot hold (before 1900).
fn excel_date(s: &str) -> Option<(ExcelDateTime, Precision)> {
    let d = PartialDate::parse(s).filter(|d| d.iso().as_deref() == Some(s))?;
    let year = u16::try_from(d.year?).ok()?;
    let (month, day, precision) = match (d.month, d.day) {
        (Some(m), Some(d)) => (m, d, Precision::Day),
        (Some(m), None) => (m, 1, Precision::Month),
        _ => (1, 1, Precision::Year),
    };
    let dt = ExcelDateTime::from_ymd(year, month as u8, day as u8).ok()?;
    Some((dt, precision))
}

/// Excel column width for cells at most `widest` display columns wide.
fn column_width(widest: usize) -> usize {
    (widest + 2).clamp(MIN_WIDTH, MAX_WIDTH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision() {
        let p = |s| excel_date(s).map(|(_, p)| p);
        assert_eq!(p("2023-05-12"), Some(Precision::Day));
        assert_eq!(p("2023-05"), Some(Precision::Month));
        assert_eq!(p("2023"), Some(Precision::Year));
        // Not ISO, impossible, or before Excel's calendar: text.
        assert_eq!(p("2023年5月"), None);
        assert_eq!(p("2023-02-30"), None);
        assert_eq!(p("1840-06"), None);
        assert_eq!(p("2023-5-12"), None);
    }

    #[test]
    fn widths_follow_cjk_display_width() {
        assert_eq!(column_width(display_width("新质生产力")), 12);
        assert_eq!(column_width(display_width("mi")), MIN_WIDTH);
        assert_eq!(column_width(500), MAX_WIDTH);
    }

    #[test]
    fn every_row_has_a_cell_per_column() {
        let t = TrendRow {
            term: "t".into(),
            period: "2023".into(),
            occurrences: 1,
            chars: 2,
            per_10k: 0.5,
        };
        assert_eq!(t.cells().len(), TrendRow::COLUMNS.len());
        let n = NewtermRow {
            term: "t".into(),
            occurrences: 1,
            texts: 1,
            reference: 0,
            per_10k: 1.0,
            reference_per_10k: 0.0,
            pmi: 1.0,
            left_entropy: 1.0,
            right_entropy: 1.0,
            score: 1.0,
            first: None,
        };
        assert_eq!(n.cells().len(), NewtermRow::COLUMNS.len());
    }

    #[test]
    fn count_shows_only_its_breakdown() {
        let row = |year: Option<&str>| CountRow {
            term: "t".into(),
            year: year.map(str::to_string),
            month: None,
            source: None,
            occurrences: 3,
            articles: 2,
            works: 1,
        };
        let headers = |rows: &[CountRow]| {
            let cells: Vec<Vec<Cell>> = rows.iter().map(SheetRow::cells).collect();
            kept(CountRow::COLUMNS, &cells)
                .iter()
                .map(|(_, c)| c.header)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            headers(&[row(None)]),
            [
                "检索词 term",
                "次数 occurrences",
                "篇数 articles",
                "作品 works"
            ]
        );
        assert_eq!(headers(&[row(Some("2023")), row(None)])[1], "年份 year");
        assert!(workbook(&[row(None)]).unwrap().starts_with(b"PK"));
    }
}
