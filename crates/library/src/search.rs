//! Exact search over the library: every occurrence of a string in the body
//! text of live articles, with metadata filters, counts by occurrence,
//! article and work, breakdowns by year or source, and keyword-in-context.
//!
//! Key decision: counts come from the suffix-array segments, never from a
//! tokenised index, so they are exact; "works" collapse articles linked as
//! the same work (reprints, excerpts, variants) into one, and flagged asides
//! are not in the indexed text at all, so nothing is counted twice.
//!
//! Key decision: a searcher costs what its answer needs. Opening it maps the
//! segments and reads no metadata; an article's metadata is read by key when
//! a hit needs it, and a query with many hits (or one about every article)
//! reads the whole table once. Same-work groups are a stored column, so no
//! query reads every link.
//!
//! Key decision: 繁简 folding (`SearchFilter::fold`) searches every spelling
//! of the term whose simplified form is the term's (`tifa_text::t2s`, one
//! character to one), found by extending spellings a character at a time and
//! dropping every prefix the index does not hold, so 会议 costs four binary
//! searches, not a folded copy of the text. Two spellings never match at the
//! same place, so the hits are those of the term in the folded text.

use crate::error::LibraryError;
use crate::store::{ArticleId, Library};
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use tifa_index::Segment;
use tifa_text::DateRange;

/// Article metadata needed to filter and cite hits.
#[derive(Clone, Debug)]
pub struct Meta {
    pub id: ArticleId,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub kind: String,
    pub speaker: Option<String>,
    /// Same-work group: the smallest article rowid of the group.
    pub work: i64,
    pub chars: i64,
}

/// Which articles a search looks at.
#[derive(Clone, Debug, Default)]
pub struct SearchFilter {
    /// Earliest date, a prefix of ISO (`2020`, `2020-03`): see `with_dates`.
    pub from: Option<String>,
    /// Latest date, inclusive at its precision (`2024` includes 2024-12-31).
    pub to: Option<String>,
    pub source: Option<String>,
    pub kind: Option<String>,
    pub speaker: Option<String>,
    /// Article ids or unique id prefixes.
    pub ids: Vec<String>,
    /// 繁简 folding: a term also matches its traditional and simplified
    /// spellings (会议 finds 會議), by expansion into every spelling.
    pub fold: bool,
}

impl SearchFilter {
    /// Only articles dated within `range` (each end at its precision), or
    /// every article when there is no range.
    pub fn with_dates(mut self, range: Option<&DateRange>) -> SearchFilter {
        self.from = range.and_then(DateRange::from_iso);
        self.to = range.and_then(DateRange::to_iso);
        self
    }

    /// Whether some articles are left out (folding leaves none out).
    pub(crate) fn restricts(&self) -> bool {
        self.from.is_some()
            || self.to.is_some()
            || self.source.is_some()
            || self.kind.is_some()
            || self.speaker.is_some()
            || !self.ids.is_empty()
    }

    pub(crate) fn accepts(&self, m: &Meta) -> bool {
        let date_ok = match (&self.from, &self.to, &m.date) {
            (None, None, _) => true,
            (_, _, None) => false,
            (f, t, Some(d)) => {
                f.as_deref()
                    .is_none_or(|f| d.as_str() >= f || d.starts_with(f))
                    && t.as_deref()
                        .is_none_or(|t| d.as_str() <= t || d.starts_with(t))
            }
        };
        let contains = |want: &Option<String>, have: &Option<String>| {
            want.as_deref()
                .is_none_or(|w| have.as_deref().is_some_and(|h| h.contains(w)))
        };
        date_ok
            && contains(&self.source, &m.source)
            && self.kind.as_deref().is_none_or(|k| k == m.kind)
            && contains(&self.speaker, &m.speaker)
            && (self.ids.is_empty() || self.ids.iter().any(|p| m.id.0.starts_with(p.as_str())))
    }
}

/// Occurrences, articles and works.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub occurrences: usize,
    pub articles: usize,
    pub works: usize,
}

