//! SQLite storage: schema, the add transaction, queries and removal.
//!
//! Key decision: the schema is versioned with `PRAGMA user_version`; a
//! library written by a newer tifa is refused rather than misread.

use crate::error::LibraryError;
use crate::pending::PendingShingles;
use crate::samework::{self, MIN_CONTAINMENT, MIN_SHARED, PER_SHINGLE, Relation};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use std::cell::{OnceCell, RefCell};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use tifa_index::SegmentBuilder;
use tifa_ingest::{Document, Origin};

/// Schema version. Versions 3, 4 and 5 are migrated (see `migrate_v3`,
/// `migrate_v4`, `migrate_v5`); older ones (never released) are refused.
pub(crate) const VERSION: i64 = 6;
/// The database file in a data directory.
pub(crate) const DB_FILE: &str = "library.sqlite3";

const SCHEMA: &str = "
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    encoding TEXT,
    front_start INTEGER,
    front_end INTEGER,
    toc TEXT NOT NULL,
    added TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    file INTEGER NOT NULL REFERENCES files(id),
    seq INTEGER NOT NULL,
    title TEXT NOT NULL,
    subtitle TEXT,
    source TEXT,
    date TEXT,
    date_printed TEXT,
    speaker TEXT,
    doc_number TEXT,
    kind TEXT NOT NULL,
    start_line INTEGER,
    end_line INTEGER,
    record INTEGER,
    chars INTEGER NOT NULL,
    outline TEXT NOT NULL,
    nshingles INTEGER NOT NULL,
    body_hash TEXT NOT NULL,
    same_text_as INTEGER,
    lead_in TEXT,
    label TEXT,
    section TEXT,
    published TEXT,
    published_printed TEXT,
    span_from TEXT,
    span_to TEXT,
    detected TEXT,
    work INTEGER
);
CREATE INDEX articles_body_hash ON articles(body_hash);
CREATE INDEX articles_work ON articles(work);
CREATE INDEX articles_same_text ON articles(same_text_as);
CREATE INDEX articles_file ON articles(file);
CREATE TABLE paragraphs (
    article INTEGER NOT NULL REFERENCES articles(id),
    seq INTEGER NOT NULL,
    body_seq INTEGER,
    text TEXT NOT NULL,
    first_line INTEGER NOT NULL,
    last_line INTEGER NOT NULL,
    flag TEXT,
    cite TEXT,
    cite_date TEXT,
    PRIMARY KEY (article, seq)
) WITHOUT ROWID;
CREATE INDEX paragraphs_cited ON paragraphs(article) WHERE cite_date IS NOT NULL;
CREATE TABLE overrides (
    uid TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (uid, field)
) WITHOUT ROWID;
CREATE TABLE shingles (
    hash INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (hash, article)
) WITHOUT ROWID;
CREATE TABLE state (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO state VALUES ('generation', 0);
INSERT INTO state VALUES ('next_article', 1);
INSERT INTO state VALUES ('dictionary', 0);
CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL UNIQUE,
    articles INTEGER NOT NULL,
    bytes INTEGER NOT NULL
);
CREATE TABLE links (
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    containment REAL NOT NULL,
    relation TEXT NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE TABLE dictionary (
    term TEXT PRIMARY KEY,
    added TEXT NOT NULL DEFAULT (datetime('now'))
) WITHOUT ROWID;
";

/// A stable article id: 10 hex digits of SHA-256 over the file hash and the
/// article's origin.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub String);

impl ArticleId {
    fn derive(file_sha: &str, origin: &Origin) -> ArticleId {
        let key = match origin {
            Origin::Lines { start, .. } => format!("{file_sha}:L{start}"),
            Origin::Record(n) => format!("{file_sha}:R{n}"),
        };
        ArticleId(tifa_ingest::sha256_hex(key.as_bytes())[..10].to_string())
    }
}

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An article as stored (user overrides applied).
#[derive(Clone, Debug)]
pub struct ArticleRow {
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
    /// For an excerpt collection: earliest and latest citation dates.
    pub span: Option<(String, String)>,
    pub speaker: Option<String>,
    pub doc_number: Option<String>,
    pub kind: String,
    pub file_name: String,
    pub file_sha256: String,
    pub start_line: Option<i64>,
    pub end_line: Option<i64>,
    pub record: Option<i64>,
    pub chars: i64,
    /// JSON array of {level, text, paragraph}.
    pub outline: String,
    /// Fields the user has edited (`tifa edit`), in `EditField` order.
    pub edited: Vec<EditField>,
}

/// A paragraph as stored.
#[derive(Clone, Debug)]
pub struct ParagraphRow {
    pub text: String,
    pub first_line: i64,
    pub last_line: i64,
    pub flag: Option<String>,
    /// An excerpt's citation as printed, and the date in it.
    pub cite: Option<String>,
    pub cite_date: Option<String>,
}

/// A metadata field the user can correct with `tifa edit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EditField {
    Title,
    Date,
    Speaker,
    Kind,
    Source,
}

impl EditField {
    pub const ALL: [EditField; 5] = [
        EditField::Title,
        EditField::Date,
        EditField::Speaker,
        EditField::Kind,
        EditField::Source,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EditField::Title => "title",
            EditField::Date => "date",
            EditField::Speaker => "speaker",
            EditField::Kind => "kind",
            EditField::Source => "source",
        }
    }

    pub fn parse(s: &str) -> Option<EditField> {
        EditField::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The `articles` column the field is stored in.
    fn column(self) -> &'static str {
        self.as_str()
    }
}

/// A same-work link.
#[derive(Clone, Debug)]
pub struct Link {
    pub other: ArticleId,
    pub relation: Relation,
    pub containment: f64,
}

/// Filters for listing articles.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub kind: Option<String>,
    pub source: Option<String>,
    pub file: Option<String>,
}

/// What an add did to one document.
#[derive(Clone, Debug)]
pub enum AddOutcome {
    Added {
        file: String,
        articles: usize,
        links: usize,
    },
    /// The file is in the library. `removed` of its articles were removed
    /// with `rm` and stay removed (see `Batch::restore_removed`).
    AlreadyPresent { file: String, removed: usize },
    /// The file was in the library; its removed articles are back.
    Restored {
        file: String,
        articles: usize,
        links: usize,
    },
}

