//! The catalog: what a plain `count` needs (the live segments, which
//! articles are live, their works and verbatim reprints) in one small
//! mapped file, so that `tifa count TERM` answers without opening SQLite.
//!
//! Key decision: the catalog is a cache, never the truth, and it proves its
//! own freshness. It is written after every commit and carries the identity
//! of the database files (size, modification time, and the WAL header, whose salts
//! change on every WAL restart) as they were *before* the state it records
//! was read. A reader uses it only while that identity is unchanged: any
//! commit since, by tifa or by anything else, appends to the WAL (or resets
//! it, or writes the database file), so a catalog is either current or
//! ignored, and the answer then comes from SQLite as before. tifa's own
//! writers also hold `WriteGuard` from before their transaction to after
//! their catalog is written: it removes the catalog first (a writer killed
//! after its commit leaves none) and locks out other tifa writers (none
//! commits between another's stamp and its rename), so only a writer outside
//! tifa relies on the stamp alone. Writer connections keep the WAL on close
//! (`SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE`), so a process exiting does not make
//! the catalog it just wrote stale.
//!
//! Only a count with no filter, folding or punctuation skipping reads it;
//! everything else needs metadata and opens SQLite.
//!
//! Damage is treated as in a segment (`tifa_index::segment`): opening checks
//! the header against the file's size and the tables against each other, so
//! a truncated catalog is never used and never read past its end; a value
//! flipped inside the tables may give a wrong count but never a panic (keys
//! and offsets are bounds-checked); `verify` compares the whole content with
//! the database and names `tifa reindex`, which writes it again.

use crate::search::Counts;
use crate::segments::seg_dir;
use crate::store::{DB_FILE, Library, VERSION};
use std::io::Write;
use std::path::{Path, PathBuf};
use tifa_index::Segment;

const FILE: &str = "catalog.bin";
const LOCK: &str = "catalog.lock";
const MAGIC: &[u8; 8] = b"TIFACAT1";
/// Magic, schema version, keys, reprints, names bytes, stamp bytes.
const HEADER: usize = 8 + 5 * 4;
/// A key that is not a live article.
const NONE: u32 = u32::MAX;