/// One occurrence in a live, accepted article.
#[derive(Clone, Copy, Debug)]
pub struct Hit {
    pub segment: usize,
    pub article: i64,
    pub pos: usize,
    pub len: usize,
}

/// How to group articles into periods (or sources) for breakdowns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Year,
    Month,
    Source,
}

impl Period {
    /// The group of an article; `None` when its date (or source) does not say.
    pub fn of(self, m: &Meta) -> Option<&str> {
        match self {
            Period::Source => m.source.as_deref(),
            _ => self.of_date(m.date.as_deref()?),
        }
    }

    /// The group of a date (`None` for `Source`, or a date without the
    /// precision asked for).
    pub fn of_date(self, d: &str) -> Option<&str> {
        match self {
            Period::Year => (d.len() >= 4).then(|| &d[..4]),
            Period::Month => (d.len() >= 7).then(|| &d[..7]),
            Period::Source => None,
        }
    }

    /// Whether excerpts dated by their own citations fall into their own
    /// period (by date, yes; by source, they stay with their article).
    pub fn by_date(self) -> bool {
        self != Period::Source
    }
}

/// An excerpt of a collection with its own date (from its citation).
#[derive(Clone, Debug)]
pub struct Cited {
    /// Index among the article's body paragraphs.
    pub paragraph: usize,
    pub date: String,
    /// Characters of the paragraph.
    pub chars: i64,
}

/// Order of KWIC lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKwic {
    /// Library order (article, then position).
    Position,
    /// By the reversed left context, nearest character first.
    Left,
    /// By the right context.
    Right,
    /// By article date, then position.
    Date,
}

/// One keyword-in-context line.
#[derive(Clone, Debug)]
pub struct KwicLine {
    pub article: ArticleId,
    pub title: String,
    pub date: Option<String>,
    /// Index of the paragraph in the article's body.
    pub paragraph: usize,
    pub left: String,
    pub hit: String,
    pub right: String,
}

/// An open view of the exact index with article metadata.
///
/// Metadata is read when a result needs it: a hit's indexed text is looked
/// up by key (the article, its verbatim reprints, their groups) through the
/// searcher's own read-only connection, which holds one read transaction, so
/// segments and metadata are one snapshot. A query with many hits, or a
/// question about every article (`metas`, `accepted`), reads the whole
/// table once instead.
pub struct Searcher {
    conn: Mutex<Connection>,
    segments: Vec<Segment>,
    /// By article key: `None` inside = no live article with that key.
    slots: Slots,
    /// Every slot is filled (`load_all` ran).
    all: AtomicBool,
    /// BM25's collection when the search is not filtered: read once.
    library: OnceLock<tifa_index::Bm25>,
    /// The first error met while reading metadata lazily (a damaged
    /// database): answers built after it may be incomplete, so `check`
    /// returns it from then on and callers report it instead.
    failure: OnceLock<String>,
}

/// The searcher's slot of one article key.
type Slot = OnceLock<Option<Box<Entry>>>;

/// Slots allocated a page at a time, when a key in the page is first asked
/// for.
const PAGE: usize = 1024;

/// Article slots by key. Key decision: two levels, so opening a searcher
/// costs the same for a thousand articles or a million (a flat table of
/// every key costs a page fault per 256 articles before the first answer).
struct Slots {
    len: usize,
    pages: Vec<OnceLock<Box<[Slot]>>>,
}

impl Slots {
    fn new(len: usize) -> Slots {
        let mut pages = Vec::new();
        pages.resize_with(len.div_ceil(PAGE), OnceLock::new);
        Slots { len, pages }
    }

    fn get(&self, key: usize) -> Option<&Slot> {
        if key >= self.len {
            return None;
        }
        let page =
            self.pages[key / PAGE].get_or_init(|| (0..PAGE).map(|_| OnceLock::new()).collect());
        Some(&page[key % PAGE])
    }

    /// Every slot, in key order (allocating every page).
    fn iter(&self) -> impl Iterator<Item = &Slot> {
        (0..self.len).filter_map(|k| self.get(k))
    }
}