/// What storing an article derives from its text: the body's length in
/// characters, its SHA-256 (verbatim reprints) and its sampled shingles
/// (same-work links).
struct Derived {
    chars: i64,
    body_hash: String,
    shingles: Vec<i64>,
}

impl Derived {
    /// One per article of `doc`, in order.
    fn all(doc: &Document) -> Vec<Derived> {
        doc.articles
            .iter()
            .map(|a| {
                let text = a.text();
                Derived {
                    chars: text.chars().count() as i64,
                    body_hash: tifa_ingest::sha256_hex(text.as_bytes()),
                    shingles: samework::shingles(&text),
                }
            })
            .collect()
    }
}

/// A parsed document with what storing it derives from its text, computed
/// apart from the library. Key decision: `add` has one writer thread and
/// parsing threads besides; hashing and shingling the text (about a tenth
/// of the work) is done by the parsing threads (`Prepared::new`), so the
/// writer only stores.
pub struct Prepared {
    pub doc: Document,
    derived: Vec<Derived>,
}

impl Prepared {
    pub fn new(doc: Document) -> Prepared {
        let derived = Derived::all(&doc);
        Prepared { doc, derived }
    }
}

/// Additions in one transaction.
pub struct Batch<'a> {
    tx: Transaction<'a>,
    dir: PathBuf,
    segment: RefCell<SegmentBuilder>,
    /// Segments of this batch being built on other threads, oldest first.
    building: RefCell<Vec<std::thread::JoinHandle<Result<crate::segments::SegFile, LibraryError>>>>,
    /// Segments of this batch already written, recorded at `commit`.
    built: RefCell<Vec<crate::segments::SegFile>>,
    /// Bring back articles of known files that were removed with `rm`.
    restore: bool,
    /// The batch's shingles not yet written, and same-work lookups.
    shingles: RefCell<PendingShingles>,
    /// Last, so it writes the catalog after the transaction has ended.
    _catalog: crate::catalog::WriteGuard,
}

impl Batch<'_> {
    /// Whether adding a file already in the library brings back those of its
    /// articles that were removed with `rm` (default: no: a removal is
    /// deliberate, and re-adding a folder must not undo it; the outcome
    /// says how many stay removed).
    pub fn restore_removed(&mut self, yes: bool) {
        self.restore = yes;
    }

    /// Add one document. A file with its hash already present is left as
    /// it is, except that with `restore_removed` its removed articles return.
    pub fn add(&self, doc: &Document) -> Result<AddOutcome, LibraryError> {
        self.store(doc, &Derived::all(doc))
    }

    /// Add one document prepared by `Prepared::new` (on another thread).
    pub fn add_prepared(&self, p: &Prepared) -> Result<AddOutcome, LibraryError> {
        self.store(&p.doc, &p.derived)
    }

    fn store(&self, doc: &Document, derived: &[Derived]) -> Result<AddOutcome, LibraryError> {
        let out = add_document(
            &self.tx,
            doc,
            derived,
            self.restore,
            &mut self.segment.borrow_mut(),
            &mut self.shingles.borrow_mut(),
        )?;
        let mut seg = self.segment.borrow_mut();
        let mut building = self.building.borrow_mut();
        let mut built = self.built.borrow_mut();
        if seg.len() >= crate::segments::chunk(building.len() + built.len()) {
            if building.len() == crate::segments::IN_FLIGHT {
                crate::segments::join(&mut built, vec![building.remove(0)])?;
            }
            let full = std::mem::take(&mut *seg);
            building.push(crate::segments::spawn_build(&self.dir, full));
        }
        Ok(out)
    }

    /// Make every addition of the batch permanent: the new articles' exact
    /// index segment is written first, then the transaction that records it
    /// commits. A process killed in between leaves an orphan file that the
    /// next `open` deletes, and the library as it was.
    pub fn commit(self) -> Result<(), LibraryError> {
        let mut handles = self.building.into_inner();
        let mut written = self.built.into_inner();
        let last = self.segment.into_inner();
        if !last.is_empty() {
            handles.push(crate::segments::spawn_build(&self.dir, last));
        }
        // Written while the last segment is built.
        let flushed = self.shingles.into_inner().flush(&self.tx);
        if handles.is_empty() && written.is_empty() {
            flushed?;
            return Ok(self.tx.commit()?);
        }
        crate::segments::join(&mut written, handles)?;
        let paths: Vec<PathBuf> = written.iter().map(|f| f.path.clone()).collect();
        let prepared = (|| {
            flushed?;
            crate::segments::record(&self.tx, &written)?;
            let merged = crate::segments::compact_if_needed(&self.tx, &self.dir)?;
            bump_generation(&self.tx)?;
            Ok::<_, LibraryError>(merged)
        })();
        let merged = match prepared {
            Ok(x) => x,
            Err(e) => {
                crate::segments::delete_files(&paths);
                return Err(e);
            }
        };
        if let Err(e) = self.tx.commit() {
            crate::segments::delete_files(&paths);
            return Err(e.into());
        }
        crate::segments::delete_files(&merged);
        Ok(())
    }
}

/// An open library.
pub struct Library {
    /// Opened at once by `open`; by `open_read` on first use, so a command
    /// answered from the exact index alone opens one connection (the
    /// searcher's), not two.
    pub(crate) conn: OnceCell<Connection>,
    pub(crate) dir: PathBuf,
    /// Opened with `open_read`: nothing is written, no lock is taken.
    pub(crate) read_only: bool,
}

/// A read-only connection to the library database: never takes the write
/// lock, never waits for a writer (WAL readers see the last commit). Where
/// SQLite cannot create its shared-memory file (a read-only copy of a data
/// directory without one), the file is opened as immutable.
pub(crate) fn read_connection(db: &Path) -> Result<Connection, LibraryError> {
    Ok(read_at(db, false)?.0)
}