fn path(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

/// The identity of the database and its WAL as they are now, or `None`
/// where it cannot be taken (then no catalog is used or written).
#[cfg(unix)]
fn stamp(dir: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::MetadataExt;
    fn push(out: &mut Vec<u8>, m: &std::fs::Metadata) {
        for v in [m.len() as i64, m.mtime(), m.mtime_nsec()] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    let mut out = Vec::with_capacity(160);
    push(&mut out, &std::fs::metadata(dir.join(DB_FILE)).ok()?);
    let wal = dir.join(format!("{DB_FILE}-wal"));
    match std::fs::File::open(&wal) {
        Ok(mut f) => {
            out.push(1);
            push(&mut out, &f.metadata().ok()?);
            // The WAL header: its salts change whenever the WAL restarts.
            let mut head = [0u8; 32];
            let mut n = 0;
            while n < head.len() {
                match f.read(&mut head[n..]) {
                    Ok(0) => break,
                    Ok(k) => n += k,
                    Err(_) => return None,
                }
            }
            out.extend_from_slice(&head[..n]);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => out.push(0),
        Err(_) => return None,
    }
    Some(out)
}

#[cfg(not(unix))]
fn stamp(_dir: &Path) -> Option<Vec<u8>> {
    None
}

/// The catalog's content, read from the database.
#[derive(Debug, PartialEq, Eq)]
struct Content {
    segments: Vec<String>,
    /// Per key: the live article's work, or `NONE`.
    works: Vec<u32>,
    /// Per key: where its verbatim reprints start in `reprints` (one more
    /// entry than keys).
    starts: Vec<u32>,
    reprints: Vec<u32>,
}

impl Content {
    /// Read in one snapshot; `None` when an id or a segment name does not
    /// fit the format (or the schema is another version).
    fn read(dir: &Path) -> Result<Option<Content>, crate::LibraryError> {
        let (conn, version) = crate::store::read_snapshot(&dir.join(DB_FILE))?;
        if version != VERSION {
            return Ok(None);
        }
        let segments: Vec<String> = conn
            .prepare("SELECT file FROM segments ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        if segments.iter().any(|s| s.contains('\n')) {
            return Ok(None);
        }
        let next: i64 = conn.query_row(
            "SELECT value FROM state WHERE key = 'next_article'",
            [],
            |r| r.get(0),
        )?;
        let rows: Vec<(i64, Option<i64>, Option<i64>)> = conn
            .prepare("SELECT id, work, same_text_as FROM articles")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let fits = |v: i64| (0..i64::from(NONE)).contains(&v);
        let top = rows.iter().map(|r| r.0).max().unwrap_or(0).max(next);
        if !fits(top)
            || rows
                .iter()
                .any(|r| !r.1.is_none_or(fits) || !r.2.is_none_or(fits))
        {
            return Ok(None);
        }
        let keys = top as usize + 1;
        let mut works = vec![NONE; keys];
        let mut of: Vec<(u32, u32)> = Vec::new();
        for &(id, work, holder) in &rows {
            works[id as usize] = work.unwrap_or(id) as u32;
            if let Some(h) = holder {
                of.push((h as u32, id as u32));
            }
        }
        of.sort_unstable();
        let mut starts = Vec::with_capacity(keys + 1);
        let mut at = 0;
        for k in 0..=keys as u32 {
            while at < of.len() && of[at].0 < k {
                at += 1;
            }
            starts.push(at as u32);
        }
        Ok(Some(Content {
            segments,
            works,
            starts,
            reprints: of.into_iter().map(|(_, id)| id).collect(),
        }))
    }

    fn bytes(&self, stamp: &[u8]) -> Vec<u8> {
        let names = self.segments.join("\n");
        let mut b = Vec::with_capacity(
            HEADER
                + stamp.len()
                + names.len()
                + 4 * (2 * self.works.len() + self.reprints.len())
                + 8,
        );
        b.extend_from_slice(MAGIC);
        for v in [
            VERSION as u32,
            self.works.len() as u32,
            self.reprints.len() as u32,
            names.len() as u32,
            stamp.len() as u32,
        ] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(stamp);
        b.extend_from_slice(names.as_bytes());
        while b.len() % 4 != 0 {
            b.push(0);
        }
        for v in self.works.iter().chain(&self.starts).chain(&self.reprints) {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b
    }
}

/// A writer's hold on the catalog, from before its transaction begins to
/// after it ends: taken, it locks `catalog.lock` (other tifa writers wait)
/// and removes the catalog, so a writer killed after its commit leaves none;
/// dropped, after the transaction has committed or rolled back, it writes
/// the catalog of the library as it then is and unlocks.
pub(crate) struct WriteGuard {
    dir: PathBuf,
    /// Held while the guard lives; `None` when the lock file cannot be
    /// opened or another writer held it for two minutes (SQLite's own busy
    /// wait then decides, and the stamp still retires a stale catalog).
    _lock: Option<std::fs::File>,
}

impl WriteGuard {
    pub(crate) fn take(dir: &Path) -> WriteGuard {
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK))
            .ok()
            .and_then(|f| {
                let until = std::time::Instant::now() + std::time::Duration::from_secs(120);
                loop {
                    match f.try_lock() {
                        Ok(()) => return Some(f),
                        Err(std::fs::TryLockError::WouldBlock)
                            if std::time::Instant::now() < until =>
                        {
                            std::thread::sleep(std::time::Duration::from_millis(20))
                        }
                        Err(_) => return None,
                    }
                }
            });
        let _ = std::fs::remove_file(path(dir));
        WriteGuard {
            dir: dir.to_path_buf(),
            _lock: lock,
        }
    }
}

impl Drop for WriteGuard {
    fn drop(&mut self) {
        publish(&self.dir);
    }
}

/// Write the catalog of the library as it is now. Best effort: a catalog
/// that cannot be written is removed, and counts read SQLite.
fn publish(dir: &Path) {
    if write(dir).is_err() {
        let _ = std::fs::remove_file(path(dir));
    }
}

fn write(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    checkpoint(dir);
    // The stamp next: a commit after it makes this catalog unused. Not the
    // change time: SQLite's `fchown` of the WAL (run as root) moves it. Not
    // the inode: a library copied with its times (`cp -a`, `mv` across file
    // systems) keeps its catalog, and a file put back from a backup has the
    // backup's time, not the one stamped.
    let Some(stamp) = stamp(dir) else {
        return Err("no stamp".into());
    };
    let Some(content) = Content::read(dir)? else {
        return Err("the library does not fit the format".into());
    };
    let tmp = dir.join(format!("{FILE}.{}.tmp", std::process::id()));
    let done = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&content.bytes(&stamp))?;
        f.sync_data()?;
        std::fs::rename(&tmp, path(dir))
    })();
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(done?)
}