/// A live article as the searcher knows it.
struct Entry {
    meta: Meta,
    /// The article holding its indexed text (itself unless a verbatim reprint).
    holder: i64,
    /// For a holder: the verbatim reprints sharing its text.
    reprints: Vec<i64>,
    cited: OnceLock<Vec<Cited>>,
}

/// Hits above which metadata is read in one pass over every article
/// rather than article by article.
const BULK: usize = 2048;

const META_COLUMNS: &str =
    "id, uid, title, date, source, kind, speaker, chars, work, same_text_as FROM articles";

fn row_to_entry(r: &rusqlite::Row) -> rusqlite::Result<(i64, Option<i64>, Meta)> {
    let id: i64 = r.get(0)?;
    Ok((
        id,
        r.get(9)?,
        Meta {
            id: ArticleId(r.get(1)?),
            title: r.get(2)?,
            date: r.get(3)?,
            source: r.get(4)?,
            kind: r.get(5)?,
            speaker: r.get(6)?,
            chars: r.get(7)?,
            work: r.get::<_, Option<i64>>(8)?.unwrap_or(id),
        },
    ))
}

/// Occurrences, articles and works of `term` in `segments`: `accept(key,
/// works)` is asked once per indexed text with a hit, returns how many
/// accepted articles share it and adds their works (as `Segment::tally`).
pub(crate) fn count_in(
    segments: &[Segment],
    term: &str,
    mut accept: impl FnMut(u64, &mut HashSet<u64>) -> u32,
) -> Counts {
    let mut works = HashSet::new();
    let mut c = Counts::default();
    for seg in segments {
        let (occ, arts) = seg.tally(term, &mut accept, &mut works);
        c.occurrences += occ;
        c.articles += arts;
    }
    c.works = works.len();
    c
}

impl Library {
    /// Open the exact index: every live segment, mapped, nothing read yet;
    /// article metadata is read as results need it.
    pub fn searcher(&self) -> Result<Searcher, LibraryError> {
        // One snapshot for the segment list and every later metadata read.
        let (conn, found) = crate::store::read_snapshot(&self.dir.join(crate::store::DB_FILE))?;
        // `open_read` trusted the file header; the snapshot has the last word.
        if found != crate::store::VERSION {
            return Err(LibraryError::Version {
                found,
                expected: crate::store::VERSION,
            });
        }
        let files: Vec<String> = conn
            .prepare("SELECT file FROM segments ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let next: i64 = conn.query_row(
            "SELECT value FROM state WHERE key = 'next_article'",
            [],
            |r| r.get(0),
        )?;
        let segments = files
            .iter()
            .map(|f| Segment::open(&crate::segments::seg_dir(&self.dir).join(f)))
            .collect::<Result<Vec<_>, _>>()?;
        let slots = Slots::new(next.max(0) as usize + 1);
        Ok(Searcher {
            conn: Mutex::new(conn),
            segments,
            slots,
            all: AtomicBool::new(false),
            library: OnceLock::new(),
            failure: OnceLock::new(),
        })
    }
}

impl Searcher {
    /// Whether every lazy metadata read so far succeeded: answers are
    /// complete. After a failure, always the error.
    pub fn check(&self) -> Result<(), LibraryError> {
        match self.failure.get() {
            Some(e) => Err(LibraryError::MetadataRead(e.clone())),
            None => Ok(()),
        }
    }

