//! JSONL and CSV corpora: one record per document, with fields mapped to
//! title, content, date, year, source, speaker and kind.
//!
//! Key decision: field names are looked up from a user mapping first
//! (`--field content=Text`), then from a short list of common names in
//! English and Chinese, so the shared corpora work with no options and an
//! unknown corpus fails with a message that lists what was tried.

use crate::error::ProblemKind;
use serde_json::Value;

/// The logical fields of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Content,
    Title,
    Date,
    Year,
    Source,
    Speaker,
    Kind,
}

impl Field {
    pub fn parse(s: &str) -> Option<Field> {
        Some(match s {
            "content" | "text" => Field::Content,
            "title" => Field::Title,
            "date" => Field::Date,
            "year" => Field::Year,
            "source" => Field::Source,
            "speaker" | "author" => Field::Speaker,
            "kind" => Field::Kind,
            _ => return None,
        })
    }

    fn defaults(self) -> &'static [&'static str] {
        match self {
            Field::Content => &[
                "content", "text", "Text", "Content", "body", "正文", "内容", "全文",
            ],
            Field::Title => &["title", "Title", "标题", "题目", "name"],
            Field::Date => &["date", "Date", "日期", "时间", "published", "pub_date"],
            Field::Year => &["year", "Year", "年份"],
            Field::Source => &["source", "Source", "来源", "出处"],
            Field::Speaker => &["speaker", "Speaker", "author", "Author", "作者", "讲话人"],
            Field::Kind => &["kind", "Kind", "category", "类型"],
        }
    }
}

/// User overrides: logical field → column/key name.
#[derive(Clone, Debug, Default)]
pub struct FieldMap {
    pub overrides: Vec<(Field, String)>,
}

impl FieldMap {
    fn names(&self, f: Field) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .overrides
            .iter()
            .filter(|(g, _)| *g == f)
            .map(|(_, n)| n.as_str())
            .collect();
        if v.is_empty() {
            v.extend(f.defaults());
        }
        v
    }
}

/// One record of a corpus, fields already mapped.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// 1-based record number.
    pub number: usize,
    pub content: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub year: Option<String>,
    pub source: Option<String>,
    pub speaker: Option<String>,
    pub kind: Option<String>,
}

fn value_string(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()).filter(|s| !s.trim().is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

fn build(
    number: usize,
    get: impl Fn(&str) -> Option<String>,
    map: &FieldMap,
) -> Result<Record, ProblemKind> {
    let pick = |f: Field| map.names(f).into_iter().find_map(&get);
    let content = pick(Field::Content).ok_or_else(|| ProblemKind::NoContentField {
        tried: map.names(Field::Content).join(", "),
    })?;
    Ok(Record {
        number,
        content,
        title: pick(Field::Title),
        date: pick(Field::Date),
        year: pick(Field::Year),
        source: pick(Field::Source),
        speaker: pick(Field::Speaker),
        kind: pick(Field::Kind),
    })
}

/// Records of a JSONL file (blank lines skipped).
pub fn jsonl(text: &str, map: &FieldMap) -> Result<Vec<Record>, ProblemKind> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| ProblemKind::Json {
            line: i + 1,
            message: e.to_string(),
        })?;
        let Value::Object(obj) = v else {
            return Err(ProblemKind::Json {
                line: i + 1,
                message: "not a JSON object".into(),
            });
        };
        out.push(build(
            out.len() + 1,
            |k| obj.get(k).and_then(value_string),
            map,
        )?);
    }
    Ok(out)
}

/// Records of a CSV file with a header row.
pub fn csv(text: &str, map: &FieldMap) -> Result<Vec<Record>, ProblemKind> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ProblemKind::Csv(e.to_string()))?
        .clone();
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| ProblemKind::Csv(e.to_string()))?;
        let get = |k: &str| {
            headers
                .iter()
                .position(|h| h.trim() == k)
                .and_then(|i| row.get(i))
                .map(str::to_string)
                .filter(|s| !s.trim().is_empty())
        };
        out.push(build(out.len() + 1, get, map)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping() {
        let map = FieldMap {
            overrides: vec![(Field::Content, "Body".into())],
        };
        let r = jsonl(
            "{\"Body\": \"正文\", \"title\": \"题\", \"year\": 2020}\n",
            &map,
        )
        .unwrap();
        assert_eq!(
            (
                r[0].content.as_str(),
                r[0].title.as_deref(),
                r[0].year.as_deref()
            ),
            ("正文", Some("题"), Some("2020"))
        );
        let r = csv("Date,Text\n2020-05-19,你好\n", &FieldMap::default()).unwrap();
        assert_eq!(r[0].date.as_deref(), Some("2020-05-19"));
        assert!(matches!(
            jsonl("{\"x\":1}", &FieldMap::default()),
            Err(ProblemKind::NoContentField { .. })
        ));
        assert!(matches!(
            jsonl("{oops", &FieldMap::default()),
            Err(ProblemKind::Json { line: 1, .. })
        ));
    }
}