/// Copy the WAL into the database and empty it, unless a reader still
/// needs it (then as much as it can, without waiting): what closing the
/// last connection did before writers kept the WAL on close.
fn checkpoint(dir: &Path) {
    use rusqlite::OpenFlags;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if let Ok(c) = rusqlite::Connection::open_with_flags(dir.join(DB_FILE), flags) {
        let _ = c.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        );
        // Never wait: a reader's snapshot (the server's) keeps its frames.
        let _ = c.busy_timeout(std::time::Duration::ZERO);
        let _ = c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
}

/// A mapped catalog whose stamp matches the database as it is now.
struct Mapped {
    map: memmap2::Mmap,
    keys: usize,
    reprints: usize,
    names: (usize, usize),
    works_at: usize,
}

/// How a catalog on disk stands against the database.
#[derive(Debug)]
enum Standing {
    /// No catalog, or one the database has moved on from: not used.
    Absent,
    /// Current, with this damage (its size or header is wrong).
    Damaged(String),
    Current(Mapped),
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

impl std::fmt::Debug for Mapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Mapped({} keys)", self.keys)
    }
}

fn standing(dir: &Path) -> Standing {
    let Ok(file) = std::fs::File::open(path(dir)) else {
        return Standing::Absent;
    };
    // SAFETY: a catalog is replaced by rename, never written in place.
    let Ok(map) = (unsafe { memmap2::Mmap::map(&file) }) else {
        return Standing::Absent;
    };
    if map.len() < HEADER || &map[..8] != MAGIC {
        // Its stamp cannot be read: current or not, it is not used.
        return Standing::Absent;
    }
    let h = |i: usize| u32_at(&map, 8 + 4 * i) as usize;
    let (version, keys, reprints, names, stamp_len) = (h(0), h(1), h(2), h(3), h(4));
    let Some(now) = stamp(dir) else {
        return Standing::Absent;
    };
    if map.get(HEADER..HEADER + stamp_len) != Some(&now[..]) {
        return Standing::Absent;
    }
    if version != VERSION as usize {
        return Standing::Damaged(format!("schema version {version}, not {VERSION}"));
    }
    let names_at = HEADER + stamp_len;
    let works_at = (names_at + names).div_ceil(4) * 4;
    let expected = works_at as u64 + 4 * (2 * keys as u64 + 1 + reprints as u64);
    if map.len() as u64 != expected {
        return Standing::Damaged(format!("{} bytes, expected {expected} bytes", map.len()));
    }
    let m = Mapped {
        map,
        keys,
        reprints,
        names: (names_at, names_at + names),
        works_at,
    };
    if m.start(keys) as usize != reprints || std::str::from_utf8(m.names_bytes()).is_err() {
        return Standing::Damaged("inconsistent tables".to_string());
    }
    Standing::Current(m)
}

impl Mapped {
    fn names_bytes(&self) -> &[u8] {
        &self.map[self.names.0..self.names.1]
    }

    fn segments(&self) -> Vec<String> {
        let names = String::from_utf8_lossy(self.names_bytes());
        if names.is_empty() {
            return Vec::new();
        }
        names.split('\n').map(String::from).collect()
    }

    fn work(&self, key: u64) -> Option<u32> {
        let k = usize::try_from(key).ok().filter(|&k| k < self.keys)?;
        Some(u32_at(&self.map, self.works_at + 4 * k)).filter(|&w| w != NONE)
    }

    fn start(&self, k: usize) -> u32 {
        u32_at(&self.map, self.works_at + 4 * (self.keys + k))
    }

