//! `collate`: every witness of one work (its reprints, abridged reprints and
//! variants in the library) aligned against a base, as an alignment table and
//! a variant apparatus, with renderings as HTML (the base text with the
//! variants marked) and TEI parallel segmentation.
//!
//! Key decision: the base is the fullest witness (most characters; earliest
//! on a tie) unless the user names one, so what other witnesses leave out is
//! an omission and not an addition to every other copy. Witnesses are lettered
//! A (the base), B, C … in date order, and readings shared by several
//! witnesses are grouped, as in a printed apparatus.

use crate::error::{invalid, usage};
use crate::{ArticleId, Result};
use serde::{Deserialize, Serialize};
use tifa_analysis::{Passage, ReadingKind};
use tifa_library::{ArticleRow, Library};
use tifa_text::xml::escape as esc;
use utoipa::ToSchema;

/// Collate the work of `id`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct CollateRequest {
    /// Any witness of the work (id or unique prefix).
    pub id: String,
    /// The witness to collate against (default: the fullest).
    pub base: Option<String>,
}

/// One witness of the work.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CollateWitness {
    /// A, B, C …; A is the base.
    pub siglum: String,
    pub id: ArticleId,
    pub title: String,
    pub source: Option<String>,
    pub date: Option<String>,
    pub file: String,
    /// Characters of text compared (whitespace removed, asides included).
    pub chars: usize,
    pub base: bool,
}

/// How a reading differs from the base's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DifferenceKind {
    /// Words differ.
    Variant,
    /// Whole paragraphs or boxes of the base are missing.
    Omission,
    /// Whole paragraphs or boxes the base lacks.
    Addition,
    /// Only punctuation differs.
    Punctuation,
    /// Only traditional and simplified forms differ (punctuation aside).
    Script,
}

impl DifferenceKind {
    fn of(k: ReadingKind) -> Option<DifferenceKind> {
        Some(match k {
            ReadingKind::Same => return None,
            ReadingKind::Variant => DifferenceKind::Variant,
            ReadingKind::Omission => DifferenceKind::Omission,
            ReadingKind::Addition => DifferenceKind::Addition,
            ReadingKind::Punctuation => DifferenceKind::Punctuation,
            ReadingKind::Script => DifferenceKind::Script,
        })
    }

    /// The word shown to people: Chinese first.
    pub fn label(self) -> &'static str {
        match self {
            DifferenceKind::Variant => "异文 variant",
            DifferenceKind::Omission => "缺 omission",
            DifferenceKind::Addition => "增 addition",
            DifferenceKind::Punctuation => "标点 punctuation",
            DifferenceKind::Script => "繁简 script",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DifferenceKind::Variant => "variant",
            DifferenceKind::Omission => "omission",
            DifferenceKind::Addition => "addition",
            DifferenceKind::Punctuation => "punctuation",
            DifferenceKind::Script => "script",
        }
    }
}

/// One reading of a place, with the witnesses that have it.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CollateReading {
    pub witnesses: Vec<String>,
    /// Empty when the witnesses omit the lemma.
    pub text: String,
    pub kind: DifferenceKind,
}

/// One entry of the apparatus: a place where the witnesses differ.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ApparatusEntry {
    /// 1-based entry number.
    pub n: usize,
    /// The most substantive difference among the readings.
    pub kind: DifferenceKind,
    /// The base's passage (stored paragraph, asides included) where the place starts.
    pub passage: usize,
    /// Its body paragraph id, `None` inside an aside (box, sidebar).
    pub paragraph: Option<usize>,
    /// The place lies in the base's asides only (a 专栏 box, a sidebar).
    pub aside: bool,
    /// Character range in the base's text (whitespace removed, passages
    /// joined, asides included).
    pub start: usize,
    pub end: usize,
    /// Up to twelve characters of the base before the place.
    pub before: String,
    /// The base's reading (empty for an addition).
    pub lemma: String,
    /// Witnesses that agree with the base.
    pub lemma_witnesses: Vec<String>,
    pub readings: Vec<CollateReading>,
}