/// A read connection (as `read_connection`) inside a read transaction, one
/// snapshot for every later statement, and the schema version that
/// snapshot holds. The transaction begins with the version read, so a
/// snapshot costs no more than the connection's probe.
pub(crate) fn read_snapshot(db: &Path) -> Result<(Connection, i64), LibraryError> {
    read_at(db, true)
}

fn read_at(db: &Path, snapshot: bool) -> Result<(Connection, i64), LibraryError> {
    use rusqlite::OpenFlags;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let version = |conn: &Connection| -> rusqlite::Result<i64> {
        if snapshot {
            conn.execute_batch("BEGIN")?;
        }
        conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
    };
    let conn = Connection::open_with_flags(db, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(120))?;
    match version(&conn) {
        Ok(v) => Ok((conn, v)),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if matches!(
                e.code,
                rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly
            ) =>
        {
            let mut uri = String::from("file:");
            for c in db.to_string_lossy().chars() {
                match c {
                    '%' => uri.push_str("%25"),
                    '?' => uri.push_str("%3f"),
                    '#' => uri.push_str("%23"),
                    c => uri.push(c),
                }
            }
            uri.push_str("?immutable=1");
            let conn = Connection::open_with_flags(uri, flags)?;
            let v = version(&conn)?;
            Ok((conn, v))
        }
        Err(e) => Err(e.into()),
    }
}

/// The connection in `cell`, to start a write transaction on (a field
/// borrow, so the caller keeps the library's other fields).
pub(crate) fn conn_mut<'c>(
    cell: &'c mut OnceCell<Connection>,
    dir: &Path,
) -> Result<&'c mut Connection, LibraryError> {
    if cell.get().is_none() {
        let c = read_connection(&dir.join(DB_FILE))?;
        let _ = cell.set(c);
    }
    Ok(cell.get_mut().expect("set just above"))
}

/// `PRAGMA user_version` as the database file's header holds it (bytes
/// 60..64, big-endian), or `None` when the header cannot be read.
fn header_version(db: &Path) -> Option<i64> {
    use std::io::Read;
    let mut head = [0u8; 64];
    std::fs::File::open(db).ok()?.read_exact(&mut head).ok()?;
    if &head[..16] != b"SQLite format 3\0" {
        return None;
    }
    Some(i64::from(i32::from_be_bytes([
        head[60], head[61], head[62], head[63],
    ])))
}