    /// The verbatim reprints of live article `key`.
    fn reprints(&self, key: u64) -> impl Iterator<Item = u64> + '_ {
        let k = usize::try_from(key).ok().filter(|&k| k < self.keys);
        let (a, b) = k.map_or((0, 0), |k| {
            let (a, b) = (self.start(k) as usize, self.start(k + 1) as usize);
            (
                a.min(self.reprints),
                b.clamp(a.min(self.reprints), self.reprints),
            )
        });
        let at = self.works_at + 4 * (2 * self.keys + 1);
        (a..b).map(move |i| u64::from(u32_at(&self.map, at + 4 * i)))
    }

    fn content(&self) -> Content {
        let at = |i: usize| u32_at(&self.map, self.works_at + 4 * i);
        Content {
            segments: self.segments(),
            works: (0..self.keys).map(at).collect(),
            starts: (self.keys..2 * self.keys + 1).map(at).collect(),
            reprints: (2 * self.keys + 1..2 * self.keys + 1 + self.reprints)
                .map(at)
                .collect(),
        }
    }
}

/// Exact counts from the catalog and the segments, without SQLite.
pub struct Counter {
    catalog: Mapped,
    segments: Vec<Segment>,
}

impl Library {
    /// A counter for counts with no filter, when the library has a current
    /// catalog and its segments open; `None` sends the count to the
    /// searcher (which reports whatever is wrong).
    pub fn counter(&self) -> Option<Counter> {
        let Standing::Current(catalog) = standing(&self.dir) else {
            return None;
        };
        let sd = seg_dir(&self.dir);
        let segments = catalog
            .segments()
            .iter()
            .map(|f| Segment::open(&sd.join(f)))
            .collect::<Result<Vec<_>, _>>()
            .ok()?;
        Some(Counter { catalog, segments })
    }

    /// Whether the catalog on disk is current and matches the database:
    /// `Err` says what is wrong; `Ok(false)` when there is no current one.
    pub(crate) fn check_catalog(&self) -> Result<bool, String> {
        match standing(&self.dir) {
            Standing::Absent => Ok(false),
            Standing::Damaged(why) => Err(why),
            Standing::Current(m) => match Content::read(&self.dir) {
                Ok(Some(c)) if c == m.content() => Ok(true),
                Ok(_) => Err("它与数据库不符 it does not match the database".to_string()),
                Err(e) => Err(e.to_string()),
            },
        }
    }

    /// Write the catalog when there is none or the database has moved on
    /// (a writer was killed, or something else wrote it), unless a writer
    /// is at work (its guard writes it). A damaged current catalog is left
    /// for `verify` to report (counts do not use it).
    pub(crate) fn refresh_catalog(&self) {
        if matches!(standing(&self.dir), Standing::Absent) {
            let lock = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(self.dir.join(LOCK));
            if let Ok(f) = lock
                && f.try_lock().is_ok()
            {
                publish(&self.dir);
            }
        }
        // Half-written catalogs of killed writers.
        let prefix = format!("{FILE}.");
        crate::segments::remove_leftovers(&self.dir, |name| {
            name.starts_with(&prefix) && name.ends_with(".tmp")
        });
    }
}