/// One row of the alignment table: a base passage (or passages a place
/// crosses) and each witness's text in its place, in witness order.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct TableRow {
    pub passages: Vec<usize>,
    pub paragraph: Option<usize>,
    pub aside: bool,
    pub readings: Vec<String>,
}

/// Counts of apparatus entries by kind.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct CollateSummary {
    pub variant: usize,
    pub omission: usize,
    pub addition: usize,
    pub punctuation: usize,
    pub script: usize,
}

/// `collate --json`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Collation {
    /// The base witness.
    pub base: ArticleId,
    pub title: String,
    pub witnesses: Vec<CollateWitness>,
    pub summary: CollateSummary,
    pub apparatus: Vec<ApparatusEntry>,
    pub table: Vec<TableRow>,
    /// The base's passages with whitespace removed (for the renderings).
    #[serde(skip)]
    pub passages: Vec<String>,
}

/// Collate every witness of the work of `req.id`.
pub fn collate(lib: &Library, req: &CollateRequest) -> Result<Collation> {
    if req.id.trim().is_empty() {
        usage!("collate 需要文章编号 needs an article id");
    }
    let first = lib.get(req.id.trim())?;
    let mut rows: Vec<ArticleRow> = vec![first.clone()];
    for id in lib.same_work(&first.id)? {
        rows.push(lib.get(&id.0)?);
    }
    if rows.len() < 2 {
        invalid!(
            "{} 没有同一作品的其他文本，无可校勘 has no other witness of the same work in the library",
            first.id.0
        );
    }
    let passages: Vec<Vec<tifa_library::ParagraphRow>> = rows
        .iter()
        .map(|r| lib.paragraphs(&r.id))
        .collect::<std::result::Result<_, _>>()?;
    let chars = |ps: &[tifa_library::ParagraphRow]| -> usize {
        ps.iter()
            .map(|p| {
                p.text
                    .chars()
                    .filter(|&c| !tifa_text::chars::is_space(c))
                    .count()
            })
            .sum()
    };
    // Witness order: date, then id; the base (fullest unless named) first.
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| {
        (rows[a].date.is_none(), &rows[a].date, &rows[a].id.0).cmp(&(
            rows[b].date.is_none(),
            &rows[b].date,
            &rows[b].id.0,
        ))
    });
    let base = match &req.base {
        Some(b) => {
            let want = lib.get(b.trim())?;
            match order.iter().position(|&i| rows[i].id == want.id) {
                Some(p) => p,
                None => usage!(
                    "底本 base {} 不是 {} 的同一作品 is not a witness of this work",
                    want.id.0,
                    first.id.0
                ),
            }
        }
        None => (0..order.len())
            .max_by_key(|&p| (chars(&passages[order[p]]), std::cmp::Reverse(p)))
            .unwrap_or(0),
    };
    let b = order.remove(base);
    order.insert(0, b);
    let sigla: Vec<String> = (0..order.len()).map(siglum).collect();
    let witnesses: Vec<Vec<Passage>> = order
        .iter()
        .map(|&i| {
            passages[i]
                .iter()
                .map(|p| Passage {
                    text: p.text.clone(),
                    aside: p.flag.is_some(),
                })
                .collect()
        })
        .collect();
    let c = tifa_analysis::collate(&witnesses, 0);
    let base_passages = &witnesses[0];
    // Body paragraph id of each base passage (None for an aside).
    let mut body = 0;
    let paragraph_of: Vec<Option<usize>> = base_passages
        .iter()
        .map(|p| {
            (!p.aside).then(|| {
                body += 1;
                body - 1
            })
        })
        .collect();
    let mut summary = CollateSummary::default();
    let mut apparatus = Vec::new();
    for u in &c.units {
        let Some(kind) = DifferenceKind::of(u.kind()) else {
            continue;
        };
        match kind {
            DifferenceKind::Variant => summary.variant += 1,
            DifferenceKind::Omission => summary.omission += 1,
            DifferenceKind::Addition => summary.addition += 1,
            DifferenceKind::Punctuation => summary.punctuation += 1,
            DifferenceKind::Script => summary.script += 1,
        }
        let mut lemma_witnesses = Vec::new();
        let mut readings: Vec<CollateReading> = Vec::new();
        for (wi, (text, k)) in u.readings.iter().zip(&u.kinds).enumerate() {
            match DifferenceKind::of(*k) {
                None => lemma_witnesses.push(sigla[wi].clone()),
                Some(kind) => match readings.iter_mut().find(|r| &r.text == text) {
                    Some(r) => r.witnesses.push(sigla[wi].clone()),
                    None => readings.push(CollateReading {
                        witnesses: vec![sigla[wi].clone()],
                        text: text.clone(),
                        kind,
                    }),
                },
            }
        }
        let (p0, p1) = u.passages;
        apparatus.push(ApparatusEntry {
            n: apparatus.len() + 1,
            kind,
            passage: p0,
            paragraph: paragraph_of[p0],
            aside: u.start < u.end && (p0..=p1).all(|p| base_passages[p].aside),
            start: u.start,
            end: u.end,
            before: u.before.clone(),
            lemma: u.lemma.clone(),
            lemma_witnesses,
            readings,
        });
    }
    let table = c
        .rows
        .iter()
        .map(|r| TableRow {
            passages: (r.passages.0..=r.passages.1).collect(),
            paragraph: paragraph_of[r.passages.0],
            aside: (r.passages.0..=r.passages.1).all(|p| base_passages[p].aside),
            readings: r.readings.clone(),
        })
        .collect();
    let witnesses = order
        .iter()
        .enumerate()
        .map(|(k, &i)| CollateWitness {
            siglum: sigla[k].clone(),
            id: ArticleId::from(&rows[i].id),
            title: rows[i].title.clone(),
            source: rows[i].source.clone(),
            date: rows[i].date.clone(),
            file: rows[i].file_name.clone(),
            chars: chars(&passages[i]),
            base: k == 0,
        })
        .collect();
    Ok(Collation {
        base: ArticleId::from(&rows[order[0]].id),
        title: rows[order[0]].title.clone(),
        witnesses,
        summary,
        apparatus,
        table,
        passages: c
            .starts
            .windows(2)
            .map(|w| c.text[w[0]..w[1]].iter().collect())
            .collect(),
    })
}