impl Library {
    /// Open (or create) the library in `dir`.
    pub fn open(dir: &Path) -> Result<Library, LibraryError> {
        std::fs::create_dir_all(dir).map_err(|e| LibraryError::DataDir {
            path: dir.to_path_buf(),
            source: e,
        })?;
        let conn = Connection::open(dir.join(DB_FILE))?;
        // Wait for another tifa process rather than fail: set before anything else.
        conn.busy_timeout(std::time::Duration::from_secs(120))?;
        // Closing keeps the WAL as it is: the catalog's stamp holds (each
        // commit checkpoints instead, `catalog::WriteGuard`).
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        // Switching a new database to WAL takes an exclusive lock without
        // calling the busy handler: retry while another process holds it.
        retry_busy(|| {
            conn.execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
                 PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;",
            )
        })?;
        let version =
            |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
        let mut v = version(&conn)?;
        if v == 0 {
            // Two processes may create the same new library: the write lock
            // decides, and the loser finds the schema already there.
            retry_busy(|| conn.execute_batch("BEGIN IMMEDIATE"))?;
            v = version(&conn)?;
            if v == 0 {
                conn.execute_batch(&format!("{SCHEMA} PRAGMA user_version = {VERSION};"))?;
                v = VERSION;
            }
            conn.execute_batch("COMMIT")?;
        }
        if v == 3 {
            v = migrate_v3(&conn, dir)?;
        }
        if v == 4 {
            v = migrate_v4(&conn)?;
        }
        if v == 5 {
            v = migrate_v5(&conn)?;
        }
        match v {
            VERSION => {}
            found => {
                return Err(LibraryError::Version {
                    found,
                    expected: VERSION,
                });
            }
        }
        let lib = Library {
            conn: OnceCell::from(conn),
            dir: dir.to_path_buf(),
            read_only: false,
        };
        lib.remove_orphan_segments()?;
        lib.refresh_catalog();
        // Libraries made before ranking moved onto the exact index kept a
        // tantivy index here; nothing reads it any more.
        let old = dir.join("ranked");
        if old.is_dir() {
            let _ = std::fs::remove_dir_all(old);
        }
        Ok(lib)
    }

    /// Open the library in `dir` for reading: a read-only connection, no
    /// lock, no clean-up, nothing written (the commands that only read:
    /// `count`, `kwic`, `search`, `first`, `trend`, …). A library that does
    /// not exist yet, or needs its schema upgraded, is opened with `open`.
    pub fn open_read(dir: &Path) -> Result<Library, LibraryError> {
        let db = dir.join(DB_FILE);
        if !db.exists() {
            return Library::open(dir);
        }
        // The schema version from the database header (a connection and a
        // schema parse cost more than the rest of a `tifa count`). A version
        // written to the WAL but not yet to the header only sends this open
        // down the slower path; the searcher checks it again in its snapshot.
        if header_version(&db) != Some(VERSION) {
            return Library::open(dir);
        }
        Ok(Library {
            conn: OnceCell::new(),
            dir: dir.to_path_buf(),
            read_only: true,
        })
    }

    /// The database connection (a library from `open_read` opens its
    /// read-only connection here, on first use).
    pub(crate) fn conn(&self) -> Result<&Connection, LibraryError> {
        if let Some(c) = self.conn.get() {
            return Ok(c);
        }
        let c = read_connection(&self.dir.join(DB_FILE))?;
        Ok(self.conn.get_or_init(|| c))
    }

    /// The library generation (moves on with every committed change).
    pub fn generation(&self) -> Result<i64, LibraryError> {
        Ok(self.conn()?.query_row(
            "SELECT value FROM state WHERE key = 'generation'",
            [],
            |r| r.get(0),
        )?)
    }

    /// Whether the library was opened with `open_read`.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Start a batch of additions: one transaction, committed by
    /// `Batch::commit`; dropping the batch rolls everything back.
    pub fn batch(&mut self) -> Result<Batch<'_>, LibraryError> {
        let dir = self.dir.clone();
        // IMMEDIATE: take the write lock now (waiting for other writers),
        // so the batch never fails later upgrading a read to a write.
        let catalog = crate::catalog::WriteGuard::take(&self.dir);
        let tx = conn_mut(&mut self.conn, &self.dir)?
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(Batch {
            _catalog: catalog,
            shingles: RefCell::new(PendingShingles::new(&tx)?),
            tx,
            dir,
            segment: RefCell::new(SegmentBuilder::new()),
            building: RefCell::new(Vec::new()),
            built: RefCell::new(Vec::new()),
            restore: false,
        })
    }

    /// Articles matching `filter`, ordered by date then id.
    pub fn list(&self, filter: &Filter) -> Result<Vec<ArticleRow>, LibraryError> {
        let mut sql = format!("{SELECT_ARTICLE} WHERE 1=1");
        let mut args: Vec<String> = Vec::new();
        if let Some(k) = &filter.kind {
            sql.push_str(" AND a.kind = ?");
            args.push(k.clone());
        }
        if let Some(s) = &filter.source {
            sql.push_str(" AND a.source LIKE ?");
            args.push(format!("%{s}%"));
        }
        if let Some(f) = &filter.file {
            sql.push_str(" AND f.name = ?");
            args.push(f.clone());
        }
        sql.push_str(" ORDER BY f.id, a.seq");
        let mut st = self.conn()?.prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args.iter()), row_to_article)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One article by id or unique id prefix (hex digits, any case). A
    /// prefix that matches several articles is `AmbiguousId`, one that
    /// matches none (or is not hex) `NotFound`.
    pub fn get(&self, id: &str) -> Result<ArticleRow, LibraryError> {
        let prefix = id.trim().to_ascii_lowercase();
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(LibraryError::NotFound(id.to_string()));
        }
        // Ids are lowercase hex, so every id starting with the prefix sorts
        // below prefix + 'g': a range scan of the uid index.
        let range = "a.uid >= ?1 AND a.uid < ?1 || 'g'";
        let mut st = self.conn()?.prepare(&format!(
            "{SELECT_ARTICLE} WHERE {range} ORDER BY a.uid LIMIT 5"
        ))?;
        let rows: Vec<ArticleRow> = st
            .query_map([&prefix], row_to_article)?
            .collect::<Result<_, _>>()?;
        match rows.as_slice() {
            [] => Err(LibraryError::NotFound(id.to_string())),
            [one] => Ok(one.clone()),
            _ => {
                let count: i64 = self.conn()?.query_row(
                    &format!("SELECT COUNT(*) FROM articles a WHERE {range}"),
                    [&prefix],
                    |r| r.get(0),
                )?;
                Err(LibraryError::AmbiguousId {
                    prefix: id.to_string(),
                    count: count as usize,
                    examples: rows.iter().map(|r| r.id.0.clone()).collect(),
                })
            }
        }
    }

    /// Paragraphs of an article, flagged ones included, in reading order.
    pub fn paragraphs(&self, id: &ArticleId) -> Result<Vec<ParagraphRow>, LibraryError> {
        let mut st = self.conn()?.prepare(
            "SELECT p.text, p.first_line, p.last_line, p.flag, p.cite, p.cite_date FROM paragraphs p JOIN articles a ON a.id = p.article WHERE a.uid = ? ORDER BY p.seq",
        )?;
        let rows = st.query_map([&id.0], |r| {
            Ok(ParagraphRow {
                text: r.get(0)?,
                first_line: r.get(1)?,
                last_line: r.get(2)?,
                flag: r.get(3)?,
                cite: r.get(4)?,
                cite_date: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Correct an article's metadata: `Some(value)` overrides what ingest
    /// detected, `None` restores it. Overrides are kept by article id, so
    /// they survive `reindex` and adding the same file again (even after
    /// `rm`), and `show`/`export` list which fields were edited.
    pub fn edit(
        &mut self,
        id: &ArticleId,
        changes: &[(EditField, Option<String>)],
    ) -> Result<ArticleRow, LibraryError> {
        let checked: Vec<(EditField, Option<String>)> = changes
            .iter()
            .map(|(f, v)| Ok((*f, v.as_deref().map(|v| check_edit(*f, v)).transpose()?)))
            .collect::<Result<_, LibraryError>>()?;
        let _catalog = crate::catalog::WriteGuard::take(&self.dir);
        let tx = conn_mut(&mut self.conn, &self.dir)?
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let detected: Option<String> = tx
            .query_row(
                "SELECT detected FROM articles WHERE uid = ?",
                [&id.0],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| LibraryError::NotFound(id.0.clone()))?;
        let detected: serde_json::Value = detected
            .and_then(|d| serde_json::from_str(&d).ok())
            .unwrap_or_default();
        for (field, value) in &checked {
            let col = field.column();
            match value {
                Some(v) => {
                    tx.execute(
                        "INSERT OR REPLACE INTO overrides (uid, field, value) VALUES (?, ?, ?)",
                        params![id.0, field.as_str(), v],
                    )?;
                    tx.execute(
                        &format!("UPDATE articles SET {col} = ? WHERE uid = ?"),
                        params![v, id.0],
                    )?;
                }
                None => {
                    tx.execute(
                        "DELETE FROM overrides WHERE uid = ? AND field = ?",
                        params![id.0, field.as_str()],
                    )?;
                    let orig = detected.get(field.as_str()).and_then(|v| v.as_str());
                    tx.execute(
                        &format!("UPDATE articles SET {col} = ? WHERE uid = ?"),
                        params![orig, id.0],
                    )?;
                }
            }
        }
        bump_generation(&tx)?;
        tx.commit()?;
        self.get(&id.0)
    }

    /// Body paragraphs of an article (flagged asides left out): the text
    /// every count and analysis uses.
    pub fn body(&self, id: &ArticleId) -> Result<Vec<String>, LibraryError> {
        Ok(self
            .paragraphs(id)?
            .into_iter()
            .filter(|p| p.flag.is_none())
            .map(|p| p.text)
            .collect())
    }

    /// Direct same-work links of an article.
    pub fn links(&self, id: &ArticleId) -> Result<Vec<Link>, LibraryError> {
        let mut st = self.conn()?.prepare(
            "SELECT o.uid, l.relation, l.containment FROM links l JOIN articles s ON s.id = ?1
             JOIN articles o ON o.id = CASE WHEN l.a = s.id THEN l.b ELSE l.a END
             WHERE l.a = s.id OR l.b = s.id",
        )?;
        let sid: i64 =
            self.conn()?
                .query_row("SELECT id FROM articles WHERE uid = ?", [&id.0], |r| {
                    r.get(0)
                })?;
        let rows = st.query_map([sid], |r| {
            Ok(Link {
                other: ArticleId(r.get(0)?),
                relation: Relation::parse(&r.get::<_, String>(1)?),
                containment: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every article of the same work as `id` (the connected group), itself excluded.
    pub fn same_work(&self, id: &ArticleId) -> Result<Vec<ArticleId>, LibraryError> {
        let mut seen: BTreeSet<ArticleId> = BTreeSet::from([id.clone()]);
        let mut queue = VecDeque::from([id.clone()]);
        while let Some(x) = queue.pop_front() {
            for l in self.links(&x)? {
                if seen.insert(l.other.clone()) {
                    queue.push_back(l.other);
                }
            }
        }
        seen.remove(id);
        Ok(seen.into_iter().collect())
    }

    /// Remove one article (its paragraphs, shingles and links); a file with
    /// no articles left is forgotten, so it can be added again.
    pub fn remove(&mut self, id: &ArticleId) -> Result<(), LibraryError> {
        let _catalog = crate::catalog::WriteGuard::take(&self.dir);
        let tx = conn_mut(&mut self.conn, &self.dir)?
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(i64, i64, Option<i64>)> = tx
            .query_row(
                "SELECT id, file, work FROM articles WHERE uid = ?",
                [&id.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((aid, file, work)) = row else {
            return Err(LibraryError::NotFound(id.0.clone()));
        };
        // Shingles are keyed by hash: recompute them from the stored body to delete by key.
        let body: Vec<String> = tx
            .prepare("SELECT text FROM paragraphs WHERE article = ? AND flag IS NULL ORDER BY seq")?
            .query_map([aid], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut del = tx.prepare("DELETE FROM shingles WHERE hash = ? AND article = ?")?;
        for h in samework::shingles(&body.join("\n")) {
            del.execute(params![h, aid])?;
        }
        drop(del);
        tx.execute("DELETE FROM paragraphs WHERE article = ?", [aid])?;
        // Reprints that used this article's indexed text: the first becomes the
        // holder of the text, in a new segment, and the others point to it.
        let aliases: Vec<i64> = tx
            .prepare("SELECT id FROM articles WHERE same_text_as = ? ORDER BY id")?
            .query_map([aid], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut written = Vec::new();
        if let Some((&heir, rest)) = aliases.split_first() {
            tx.execute(
                "UPDATE articles SET same_text_as = NULL WHERE id = ?",
                [heir],
            )?;
            for r in rest {
                tx.execute(
                    "UPDATE articles SET same_text_as = ? WHERE id = ?",
                    [heir, *r],
                )?;
            }
            let mut b = SegmentBuilder::new();
            b.add(heir as u64, &body);
            written.push(crate::segments::build_file(&self.dir, b)?);
            crate::segments::record(&tx, &written)?;
        }
        tx.execute("DELETE FROM links WHERE a = ?1 OR b = ?1", [aid])?;
        tx.execute("DELETE FROM articles WHERE id = ?", [aid])?;
        if let Some(w) = work {
            regroup(&tx, w)?;
        }
        tx.execute("DELETE FROM files WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM articles WHERE file = ?1)", [file])?;
        let merged = crate::segments::compact_if_needed(&tx, &self.dir)?;
        bump_generation(&tx)?;
        if let Err(e) = tx.commit() {
            crate::segments::delete_files(
                &written.iter().map(|f| f.path.clone()).collect::<Vec<_>>(),
            );
            return Err(e.into());
        }
        crate::segments::delete_files(&merged);
        Ok(())
    }
}

const SELECT_ARTICLE: &str = "SELECT a.uid, a.title, a.subtitle, a.source, a.date, a.date_printed, a.speaker, a.doc_number, a.kind,
    f.name, f.sha256, a.start_line, a.end_line, a.record, a.chars, a.outline,
    a.lead_in, a.label, a.section, a.published, a.published_printed, a.span_from, a.span_to,
    (SELECT group_concat(o.field) FROM overrides o WHERE o.uid = a.uid)
    FROM articles a JOIN files f ON f.id = a.file";

fn row_to_article(r: &rusqlite::Row) -> rusqlite::Result<ArticleRow> {
    let span = match (
        r.get::<_, Option<String>>(21)?,
        r.get::<_, Option<String>>(22)?,
    ) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => None,
    };
    let mut edited: Vec<EditField> = r
        .get::<_, Option<String>>(23)?
        .unwrap_or_default()
        .split(',')
        .filter_map(EditField::parse)
        .collect();
    edited.sort();
    Ok(ArticleRow {
        id: ArticleId(r.get(0)?),
        title: r.get(1)?,
        subtitle: r.get(2)?,
        source: r.get(3)?,
        date: r.get(4)?,
        date_printed: r.get(5)?,
        speaker: r.get(6)?,
        doc_number: r.get(7)?,
        kind: r.get(8)?,
        file_name: r.get(9)?,
        file_sha256: r.get(10)?,
        start_line: r.get(11)?,
        end_line: r.get(12)?,
        record: r.get(13)?,
        chars: r.get(14)?,
        outline: r.get(15)?,
        lead_in: r.get(16)?,
        label: r.get(17)?,
        section: r.get(18)?,
        published: r.get(19)?,
        published_printed: r.get(20)?,
        span,
        edited,
    })
}

/// A checked value for `field`: a kind tifa knows, an ISO date with the
/// precision meant (`2024`, `2024-03`, `2024-03-05`), non-empty text.
fn check_edit(field: EditField, value: &str) -> Result<String, LibraryError> {
    let bad = |reason: &str| LibraryError::BadEdit {
        field: field.as_str(),
        value: value.to_string(),
        reason: reason.to_string(),
    };
    let v = value.trim();
    match field {
        EditField::Kind => tifa_ingest::Kind::parse(v)
            .map(|k| k.as_str().to_string())
            .ok_or_else(|| {
                let kinds: Vec<&str> = tifa_ingest::Kind::ALL.iter().map(|k| k.as_str()).collect();
                bad(&format!("one of {}", kinds.join(", ")))
            }),
        EditField::Date => {
            let ok = v.len() >= 4
                && v.chars().all(|c| c.is_ascii_digit() || c == '-')
                && tifa_text::PartialDate::parse(v)
                    .and_then(|d| d.iso())
                    .is_some_and(|iso| iso.len() == v.len());
            if ok {
                Ok(tifa_text::PartialDate::parse(v)
                    .and_then(|d| d.iso())
                    .expect("checked"))
            } else {
                Err(bad("YYYY, YYYY-MM or YYYY-MM-DD"))
            }
        }
        _ if v.is_empty() => Err(bad("empty")),
        _ => Ok(v.to_string()),
    }
}

/// Run `f` again while SQLite reports the database busy or locked (at most two minutes).
fn retry_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let start = std::time::Instant::now();
    loop {
        match f() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && start.elapsed() < std::time::Duration::from_secs(120) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            r => return r,
        }
    }
}

/// Version 3 → 4: the user dictionary, and article keys that are never
/// reused. Version 3 let SQLite pick rowids, so removing the newest article
/// and adding another reused its key — and the old text still in a segment
/// under that key was counted for the new article. The high-water mark
/// starts above every key any segment holds.
fn migrate_v3(conn: &Connection, dir: &Path) -> Result<i64, LibraryError> {
    retry_busy(|| conn.execute_batch("BEGIN IMMEDIATE"))?;
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if v == 3 {
        let mut high: i64 =
            conn.query_row("SELECT COALESCE(MAX(id), 0) FROM articles", [], |r| {
                r.get(0)
            })?;
        let files: Vec<String> = conn
            .prepare("SELECT file FROM segments")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for f in files {
            let seg = tifa_index::Segment::open(&crate::segments::seg_dir(dir).join(f))?;
            for i in 0..seg.articles() {
                high = high.max(seg.key(i) as i64);
            }
        }
        conn.execute_batch(&format!(
            "CREATE TABLE dictionary (
                 term TEXT PRIMARY KEY,
                 added TEXT NOT NULL DEFAULT (datetime('now'))
             ) WITHOUT ROWID;
             INSERT INTO state VALUES ('next_article', {});
             INSERT INTO state VALUES ('dictionary', 0);
             PRAGMA user_version = 4;",
            high + 1
        ))?;
    }
    conn.execute_batch("COMMIT")?;
    Ok(4.max(v))
}

/// Version 4 → 5: the metadata that means one thing (lead-in, label,
/// section, publication date, excerpt span), excerpt citations on
/// paragraphs, and user overrides. Existing articles keep their values; what
/// they have now is what `edit --reset` restores. Re-adding a file reads the
/// new fields.
fn migrate_v4(conn: &Connection) -> Result<i64, LibraryError> {
    retry_busy(|| conn.execute_batch("BEGIN IMMEDIATE"))?;
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if v == 4 {
        conn.execute_batch(
            "ALTER TABLE articles ADD COLUMN lead_in TEXT;
             ALTER TABLE articles ADD COLUMN label TEXT;
             ALTER TABLE articles ADD COLUMN section TEXT;
             ALTER TABLE articles ADD COLUMN published TEXT;
             ALTER TABLE articles ADD COLUMN published_printed TEXT;
             ALTER TABLE articles ADD COLUMN span_from TEXT;
             ALTER TABLE articles ADD COLUMN span_to TEXT;
             ALTER TABLE articles ADD COLUMN detected TEXT;
             UPDATE articles SET detected = json_object('title', title, 'date', date,
                 'speaker', speaker, 'kind', kind, 'source', source);
             ALTER TABLE paragraphs ADD COLUMN cite TEXT;
             ALTER TABLE paragraphs ADD COLUMN cite_date TEXT;
             CREATE INDEX paragraphs_cited ON paragraphs(article) WHERE cite_date IS NOT NULL;
             CREATE TABLE overrides (
                 uid TEXT NOT NULL,
                 field TEXT NOT NULL,
                 value TEXT,
                 PRIMARY KEY (uid, field)
             ) WITHOUT ROWID;
             PRAGMA user_version = 5;",
        )?;
    }
    conn.execute_batch("COMMIT")?;
    Ok(5.max(v))
}

/// Version 5 → 6: each article's same-work group (`work`: the smallest
/// article key of the group), kept up to date by `add` and `rm`, so a search
/// reads the group of the articles it finds instead of every link.
fn migrate_v5(conn: &Connection) -> Result<i64, LibraryError> {
    retry_busy(|| conn.execute_batch("BEGIN IMMEDIATE"))?;
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if v == 5 {
        conn.execute_batch(
            "ALTER TABLE articles ADD COLUMN work INTEGER;
             UPDATE articles SET work = id;
             CREATE INDEX articles_work ON articles(work);",
        )?;
        let links: Vec<(i64, i64)> = conn
            .prepare("SELECT a, b FROM links")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut parent: HashMap<i64, i64> = HashMap::new();
        fn find(p: &mut HashMap<i64, i64>, x: i64) -> i64 {
            let mut r = x;
            while let Some(&q) = p.get(&r).filter(|&&q| q != r) {
                r = q;
            }
            p.insert(x, r);
            r
        }
        for (a, b) in links {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent.insert(ra.max(rb), ra.min(rb));
            }
        }
        let keys: Vec<i64> = parent.keys().copied().collect();
        let mut set = conn.prepare("UPDATE articles SET work = ? WHERE id = ?")?;
        for k in keys {
            let root = find(&mut parent, k);
            set.execute([root, k])?;
        }
        conn.execute_batch("PRAGMA user_version = 6;")?;
    }
    conn.execute_batch("COMMIT")?;
    Ok(6.max(v))
}

/// Recompute the same-work groups of the articles now in group `work` (after
/// one of them was removed, the group may have split): each connected part
/// of the links among them gets its smallest key.
fn regroup(tx: &Transaction, work: i64) -> Result<(), LibraryError> {
    let members: BTreeSet<i64> = tx
        .prepare("SELECT id FROM articles WHERE work = ?")?
        .query_map([work], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut linked = tx.prepare_cached("SELECT a, b FROM links WHERE a = ?1 OR b = ?1")?;
    let mut set = tx.prepare_cached("UPDATE articles SET work = ? WHERE id = ?")?;
    let mut done: BTreeSet<i64> = BTreeSet::new();
    for &start in &members {
        if done.contains(&start) {
            continue;
        }
        // Members in key order: `start` is the smallest of its part.
        let mut queue = VecDeque::from([start]);
        done.insert(start);
        while let Some(x) = queue.pop_front() {
            set.execute([start, x])?;
            let next: Vec<(i64, i64)> = linked
                .query_map([x], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            for (a, b) in next {
                let o = if a == x { b } else { a };
                if members.contains(&o) && done.insert(o) {
                    queue.push_back(o);
                }
            }
        }
    }
    Ok(())
}

/// Every change to the library's articles moves the generation on; a
/// long-lived reader (the server) compares it to know its view is stale.
fn bump_generation(tx: &Transaction) -> Result<(), LibraryError> {
    tx.execute(
        "UPDATE state SET value = value + 1 WHERE key = 'generation'",
        [],
    )?;
    Ok(())
}

fn add_document(
    tx: &Transaction,
    doc: &Document,
    derived: &[Derived],
    restore: bool,
    segment: &mut SegmentBuilder,
    shingles: &mut PendingShingles,
) -> Result<AddOutcome, LibraryError> {
    let exists: Option<i64> = tx
        .query_row(
            "SELECT id FROM files WHERE sha256 = ?",
            [&doc.sha256],
            |r| r.get(0),
        )
        .optional()?;
    let file = doc.file_name.clone();
    if let Some(file_id) = exists {
        let missing = removed_articles(tx, doc, file_id)?;
        if missing.is_empty() || !restore {
            return Ok(AddOutcome::AlreadyPresent {
                file,
                removed: missing.len(),
            });
        }
        let links = insert_articles(tx, doc, derived, file_id, &missing, segment, shingles)?;
        return Ok(AddOutcome::Restored {
            file,
            articles: missing.len(),
            links,
        });
    }
    tx.execute(
        "INSERT INTO files (name, sha256, format, encoding, front_start, front_end, toc) VALUES (?, ?, ?, ?, ?, ?, ?)",
        params![
            doc.file_name,
            doc.sha256,
            doc.format.as_str(),
            doc.encoding,
            doc.front_matter.map(|f| f.0 as i64),
            doc.front_matter.map(|f| f.1 as i64),
            serde_json::to_string(&doc.toc).unwrap_or_else(|_| "[]".into()),
        ],
    )?;
    let file_id = tx.last_insert_rowid();
    let all: Vec<usize> = (0..doc.articles.len()).collect();
    let links = insert_articles(tx, doc, derived, file_id, &all, segment, shingles)?;
    Ok(AddOutcome::Added {
        file,
        articles: doc.articles.len(),
        links,
    })
}

/// Indexes (in `doc.articles`) of the articles of a file already in the
/// library (`file_id`) that the library no longer holds: removed with `rm`.
/// Only when the library's articles of the file are all among the
/// document's (the file is split the same way as when it was added);
/// otherwise none, so a changed splitter never adds a second copy.
fn removed_articles(
    tx: &Transaction,
    doc: &Document,
    file_id: i64,
) -> Result<Vec<usize>, LibraryError> {
    let held: BTreeSet<String> = tx
        .prepare_cached("SELECT uid FROM articles WHERE file = ?")?
        .query_map([file_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let ids: Vec<ArticleId> = doc
        .articles
        .iter()
        .map(|a| ArticleId::derive(&doc.sha256, &a.origin))
        .collect();
    let same_split = held.iter().all(|h| ids.iter().any(|i| &i.0 == h));
    Ok(if same_split {
        (0..ids.len())
            .filter(|&k| !held.contains(&ids[k].0))
            .collect()
    } else {
        Vec::new()
    })
}

/// Insert the articles `which` (indexes into `doc.articles`, which are also
/// their `seq`) of the file `file_id`: rows, paragraphs, segment text,
/// shingles and same-work links. Returns the links made.
fn insert_articles(
    tx: &Transaction,
    doc: &Document,
    derived: &[Derived],
    file_id: i64,
    which: &[usize],
    segment: &mut SegmentBuilder,
    shingles: &mut PendingShingles,
) -> Result<usize, LibraryError> {
    let mut links = 0;
    let mut ins_art = tx.prepare_cached(
        "INSERT INTO articles (id, uid, file, seq, title, subtitle, source, date, date_printed, speaker, doc_number, kind,
         start_line, end_line, record, chars, outline, nshingles, body_hash, same_text_as,
         lead_in, label, section, published, published_printed, span_from, span_to, detected, work)
         VALUES ((SELECT value FROM state WHERE key = 'next_article'),?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,
                 (SELECT value FROM state WHERE key = 'next_article'))",
    )?;
    let mut find_text = tx.prepare_cached(
        "SELECT id FROM articles WHERE body_hash = ? AND same_text_as IS NULL LIMIT 1",
    )?;
    let mut next_article =
        tx.prepare_cached("UPDATE state SET value = value + 1 WHERE key = 'next_article'")?;
    let mut ins_par = tx.prepare_cached(
        "INSERT INTO paragraphs (article, seq, body_seq, text, first_line, last_line, flag, cite, cite_date) VALUES (?,?,?,?,?,?,?,?,?)",
    )?;
    let mut find_overrides =
        tx.prepare_cached("SELECT field, value FROM overrides WHERE uid = ?")?;
    let mut other_row = tx.prepare_cached("SELECT nshingles, work FROM articles WHERE id = ?")?;
    let mut merge = tx.prepare_cached("UPDATE articles SET work = ? WHERE work = ?")?;
    let mut find_sh = tx.prepare_cached(crate::pending::FIND)?;
    let mut holders = Vec::new();
    for &seq in which {
        let a = &doc.articles[seq];
        let id = ArticleId::derive(&doc.sha256, &a.origin);
        let Derived {
            chars,
            body_hash,
            shingles: sh,
        } = &derived[seq];
        let (start, end, record) = match a.origin {
            Origin::Lines { start, end } => (Some(start as i64), Some(end as i64), None),
            Origin::Record(n) => (None, None, Some(n as i64)),
        };
        let outline: Vec<serde_json::Value> = a
            .outline
            .iter()
            .map(
                |o| serde_json::json!({"level": o.level, "text": o.text, "paragraph": o.paragraph}),
            )
            .collect();
        let same_text: Option<i64> = find_text.query_row([body_hash], |r| r.get(0)).optional()?;
        ins_art.execute(params![
            id.0,
            file_id,
            seq as i64,
            a.title,
            a.subtitle,
            a.source,
            a.date,
            a.date_printed,
            a.speaker,
            a.doc_number,
            a.kind.as_str(),
            start,
            end,
            record,
            chars,
            serde_json::Value::Array(outline).to_string(),
            sh.len() as i64,
            body_hash,
            same_text,
            a.lead_in,
            a.label,
            a.section,
            a.published,
            a.published_printed,
            a.span.as_ref().map(|s| &s.0),
            a.span.as_ref().map(|s| &s.1),
            serde_json::json!({
                "title": a.title, "date": a.date, "speaker": a.speaker,
                "kind": a.kind.as_str(), "source": a.source,
            })
            .to_string(),
        ])?;
        let aid = tx.last_insert_rowid();
        // The user's corrections of this article, made before it was removed
        // or before the library was rebuilt, apply again.
        let overrides: Vec<(String, Option<String>)> = find_overrides
            .query_map([&id.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (field, value) in overrides {
            if let Some(f) = EditField::parse(&field) {
                tx.execute(
                    &format!("UPDATE articles SET {} = ? WHERE id = ?", f.column()),
                    params![value, aid],
                )?;
            }
        }
        // Keys are never reused: a removed article's text may still sit in a segment.
        next_article.execute([])?;
        // A text already in the library (a verbatim reprint) is indexed once:
        // the reprint is an alias of the article that holds the text.
        if same_text.is_none() {
            segment.add(
                aid as u64,
                &a.body().map(|p| p.text.as_str()).collect::<Vec<_>>(),
            );
        }
        let mut body_seq = 0i64;
        for (k, p) in a.paragraphs.iter().enumerate() {
            let bs = p.flag.is_none().then(|| {
                body_seq += 1;
                body_seq - 1
            });
            ins_par.execute(params![
                aid,
                k as i64,
                bs,
                p.text,
                p.first_line as i64,
                p.last_line as i64,
                p.flag.map(|f| f.as_str()),
                p.cite.as_ref().map(|c| &c.text),
                p.cite.as_ref().and_then(|c| c.date.as_ref()),
            ])?;
        }
        // Same-work candidates: articles sharing sampled shingles.
        // The newest articles holding a shingle, at most `PER_SHINGLE` of them.
        let mut shared: HashMap<i64, usize> = HashMap::new();
        for &h in sh {
            shingles.newest(&mut find_sh, h, PER_SHINGLE, &mut holders)?;
            for &other in &holders {
                *shared.entry(other).or_default() += 1;
            }
        }
        // Same-work groups this article joins (and so merges).
        let mut groups: BTreeSet<i64> = BTreeSet::from([aid]);
        for (other, n) in shared {
            if n < MIN_SHARED {
                continue;
            }
            let (theirs, work): (i64, Option<i64>) =
                other_row.query_row([other], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let smaller = (theirs as usize).min(sh.len()).max(1);
            let c = n as f64 / smaller as f64;
            if c >= MIN_CONTAINMENT {
                let rel = Relation::classify(sh.len(), theirs as usize, n);
                tx.execute(
                    "INSERT OR REPLACE INTO links (a, b, containment, relation) VALUES (?, ?, ?, ?)",
                    params![other.min(aid), other.max(aid), c, rel.as_str()],
                )?;
                links += 1;
                groups.insert(work.unwrap_or(other));
            }
        }
        // A group is named by its smallest key.
        if let Some(&w) = groups.first() {
            for &g in groups.iter().skip(1) {
                merge.execute([w, g])?;
            }
        }
        shingles.insert(tx, aid, sh)?;
    }
    Ok(links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_read_takes_the_version_from_the_header_and_the_searcher_checks_it() {
        let dir = std::env::temp_dir().join(format!("tifa-open-read-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        drop(Library::open(&dir).unwrap());
        let db = dir.join(DB_FILE);
        assert_eq!(header_version(&db), Some(VERSION));

        // No connection until one is needed; the searcher brings its own.
        let lib = Library::open_read(&dir).unwrap();
        assert!(lib.is_read_only() && lib.conn.get().is_none());
        lib.searcher().unwrap();
        assert!(lib.conn.get().is_none());
        assert!(lib.list(&Filter::default()).unwrap().is_empty());
        assert!(lib.conn.get().is_some());
        drop(lib);

        // A version still in the WAL, not yet in the header: `open_read`
        // trusts the header, the searcher's snapshot refuses.
        let newer = Connection::open(&db).unwrap();
        newer
            .execute_batch("PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 99;")
            .unwrap();
        assert_eq!(header_version(&db), Some(VERSION));
        let lib = Library::open_read(&dir).unwrap();
        assert!(matches!(
            lib.searcher(),
            Err(LibraryError::Version { found: 99, .. })
        ));
        // Once the header says so (the last connection closed), `open_read`
        // refuses at once.
        drop((lib, newer));
        assert_eq!(header_version(&db), Some(99));
        assert!(matches!(
            Library::open_read(&dir),
            Err(LibraryError::Version { found: 99, .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