    fn fail(&self, e: LibraryError) {
        let _ = self.failure.set(e.to_string());
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while reading leaves no half-done state behind the lock.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The entry of `key`, read from the database on first use.
    fn entry(&self, key: i64) -> Option<&Entry> {
        let slot = self.slots.get(usize::try_from(key).ok()?)?;
        slot.get_or_init(|| {
            if self.all.load(Ordering::Acquire) {
                return None;
            }
            self.fetch(key).unwrap_or_else(|e| {
                self.fail(e);
                None
            })
        })
        .as_deref()
    }

    /// The article `key` and the articles sharing its text: sets their
    /// slots and returns `key`'s entry.
    fn fetch(&self, key: i64) -> Result<Option<Box<Entry>>, LibraryError> {
        let conn = self.conn();
        let mut st = conn.prepare_cached(&format!(
            "SELECT {META_COLUMNS} WHERE id = ?1 OR same_text_as = ?1"
        ))?;
        let rows: Vec<(i64, Option<i64>, Meta)> = st
            .query_map([key], row_to_entry)?
            .collect::<Result<_, _>>()?;
        let mut own = None;
        let mut reprints = Vec::new();
        for (id, holder, meta) in rows {
            let e = Box::new(Entry {
                meta,
                holder: holder.unwrap_or(id),
                reprints: Vec::new(),
                cited: OnceLock::new(),
            });
            if id == key {
                own = Some(e);
            } else {
                reprints.push(id);
                if let Some(slot) = self.slots.get(id as usize) {
                    let _ = slot.set(Some(e));
                }
            }
        }
        reprints.sort_unstable();
        Ok(own.map(|mut e| {
            e.reprints = reprints;
            e
        }))
    }

    /// Read every live article's metadata in one pass (once).
    fn load_all(&self) {
        if self.all.load(Ordering::Acquire) {
            return;
        }
        match self.read_all() {
            Ok(()) => self.all.store(true, Ordering::Release),
            Err(e) => self.fail(e),
        }
    }

    fn read_all(&self) -> Result<(), LibraryError> {
        let conn = self.conn();
        let mut st = conn.prepare(&format!("SELECT {META_COLUMNS}"))?;
        let rows: Vec<(i64, Option<i64>, Meta)> =
            st.query_map([], row_to_entry)?.collect::<Result<_, _>>()?;
        let mut reprints: HashMap<i64, Vec<i64>> = HashMap::new();
        for (id, holder, _) in &rows {
            if let Some(h) = holder {
                reprints.entry(*h).or_default().push(*id);
            }
        }
        let mut cited: HashMap<i64, Vec<Cited>> = HashMap::new();
        let mut st = conn.prepare(
            // Reads the partial index `paragraphs_cited`: only cited paragraphs.
            "SELECT article, body_seq, cite_date, length(text) FROM paragraphs INDEXED BY paragraphs_cited
             WHERE cite_date IS NOT NULL AND body_seq IS NOT NULL ORDER BY article, body_seq",
        )?;
        let rows_c = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Cited {
                    paragraph: r.get::<_, i64>(1)? as usize,
                    date: r.get(2)?,
                    chars: r.get(3)?,
                },
            ))
        })?;
        for row in rows_c {
            let (a, c) = row?;
            cited.entry(a).or_default().push(c);
        }
        for (id, holder, meta) in rows {
            let Some(slot) = self.slots.get(id as usize) else {
                continue;
            };
            let mut r = reprints.remove(&id).unwrap_or_default();
            r.sort_unstable();
            let e = Entry {
                meta,
                holder: holder.unwrap_or(id),
                reprints: r,
                cited: OnceLock::from(cited.remove(&id).unwrap_or_default()),
            };
            let _ = slot.set(Some(Box::new(e)));
        }
        // Every other key is no live article.
        for slot in self.slots.iter() {
            let _ = slot.set(None);
        }
        Ok(())
    }

    /// Read every article's metadata at once when a query has many hits.
    fn expect_hits(&self, n: usize) {
        if n > BULK {
            self.load_all();
        }
    }

    /// Every spelling of `term` that folds to the same simplified text and
    /// that the index holds: extended a character at a time, each prefix
    /// kept only if some text contains it (across punctuation, each
    /// character only if some text contains it).
    fn spellings(&self, term: &str, ignore_punct: bool) -> Vec<String> {
        let mut out = vec![String::new()];
        for c in term.chars() {
            let alts = tifa_text::t2s::spellings(c);
            let mut next = Vec::with_capacity(out.len() * alts.len());
            for prefix in &out {
                for &a in &alts {
                    let mut t = prefix.clone();
                    t.push(a);
                    let probe = if ignore_punct {
                        a.to_string()
                    } else {
                        t.clone()
                    };
                    if a == c || alts.len() == 1 || self.occurrences(&probe, false) > 0 {
                        next.push(t);
                    }
                }
            }
            out = next;
        }
        out
    }

    /// Hits of `term` in every segment (binary searches only).
    fn occurrences(&self, term: &str, ignore_punct: bool) -> usize {
        let probe = if ignore_punct {
            term.chars()
                .find(|&c| !tifa_text::chars::is_punct(c) && !tifa_text::chars::is_space(c))
                .map(String::from)
                .unwrap_or_default()
        } else {
            term.to_string()
        };
        self.segments.iter().map(|s| s.occurrences(&probe)).sum()
    }

    fn each(&self) -> impl Iterator<Item = (i64, &Entry)> {
        self.load_all();
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(k, s)| s.get().and_then(|e| e.as_deref()).map(|e| (k as i64, e)))
    }

    fn cited_of<'a>(&self, e: &'a Entry, article: i64) -> &'a [Cited] {
        e.cited.get_or_init(|| {
            let read = || -> Result<Vec<Cited>, LibraryError> {
                let conn = self.conn();
                let mut st = conn.prepare_cached(
                    "SELECT body_seq, cite_date, length(text) FROM paragraphs INDEXED BY paragraphs_cited
                     WHERE article = ? AND cite_date IS NOT NULL AND body_seq IS NOT NULL ORDER BY body_seq",
                )?;
                let rows = st.query_map([article], |r| {
                    Ok(Cited {
                        paragraph: r.get::<_, i64>(0)? as usize,
                        date: r.get(1)?,
                        chars: r.get(2)?,
                    })
                })?;
                Ok(rows.collect::<Result<_, _>>()?)
            };
            read().unwrap_or_else(|e| {
                self.fail(e);
                Vec::new()
            })
        })
    }
}