/// A, B, … Z, then A1, B1, …
fn siglum(i: usize) -> String {
    let letter = (b'A' + (i % 26) as u8) as char;
    match i / 26 {
        0 => letter.to_string(),
        n => format!("{letter}{n}"),
    }
}

/// A long reading shortened for display: its start and end.
pub fn shorten(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if n <= max {
        return s.to_string();
    }
    let head: String = s.chars().take(max / 2).collect();
    let tail: String = s.chars().skip(n - max / 2).collect();
    format!("{head}……{tail}（{n}字）")
}

impl Collation {
    /// For each base passage, the places in it: entry number and character
    /// range inside the passage (whitespace removed).
    fn places(&self) -> Vec<Vec<(usize, usize, usize)>> {
        let mut starts = Vec::with_capacity(self.passages.len() + 1);
        let mut at = 0;
        for t in &self.passages {
            starts.push(at);
            at += t.chars().count();
        }
        starts.push(at);
        let mut out = vec![Vec::new(); self.passages.len()];
        for e in &self.apparatus {
            for (p, w) in starts.windows(2).enumerate() {
                let (s, t) = (w[0], w[1]);
                let inside = if e.start == e.end {
                    p == e.passage
                } else {
                    e.start < t && e.end > s
                };
                if inside {
                    out[p].push((e.n, e.start.clamp(s, t) - s, e.end.clamp(s, t) - s));
                }
            }
        }
        out
    }