impl Counter {
    /// Occurrences, articles and works of `term` in every live article
    /// (as `Searcher::count` with no filter).
    pub fn count(&self, term: &str) -> Counts {
        crate::search::count_in(&self.segments, term, |key, works| {
            let Some(own) = self.catalog.work(key) else {
                return 0;
            };
            works.insert(u64::from(own));
            let mut weight = 1;
            for w in self
                .catalog
                .reprints(key)
                .filter_map(|r| self.catalog.work(r))
            {
                works.insert(u64::from(w));
                weight += 1;
            }
            weight
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchFilter;

    fn shared(rel: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared")
            .join(rel)
    }

    fn add(lib: &mut Library, dir: &Path) {
        let batch = lib.batch().unwrap();
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            if let Ok(doc) = tifa_ingest::ingest_path(&f, &tifa_ingest::Options::default()) {
                batch.add(&doc).unwrap();
            }
        }
        batch.commit().unwrap();
    }

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("tifa-catalog-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    const TERMS: [&str; 5] = ["新质生产力", "高质量发展", "发展", "中国式现代化", "的"];

    fn same_as_searcher(lib: &Library) {
        let counter = lib.counter().expect("a current catalog after a commit");
        let s = lib.searcher().unwrap();
        for t in TERMS {
            assert_eq!(
                counter.count(t),
                s.count(t, false, &SearchFilter::default()),
                "{t}"
            );
        }
    }

    #[test]
    fn counts_equal_the_searchers_and_a_commit_elsewhere_retires_the_catalog() {
        let d = temp("equal");
        let mut lib = Library::open(&d).unwrap();
        add(&mut lib, &shared("corpus/compilations"));
        same_as_searcher(&lib);
        assert_eq!(lib.check_catalog(), Ok(true));
        // The same texts again (verbatim reprints and same-work links).
        add(&mut lib, &shared("corpus/compilations-extra"));
        same_as_searcher(&lib);
        let any = lib.list(&crate::Filter::default()).unwrap()[0].id.clone();
        lib.remove(&any).unwrap();
        same_as_searcher(&lib);
        // A write by anything else: the catalog is no longer used.
        let other = rusqlite::Connection::open(d.join(DB_FILE)).unwrap();
        other
            .execute("UPDATE articles SET title = title || '·' WHERE id = (SELECT min(id) FROM articles)", [])
            .unwrap();
        drop(other);
        assert!(lib.counter().is_none());
        assert_eq!(lib.check_catalog(), Ok(false));
        // The next writer to open the library writes it again.
        drop(lib);
        let lib = Library::open(&d).unwrap();
        same_as_searcher(&lib);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_damaged_current_catalog_is_found_and_not_used() {
        let d = temp("damaged");
        let mut lib = Library::open(&d).unwrap();
        add(&mut lib, &shared("corpus/compilations"));
        let f = path(&d);
        let mut bytes = std::fs::read(&f).unwrap();
        // Truncated: the size no longer fits its header.
        std::fs::write(&f, &bytes[..bytes.len() - 4]).unwrap();
        assert!(lib.counter().is_none());
        assert!(lib.check_catalog().is_err());
        // A live article marked dead: same size, found by verify.
        let h = |i: usize| u32_at(&bytes, 8 + 4 * i) as usize;
        let works_at = (HEADER + h(4) + h(3)).div_ceil(4) * 4;
        let live = (works_at..)
            .step_by(4)
            .find(|&at| u32_at(&bytes, at) != NONE)
            .unwrap();
        bytes[live..live + 4].copy_from_slice(&NONE.to_le_bytes());
        std::fs::write(&f, &bytes).unwrap();
        assert!(lib.check_catalog().is_err());
        let _ = std::fs::remove_dir_all(&d);
    }

    /// Byte flips and truncations of a real catalog (a damaged disk, a
    /// half-copied file): never a panic; one verify passes counts as the
    /// searcher does, one it cannot vouch for is never used, and the rest
    /// are problems verify reports.
    #[test]
    fn mutated_catalogs_never_panic_and_verify_tells_them() {
        let d = temp("mutated");
        let mut lib = Library::open(&d).unwrap();
        add(&mut lib, &shared("corpus/compilations"));
        let pristine = std::fs::read(path(&d)).unwrap();
        let s = lib.searcher().unwrap();
        let truth: Vec<Counts> = TERMS
            .iter()
            .map(|t| s.count(t, false, &SearchFilter::default()))
            .collect();
        // Deterministic xorshift, so a failure reproduces.
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut told = 0;
        for round in 0..300 {
            let mut b = pristine.clone();
            if round % 4 == 0 {
                b.truncate(next() as usize % b.len());
            }
            for _ in 0..1 + next() % 4 {
                if !b.is_empty() {
                    let i = next() as usize % b.len();
                    b[i] = next() as u8;
                }
            }
            std::fs::write(path(&d), &b).unwrap();
            let counted: Option<Vec<Counts>> = lib
                .counter()
                .map(|c| TERMS.iter().map(|t| c.count(t)).collect());
            match lib.check_catalog() {
                Ok(true) => assert_eq!(counted.as_ref(), Some(&truth), "round {round}"),
                Ok(false) => assert!(counted.is_none(), "round {round}"),
                Err(_) => told += 1,
            }
        }
        println!("catalog mutants: {told} of 300 reported by verify");
        assert!(told >= 100, "only {told} of 300 mutants reported");
        let _ = std::fs::remove_dir_all(&d);
    }
}