impl Searcher {
    /// The internal key of a live article.
    pub fn rowid(&self, id: &ArticleId) -> Option<i64> {
        self.conn()
            .query_row("SELECT id FROM articles WHERE uid = ?", [&id.0], |r| {
                r.get(0)
            })
            .ok()
    }

    /// The articles whose text is indexed under `key`: the holder and its
    /// verbatim reprints.
    fn sharing(&self, key: u64) -> impl Iterator<Item = i64> + '_ {
        let k = key as i64;
        let reprints = self.entry(k).map_or(&[][..], |e| e.reprints.as_slice());
        std::iter::once(k).chain(reprints.iter().copied())
    }

    /// The article whose indexed text `article` uses (itself, or the
    /// article it is a verbatim reprint of): its key in the exact index.
    pub fn holder(&self, article: i64) -> i64 {
        self.entry(article).map_or(article, |e| e.holder)
    }

    /// Metadata of a live article.
    pub fn meta(&self, article: i64) -> Option<&Meta> {
        self.entry(article).map(|e| &e.meta)
    }

    /// Every hit of `term` in accepted articles (in suffix order within each
    /// segment: callers that need text order sort what they keep).
    pub fn hits(&self, term: &str, ignore_punct: bool, filter: &SearchFilter) -> Vec<Hit> {
        if filter.fold {
            let plain = SearchFilter {
                fold: false,
                ..filter.clone()
            };
            return self
                .spellings(term, ignore_punct)
                .iter()
                .flat_map(|t| self.hits(t, ignore_punct, &plain))
                .collect();
        }
        let mut out = Vec::new();
        self.expect_hits(self.occurrences(term, ignore_punct));
        for (s, seg) in self.segments.iter().enumerate() {
            let raw: Vec<(tifa_index::Hit, usize)> = if ignore_punct {
                seg.hits_ignoring_punct(term)
            } else {
                seg.hits(term)
                    .into_iter()
                    .map(|h| (h, term.len()))
                    .collect()
            };
            for (h, len) in raw {
                for article in self.sharing(seg.key(h.article)) {
                    if self.meta(article).is_some_and(|m| filter.accepts(m)) {
                        out.push(Hit {
                            segment: s,
                            article,
                            pos: h.pos,
                            len,
                        });
                    }
                }
            }
        }
        out
    }

    /// Counts of `term`.
    pub fn count(&self, term: &str, ignore_punct: bool, filter: &SearchFilter) -> Counts {
        if ignore_punct || filter.fold {
            return self.tally(&self.hits(term, ignore_punct, filter));
        }
        self.expect_hits(self.occurrences(term, false));
        count_in(&self.segments, term, |key, works| {
            let mut weight = 0;
            for a in self.sharing(key) {
                if let Some(m) = self.meta(a).filter(|m| filter.accepts(m)) {
                    works.insert(m.work as u64);
                    weight += 1;
                }
            }
            weight
        })
    }

    fn tally(&self, hits: &[Hit]) -> Counts {
        let articles: HashSet<i64> = hits.iter().map(|h| h.article).collect();
        let works: HashSet<i64> = articles
            .iter()
            .filter_map(|a| self.meta(*a))
            .map(|m| m.work)
            .collect();
        Counts {
            occurrences: hits.len(),
            articles: articles.len(),
            works: works.len(),
        }
    }

    /// Counts of `term` broken down by year or source (`—` when unknown).
    pub fn count_by(
        &self,
        term: &str,
        ignore_punct: bool,
        filter: &SearchFilter,
        by: Period,
    ) -> BTreeMap<String, Counts> {
        let mut groups: BTreeMap<String, Vec<Hit>> = BTreeMap::new();
        for h in self.hits(term, ignore_punct, filter) {
            let Some(m) = self.meta(h.article) else {
                continue;
            };
            groups
                .entry(by.of(m).unwrap_or("—").to_string())
                .or_default()
                .push(h);
        }
        groups
            .into_iter()
            .map(|(k, v)| (k, self.tally(&v)))
            .collect()
    }

    /// Keyword-in-context lines with `width` characters each side, within
    /// the paragraph; `limit` > 0 keeps only the first `limit` lines.
    pub fn kwic(
        &self,
        term: &str,
        ignore_punct: bool,
        filter: &SearchFilter,
        width: usize,
        sort: SortKwic,
        limit: usize,
    ) -> Vec<KwicLine> {
        let mut hits = self.hits(term, ignore_punct, filter);
        if sort == SortKwic::Position && limit > 0 && hits.len() > limit {
            // The first page in library order without sorting every hit.
            hits.select_nth_unstable_by_key(limit - 1, |h| (h.segment, h.pos));
            hits.truncate(limit);
        }
        hits.sort_by_key(|h| (h.segment, h.pos));
        let mut lines: Vec<KwicLine> = hits.iter().map(|h| self.kwic_line(h, width)).collect();
        match sort {
            SortKwic::Position => {}
            SortKwic::Left => lines.sort_by(|a, b| a.left.chars().rev().cmp(b.left.chars().rev())),
            SortKwic::Right => lines.sort_by(|a, b| a.right.cmp(&b.right)),
            SortKwic::Date => lines.sort_by(|a, b| a.date.cmp(&b.date)),
        }
        if limit > 0 {
            lines.truncate(limit);
        }
        lines
    }

    /// The whole paragraph holding a hit, and the hit's byte offset in it
    /// (a character boundary, even where damaged bytes were replaced).
    pub fn paragraph_text(&self, h: &Hit) -> (String, usize) {
        let seg = &self.segments[h.segment];
        let art = seg.article_of(h.pos);
        let (_, start, end) = seg.paragraph_of(art, h.pos);
        let before = lossy(seg.text(), start, h.pos);
        let at = before.len();
        (before + &lossy(seg.text(), h.pos, end), at)
    }

    /// Live articles with their metadata.
    pub fn metas(&self) -> impl Iterator<Item = (i64, &Meta)> {
        self.each().map(|(k, e)| (k, &e.meta))
    }

    /// The KWIC line of one hit.
    pub fn kwic_line(&self, h: &Hit, width: usize) -> KwicLine {
        let seg = &self.segments[h.segment];
        let art = seg.article_of(h.pos);
        let (paragraph, start, end) = seg.paragraph_of(art, h.pos);
        let text = seg.text();
        let s = |a: usize, b: usize| lossy(text, a, b);
        let left = s(start, h.pos);
        let right = s(h.pos + h.len, end);
        let left: String = left
            .chars()
            .rev()
            .take(width)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let right: String = right.chars().take(width).collect();
        let m = self.meta(h.article);
        KwicLine {
            article: m.map(|m| m.id.clone()).unwrap_or(ArticleId(String::new())),
            title: m.map(|m| m.title.clone()).unwrap_or_default(),
            date: m.and_then(|m| m.date.clone()),
            paragraph,
            left,
            hit: s(h.pos, h.pos + h.len),
            right,
        }
    }

    /// Occurrences of `term` in the indexed texts (binary searches only; a
    /// verbatim reprint's copy is not counted).
    pub fn occurrences_of(&self, term: &str) -> usize {
        self.occurrences(term, false)
    }

    /// The text around a hit, within its article: up to `before` bytes
    /// before it and `after` bytes after its start, snapped to character
    /// boundaries, with the byte offset in the segment where it starts.
    pub fn around(&self, h: &Hit, before: usize, after: usize) -> (String, usize) {
        let seg = &self.segments[h.segment];
        let text = seg.text();
        let (a0, a1) = seg.article_range(seg.article_of(h.pos));
        let boundary = |mut i: usize| {
            while i < text.len() && (text[i] & 0xC0) == 0x80 {
                i += 1;
            }
            i
        };
        let a = boundary(h.pos.saturating_sub(before).max(a0));
        let b = boundary((h.pos + after).min(a1)).max(a);
        (lossy(text, a, b), a)
    }

    /// Index of the body paragraph a hit is in.
    pub fn paragraph_index(&self, h: &Hit) -> usize {
        let seg = &self.segments[h.segment];
        seg.paragraph_of(seg.article_of(h.pos), h.pos).0
    }

    /// The excerpts of an article dated by their own citations, if any.
    pub fn cited(&self, article: i64) -> Option<&[Cited]> {
        let e = self.entry(article)?;
        Some(self.cited_of(e, article)).filter(|c| !c.is_empty())
    }

    /// The date of a hit: its excerpt's citation date when the paragraph
    /// has one, else its article's date.
    pub fn hit_date(&self, h: &Hit) -> Option<&str> {
        if let Some(c) = self.cited(h.article) {
            let p = self.paragraph_index(h);
            if let Ok(k) = c.binary_search_by_key(&p, |x| x.paragraph) {
                return Some(&c[k].date);
            }
        }
        self.meta(h.article)?.date.as_deref()
    }

    /// Every hit of `term` in one article (with 繁简 folding if `fold`).
    pub fn hits_in(&self, term: &str, ignore_punct: bool, fold: bool, article: i64) -> Vec<Hit> {
        let Some(m) = self.meta(article) else {
            return Vec::new();
        };
        let filter = SearchFilter {
            ids: vec![m.id.0.clone()],
            fold,
            ..Default::default()
        };
        self.hits(term, ignore_punct, &filter)
    }

    /// Live article rowids whose text contains `term`, with their hit
    /// counts and first hit.
    pub fn articles_with(
        &self,
        term: &str,
        ignore_punct: bool,
        filter: &SearchFilter,
    ) -> HashMap<i64, (usize, Hit)> {
        let mut out: HashMap<i64, (usize, Hit)> = HashMap::new();
        if ignore_punct || filter.fold {
            for h in self.hits(term, ignore_punct, filter) {
                let e = out.entry(h.article).or_insert((0, h));
                e.0 += 1;
                if h.pos < e.1.pos {
                    e.1 = h;
                }
            }
            return out;
        }
        self.expect_hits(self.occurrences(term, false));
        for (s, seg) in self.segments.iter().enumerate() {
            for (a, n, pos) in seg.articles_with(term) {
                for article in self.sharing(seg.key(a)) {
                    if self.meta(article).is_some_and(|m| filter.accepts(m)) {
                        out.insert(
                            article,
                            (
                                n,
                                Hit {
                                    segment: s,
                                    article,
                                    pos,
                                    len: term.len(),
                                },
                            ),
                        );
                    }
                }
            }
        }
        out
    }

    /// The indexed texts of `holders` (keys of articles that hold their own
    /// text: see `holder`), paragraphs joined by `\n`, in segment order.
    pub fn texts(&self, holders: &HashSet<i64>) -> Vec<(i64, &str)> {
        let mut out = Vec::new();
        for seg in &self.segments {
            texts_of(seg, holders, |k, t| out.push((k, t)));
        }
        out
    }

    /// Call `f(key, text)` for the indexed texts of `holders`, read through
    /// mappings of their own that are dropped afterwards: a caller that
    /// copies the text (into an encoding, say) does not keep the text
    /// resident too.
    pub fn read_texts(
        &self,
        holders: &HashSet<i64>,
        mut f: impl FnMut(i64, &str),
    ) -> Result<(), LibraryError> {
        for seg in &self.segments {
            texts_of(&Segment::open(seg.path())?, holders, &mut f);
        }
        Ok(())
    }

    /// Occurrences of `term` in every indexed text, as (holder key, count):
    /// no filter and no expansion to reprints (the caller maps holders).
    pub fn counts_by_text(&self, term: &str, mut f: impl FnMut(i64, usize)) {
        for seg in &self.segments {
            for (a, n, _) in seg.articles_with(term) {
                f(seg.key(a) as i64, n);
            }
        }
    }

    /// Occurrences of `term` in the indexed texts of `holders`.
    pub fn occurrences_in(&self, term: &str, holders: &HashSet<i64>) -> usize {
        self.segments
            .iter()
            .map(|seg| {
                let accept = |k: u64, _: &mut ()| u32::from(holders.contains(&(k as i64)));
                seg.tally(term, accept, &mut ()).0
            })
            .sum()
    }

    /// The collection BM25 scores against: the texts a search with `filter`
    /// looks at (an article and its verbatim reprints are one text), their
    /// number and mean length. Unfiltered, one aggregate query; filtered,
    /// every article's metadata.
    pub fn collection(&self, filter: &SearchFilter) -> Result<tifa_index::Bm25, LibraryError> {
        if !filter.restricts() {
            if let Some(c) = self.library.get() {
                return Ok(*c);
            }
            let (texts, mean_chars): (i64, Option<f64>) = self.conn().query_row(
                "SELECT count(*), avg(chars) FROM articles WHERE same_text_as IS NULL",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let c = tifa_index::Bm25 {
                texts: texts.max(0) as usize,
                mean_chars: mean_chars.unwrap_or(0.0),
            };
            return Ok(*self.library.get_or_init(|| c));
        }
        let mut holders: HashMap<i64, i64> = HashMap::new();
        for (id, m) in self.metas() {
            if filter.accepts(m) {
                holders.insert(self.holder(id), m.chars.max(0));
            }
        }
        self.check()?;
        let total: i64 = holders.values().sum();
        Ok(tifa_index::Bm25 {
            texts: holders.len(),
            mean_chars: total as f64 / holders.len().max(1) as f64,
        })
    }

    /// Live articles accepted by `filter`.
    pub fn accepted(&self, filter: &SearchFilter) -> Vec<i64> {
        let mut v: Vec<i64> = self
            .metas()
            .filter(|(_, m)| filter.accepts(m))
            .map(|(id, _)| id)
            .collect();
        v.sort_unstable();
        v
    }
}

/// The text of `text[a..b]` (clamped to the text, empty when `b < a`), with
/// U+FFFD for bytes that are not UTF-8: only a damaged segment has any.
fn lossy(text: &[u8], a: usize, b: usize) -> String {
    let b = b.min(text.len());
    String::from_utf8_lossy(text.get(a.min(b)..b).unwrap_or_default()).into_owned()
}

/// `f(key, text)` for the texts of `seg` held by `holders`.
fn texts_of<'a>(seg: &'a Segment, holders: &HashSet<i64>, mut f: impl FnMut(i64, &'a str)) {
    for i in 0..seg.articles() {
        let k = seg.key(i) as i64;
        if holders.contains(&k) {
            let (s, e) = seg.article_range(i);
            // Segments are written from `&str` paragraphs.
            if let Ok(t) = std::str::from_utf8(&seg.text()[s..e]) {
                f(k, t);
            }
        }
    }
}