    /// The base text with every place marked and the apparatus as notes: one
    /// self-contained HTML page.
    pub fn to_html(&self) -> String {
        let text = &self.passages;
        let places = self.places();
        let mut h = String::new();
        h.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
        h.push_str(&format!("<title>校勘 {}</title>", esc(&self.title)));
        h.push_str(
            "<style>body{font:18px/1.9 \"Noto Serif CJK SC\",\"Songti SC\",serif;max-width:46em;margin:2em auto;padding:0 1em;color:#222}\
h1{font-size:1.5em}table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}\
p{margin:.4em 0;text-indent:2em}p.aside{background:#f4f1e8;border-left:3px solid #b9a57a;text-indent:0;padding:.2em .6em}\
mark{background:#fff2a8}mark.omission{background:#ffd9d2;text-decoration:line-through}mark.addition{background:#d6f5d6}\
mark.punctuation,mark.script{background:#e3ecff}sup a{text-decoration:none;color:#a33;font-size:.75em}\
ol.app{font-size:.92em}ol.app li{margin:.3em 0}.wit{color:#555;font-family:sans-serif;font-size:.85em}.kind{color:#777;font-size:.8em}\
@media print{mark{background:none;text-decoration:underline}}</style></head><body>\n",
        );
        h.push_str(&format!(
            "<h1>{}</h1>\n<p class=\"wit\">校勘 Collation · 底本 base A · {} 处 places: 异文 {} · 缺 {} · 增 {} · 标点 {} · 繁简 {}</p>\n",
            esc(&self.title),
            self.apparatus.len(),
            self.summary.variant,
            self.summary.omission,
            self.summary.addition,
            self.summary.punctuation,
            self.summary.script
        ));
        h.push_str("<table><tr><th>本 Siglum</th><th>标题 Title</th><th>来源 Source</th><th>日期 Date</th><th>编号 Id</th><th>字数 Chars</th></tr>\n");
        for w in &self.witnesses {
            h.push_str(&format!(
                "<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                w.siglum,
                if w.base { "（底本）" } else { "" },
                esc(&w.title),
                esc(w.source.as_deref().unwrap_or("")),
                esc(w.date.as_deref().unwrap_or("")),
                w.id,
                w.chars
            ));
        }
        h.push_str("</table>\n");
        let kind_of = |n: usize| self.apparatus[n - 1].kind.as_str();
        for (p, t) in text.iter().enumerate() {
            let chars: Vec<char> = t.chars().collect();
            let aside = self
                .table
                .iter()
                .find(|r| r.passages.contains(&p))
                .is_some_and(|r| r.aside);
            h.push_str(if aside { "<p class=\"aside\">" } else { "<p>" });
            let mut at = 0;
            for &(n, s, e) in &places[p] {
                if s < at {
                    continue;
                }
                h.push_str(&esc(&chars[at..s].iter().collect::<String>()));
                h.push_str(&format!(
                    "<mark class=\"{}\">{}</mark>",
                    kind_of(n),
                    esc(&chars[s..e].iter().collect::<String>())
                ));
                // The note number once, where the place starts.
                if self.apparatus[n - 1].passage == p {
                    h.push_str(&format!("<sup><a id=\"r{n}\" href=\"#n{n}\">{n}</a></sup>"));
                }
                at = e;
            }
            h.push_str(&esc(&chars[at..].iter().collect::<String>()));
            h.push_str("</p>\n");
        }
        h.push_str("<h2>校勘记 Apparatus</h2>\n<ol class=\"app\">\n");
        for e in &self.apparatus {
            h.push_str(&format!("<li id=\"n{}\"><a href=\"#r{}\">↑</a> ", e.n, e.n));
            h.push_str(&format!(
                "{}<b>{}</b>】 <span class=\"wit\">{}</span>",
                esc(&e.before),
                if e.lemma.is_empty() {
                    "〔无 nothing〕".to_string()
                } else {
                    esc(&shorten(&e.lemma, 40))
                },
                e.lemma_witnesses.join(" ")
            ));
            for r in &e.readings {
                h.push_str(&format!(
                    "；<b>{}</b> <span class=\"wit\">{}</span> <span class=\"kind\">{}</span>",
                    if r.text.is_empty() {
                        "〔无 omitted〕".to_string()
                    } else {
                        esc(&shorten(&r.text, 40))
                    },
                    r.witnesses.join(" "),
                    r.kind.label()
                ));
            }
            h.push_str("</li>\n");
        }
        h.push_str("</ol>\n</body></html>\n");
        h
    }

    /// TEI P5 parallel segmentation: the witnesses in a `listWit`, the base
    /// text with an `<app>` at each place (`<lem>` for the base's reading,
    /// `<rdg>` for each other). A place covering whole passages (a box a
    /// witness omits) is one `<app>` between paragraphs.
    pub fn to_tei(&self) -> String {
        let x = esc;
        let text = &self.passages;
        let places = self.places();
        let wits = |ws: &[String]| {
            ws.iter()
                .map(|w| format!("#{w}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let app = |e: &ApparatusEntry, lem: String| {
            let mut a = format!("<app n=\"{}\" type=\"{}\">", e.n, e.kind.as_str());
            if e.lemma_witnesses.is_empty() {
                a.push_str(&format!("<lem>{lem}</lem>"));
            } else {
                a.push_str(&format!(
                    "<lem wit=\"{}\">{lem}</lem>",
                    wits(&e.lemma_witnesses)
                ));
            }
            for r in &e.readings {
                a.push_str(&format!(
                    "<rdg wit=\"{}\" type=\"{}\">{}</rdg>",
                    wits(&r.witnesses),
                    r.kind.as_str(),
                    x(&r.text)
                ));
            }
            a.push_str("</app>");
            a
        };
        let mut t = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        t.push_str(
            "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"zh\">\n<teiHeader><fileDesc>",
        );
        t.push_str(&format!(
            "<titleStmt><title>{}</title></titleStmt>",
            x(&self.title)
        ));
        t.push_str("<publicationStmt><p>tifa collate</p></publicationStmt><sourceDesc><listWit>\n");
        for w in &self.witnesses {
            t.push_str(&format!(
                "<witness xml:id=\"{}\" n=\"{}\">{}{}{}</witness>\n",
                w.siglum,
                w.id,
                x(&w.title),
                w.source
                    .as_deref()
                    .map(|s| format!("，{}", x(s)))
                    .unwrap_or_default(),
                w.date
                    .as_deref()
                    .map(|d| format!("，{d}"))
                    .unwrap_or_default(),
            ));
        }
        t.push_str("</listWit></sourceDesc></fileDesc><encodingDesc><variantEncoding method=\"parallel-segmentation\" location=\"internal\"/></encodingDesc></teiHeader>\n<text><body><div>\n");
        let mut p = 0;
        while p < text.len() {
            // A place that covers whole passages: one <app> around <p>s.
            if let Some(e) = self.apparatus.iter().find(|e| {
                e.passage == p
                    && e.kind == DifferenceKind::Omission
                    && places[p]
                        .first()
                        .is_some_and(|&(n, s, _)| n == e.n && s == 0)
            }) {
                let mut lem = String::new();
                let mut left = e.lemma.chars().count();
                while left > 0 && p < text.len() {
                    lem.push_str(&format!("<p n=\"{p}\">{}</p>", x(&text[p])));
                    left = left.saturating_sub(text[p].chars().count());
                    p += 1;
                }
                t.push_str(&app(e, lem).replace("\"></rdg>", "\"/>"));
                t.push('\n');
                continue;
            }
            let chars: Vec<char> = text[p].chars().collect();
            t.push_str(&format!("<p n=\"{p}\">"));
            let mut at = 0;
            for &(n, s, e) in &places[p] {
                if s < at {
                    continue;
                }
                t.push_str(&x(&chars[at..s].iter().collect::<String>()));
                t.push_str(&app(
                    &self.apparatus[n - 1],
                    x(&chars[s..e].iter().collect::<String>()),
                ));
                at = e;
            }
            t.push_str(&x(&chars[at..].iter().collect::<String>()));
            t.push_str("</p>\n");
            p += 1;
        }
        t.push_str("</div></body></text>\n</TEI>\n");
        t
    }
}
