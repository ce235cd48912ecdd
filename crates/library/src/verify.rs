//! `Library::verify`: the library checked end to end, for `tifa verify`.
//!
//! Checks, in order: SQLite's own `integrity_check` and foreign keys; every
//! segment the manifest (`segments` table) names — present, header and size,
//! checksum, tables, and its article and byte counts as recorded; segment
//! files the manifest does not name; every live article's body text in
//! exactly one live segment slot (its own, or its holder's for a verbatim
//! reprint), byte for byte as the database has it; the catalog of plain
//! counts, when it is current, against the database.
//!
//! Key decision: verify reads and reports, it never repairs. Everything but
//! the database is derived from it, so one repair fits every index problem
//! (`tifa reindex`), and only a damaged database needs a backup. A state the
//! next command repairs by itself (a file left by an interrupted add) is a
//! warning, not a problem.

use crate::error::LibraryError;
use crate::segments::seg_dir;
use crate::store::Library;
use std::collections::{BTreeSet, HashMap, HashSet};
use tifa_index::{Integrity, Segment};

/// The repair for anything derived from the database.
pub const REINDEX: &str = "运行 run `tifa reindex` (rebuilds the index from the library)";
/// The repair for the database itself.
const DATABASE: &str = "从备份恢复 restore library.sqlite3 from a backup (or salvage it with sqlite3's .recover); `tifa reindex` cannot repair the database";

/// Which part of the library a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// The SQLite database.
    Database,
    /// One segment file of the exact index.
    Segment,
    /// Live articles against the exact index.
    ExactIndex,
    /// The catalog plain counts read (`catalog.bin`).
    Catalog,
}

impl Check {
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Database => "database",
            Check::Segment => "segment",
            Check::ExactIndex => "exact_index",
            Check::Catalog => "catalog",
        }
    }
}

/// One thing found wrong (or worth knowing).
#[derive(Clone, Debug)]
pub struct Finding {
    pub check: Check,
    /// The file, directory or article concerned.
    pub subject: String,
    pub message: String,
    pub repair: String,
}

/// What was checked.
#[derive(Clone, Copy, Debug, Default)]
pub struct Checked {
    pub articles: usize,
    pub segments: usize,
    pub segment_bytes: u64,
    /// A current catalog was found and compared with the database (none:
    /// plain counts read the database until the next write).
    pub catalog: bool,
}

/// The result of `Library::verify`.
#[derive(Clone, Debug, Default)]
pub struct VerifyReport {
    /// What is wrong: the library needs repair.
    pub problems: Vec<Finding>,
    /// What the next command repairs by itself, or a repair recommends.
    pub warnings: Vec<Finding>,
    pub checked: Checked,
}

impl VerifyReport {
    /// True when nothing is wrong (warnings allowed).
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    fn problem(&mut self, check: Check, subject: &str, message: String, repair: &str) {
        // An index error names its repair; the finding has it apart.
        let message = match message.strip_suffix(tifa_index::REPAIR) {
            Some(m) => m.to_string(),
            None => message,
        };
        self.problems.push(Finding {
            check,
            subject: subject.to_string(),
            message,
            repair: repair.to_string(),
        });
    }

    fn warning(&mut self, check: Check, subject: &str, message: String, repair: &str) {
        self.warnings.push(Finding {
            check,
            subject: subject.to_string(),
            message,
            repair: repair.to_string(),
        });
    }
}

/// At most this many ids are named in one finding.
const NAMED: usize = 5;

/// `ids` as text: the first few, then how many more.
fn some(ids: &[String]) -> String {
    let mut s = ids
        .iter()
        .take(NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > NAMED {
        s.push_str(&format!(" … (+{})", ids.len() - NAMED));
    }
    s
}

impl Library {
    /// Check the library end to end (see the module doc). Reads one
    /// consistent snapshot; an error is returned only when the checks
    /// themselves cannot run (the database cannot be queried).
    pub fn verify(&self) -> Result<VerifyReport, LibraryError> {
        let tx = self.conn()?.unchecked_transaction()?;
        let mut r = VerifyReport::default();
        self.verify_database(&mut r)?;
        let slots = self.verify_segments(&mut r)?;
        self.verify_coverage(&mut r, &slots)?;
        tx.commit()?;
        // Read after the snapshot ends: the catalog's own check reads one.
        match self.check_catalog() {
            Ok(current) => r.checked.catalog = current,
            Err(why) => r.problem(
                Check::Catalog,
                "catalog.bin",
                format!("计数目录有误 the catalog of plain counts is wrong: {why}"),
                REINDEX,
            ),
        }
        Ok(r)
    }

    fn verify_database(&self, r: &mut VerifyReport) -> Result<(), LibraryError> {
        let rows: Vec<String> = self
            .conn()?
            .prepare("PRAGMA integrity_check(20)")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        for row in rows.iter().filter(|r| r.as_str() != "ok") {
            r.problem(
                Check::Database,
                "library.sqlite3",
                format!("数据库损坏 the database is damaged: {row}"),
                DATABASE,
            );
        }
        let orphans: Vec<(String, i64)> = self
            .conn()?
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1).unwrap_or(0))))?
            .collect::<Result<_, _>>()?;
        if !orphans.is_empty() {
            r.problem(
                Check::Database,
                "library.sqlite3",
                format!(
                    "数据库引用失效 {} rows point to rows that do not exist (first: table {}, row {})",
                    orphans.len(),
                    orphans[0].0,
                    orphans[0].1
                ),
                DATABASE,
            );
        }
        r.checked.articles = self
            .conn()?
            .query_row("SELECT COUNT(*) FROM articles", [], |row| {
                row.get::<_, i64>(0)
            })? as usize;
        Ok(())
    }

    /// Check every segment the manifest names; returns the segments that
    /// opened, with whether their contents verified.
    fn verify_segments(&self, r: &mut VerifyReport) -> Result<Vec<(Segment, bool)>, LibraryError> {
        let rows: Vec<(String, i64, i64)> = self
            .conn()?
            .prepare("SELECT file, articles, bytes FROM segments ORDER BY id")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let dir = seg_dir(&self.dir);
        let mut open = Vec::new();
        for (file, articles, bytes) in &rows {
            r.checked.segments += 1;
            let seg = match Segment::open(&dir.join(file)) {
                Ok(s) => s,
                Err(e) => {
                    r.problem(Check::Segment, file, e.to_string(), REINDEX);
                    continue;
                }
            };
            r.checked.segment_bytes += std::fs::metadata(seg.path()).map_or(0, |m| m.len());
            let mut sound = match seg.verify() {
                Ok(Integrity::Checked) => true,
                Ok(Integrity::NoChecksum) => {
                    r.warning(
                        Check::Segment,
                        file,
                        "旧格式，无校验和 format 1 has no checksum: its contents could only be checked for consistency".into(),
                        REINDEX,
                    );
                    true
                }
                Err(e) => {
                    r.problem(Check::Segment, file, e.to_string(), REINDEX);
                    false
                }
            };
            if seg.articles() as i64 != *articles || seg.text_len() as i64 != *bytes {
                r.problem(
                    Check::Segment,
                    file,
                    format!(
                        "与清单不符 does not match the manifest: {} articles and {} bytes of text, recorded as {articles} and {bytes}",
                        seg.articles(),
                        seg.text_len()
                    ),
                    REINDEX,
                );
                sound = false;
            }
            open.push((seg, sound));
        }
        // Files no committed row names: left by an interrupted add (deleted
        // an hour later by the next command), or by a concurrent one.
        let named: HashSet<&str> = rows.iter().map(|(f, _, _)| f.as_str()).collect();
        if let Ok(entries) = std::fs::read_dir(&dir) {
            let mut stray: Vec<String> = entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !named.contains(n.as_str()))
                .collect();
            stray.sort();
            for f in stray {
                r.warning(
                    Check::Segment,
                    &f,
                    "清单中没有此文件 not in the manifest: left by an interrupted or running `tifa add`; removed by a later command once it is an hour old".into(),
                    "无需处理 nothing to do",
                );
            }
        }
        Ok(open)
    }

    /// Every live article's body text in exactly one live segment slot.
    fn verify_coverage(
        &self,
        r: &mut VerifyReport,
        segs: &[(Segment, bool)],
    ) -> Result<(), LibraryError> {
        // Key → (segment, article index) of every slot.
        let mut slots: HashMap<u64, Vec<(usize, usize)>> = HashMap::new();
        for (s, (seg, _)) in segs.iter().enumerate() {
            for a in 0..seg.articles() {
                slots.entry(seg.key(a)).or_default().push((s, a));
            }
        }
        let articles: Vec<(i64, String, Option<i64>)> = self
            .conn()?
            .prepare("SELECT id, uid, same_text_as FROM articles ORDER BY id")?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let uid: HashMap<i64, &str> = articles
            .iter()
            .map(|(id, u, _)| (*id, u.as_str()))
            .collect();
        let holders: HashSet<i64> = articles
            .iter()
            .filter(|(_, _, h)| h.is_none())
            .map(|(id, _, _)| *id)
            .collect();
        // Articles with body text: one without (every paragraph flagged) needs
        // no slot (`add` writes an empty one, a rebuild none).
        let with_text: HashSet<i64> = self
            .conn()?
            .prepare("SELECT DISTINCT article FROM paragraphs WHERE flag IS NULL")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let (mut missing, mut twice, mut bad_holder) = (Vec::new(), Vec::new(), Vec::new());
        for (id, u, holder) in &articles {
            match holder {
                Some(h) if !holders.contains(h) => bad_holder.push(u.clone()),
                Some(_) => {}
                None => match slots.get(&(*id as u64)).map_or(0, Vec::len) {
                    0 if with_text.contains(id) => missing.push(u.clone()),
                    0 | 1 => {}
                    _ => twice.push(u.clone()),
                },
            }
        }
        let unreadable = segs.len() < r.checked.segments;
        if !missing.is_empty() {
            r.problem(
                Check::ExactIndex,
                &some(&missing),
                format!(
                    "{} 篇文章不在精确索引中 {} live articles are in no {}segment: counts and searches miss them",
                    missing.len(),
                    missing.len(),
                    if unreadable { "readable " } else { "" }
                ),
                REINDEX,
            );
        }
        if !twice.is_empty() {
            r.problem(
                Check::ExactIndex,
                &some(&twice),
                format!(
                    "{} 篇文章被索引两次 {} live articles are in more than one segment slot: they are counted twice",
                    twice.len(),
                    twice.len()
                ),
                REINDEX,
            );
        }
        if !bad_holder.is_empty() {
            r.problem(
                Check::Database,
                &some(&bad_holder),
                format!(
                    "{} 篇转载文章的原文缺失 {} verbatim reprints point to an article that does not hold a text",
                    bad_holder.len(),
                    bad_holder.len()
                ),
                DATABASE,
            );
        }
        // The text in each slot, byte for byte (only in segments that verified:
        // a damaged one is reported already).
        let mut st = self.conn()?.prepare(
            "SELECT article, text FROM paragraphs WHERE flag IS NULL ORDER BY article, seq",
        )?;
        let mut rows = st.query([])?;
        let mut differ = BTreeSet::new();
        let mut seen = HashSet::new();
        let mut current: Option<(i64, Vec<u8>)> = None;
        let mut compare = |id: i64, want: &[u8]| {
            if let Some([(s, a)]) = slots.get(&(id as u64)).map(Vec::as_slice) {
                let (seg, sound) = &segs[*s];
                let (from, to) = seg.article_range(*a);
                if *sound && seg.text()[from..to] != *want {
                    differ.insert(uid.get(&id).copied().unwrap_or("?").to_string());
                }
            }
        };
        while let Some(row) = rows.next()? {
            let (id, text): (i64, String) = (row.get(0)?, row.get(1)?);
            if !holders.contains(&id) {
                continue;
            }
            let indexed = text
                .bytes()
                .map(|b| if b == 0 || b == b'\n' { b' ' } else { b });
            match &mut current {
                Some((c, buf)) if *c == id => {
                    buf.push(b'\n');
                    buf.extend(indexed);
                }
                _ => {
                    if let Some((c, buf)) = current.take() {
                        compare(c, &buf);
                    }
                    seen.insert(id);
                    current = Some((id, indexed.collect()));
                }
            }
        }
        if let Some((c, buf)) = current {
            compare(c, &buf);
        }
        // A holder without body paragraphs has an empty slot.
        for id in holders.difference(&seen) {
            compare(*id, b"");
        }
        if !differ.is_empty() {
            let ids: Vec<String> = differ.into_iter().collect();
            r.problem(
                Check::ExactIndex,
                &some(&ids),
                format!(
                    "{} 篇文章的索引文本与文库不符 {} articles' indexed text differs from their text in the library",
                    ids.len(),
                    ids.len()
                ),
                REINDEX,
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tifa_ingest::{Format, Options, ingest_bytes};

    fn library(name: &str) -> (std::path::PathBuf, Library) {
        let dir = std::env::temp_dir().join(format!("tifa-verify-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut lib = Library::open(&dir).unwrap();
        let text = "学习材料一\n\n关于高质量发展的讲话\n\n（来源：新华网，2021年3月5日）\n\n推动高质量发展是做好经济工作的根本要求。高质量发展就是体现新发展理念的发展。\n\n学习材料二\n\n乡村振兴的文章\n\n（来源：人民日报，2022年4月1日）\n\n这是一篇谈论乡村振兴的文章，说明农业农村现代化的重要意义。\n";
        let doc =
            ingest_bytes("a.txt", text.as_bytes(), Format::Text, &Options::default()).unwrap();
        let batch = lib.batch().unwrap();
        batch.add(&doc).unwrap();
        batch.commit().unwrap();
        (dir, lib)
    }

    #[test]
    fn a_sound_library_has_no_problem() {
        let (dir, lib) = library("sound");
        let r = lib.verify().unwrap();
        assert!(r.ok() && r.warnings.is_empty(), "{r:?}");
        assert!(r.checked.catalog, "{r:?}");
        assert_eq!(r.checked.segments, 1);
        assert!(r.checked.articles > 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn manifest_and_slots_are_checked() {
        let (dir, lib) = library("slots");
        let file: String = lib
            .conn()
            .unwrap()
            .query_row("SELECT file FROM segments", [], |r| r.get(0))
            .unwrap();
        // The same segment recorded twice: every article is in two slots.
        let copy = "seg-copy.tsa";
        std::fs::copy(seg_dir(&dir).join(&file), seg_dir(&dir).join(copy)).unwrap();
        lib.conn().unwrap()
            .execute(
                "INSERT INTO segments (file, articles, bytes) SELECT ?, articles, bytes FROM segments",
                [copy],
            )
            .unwrap();
        let r = lib.verify().unwrap();
        assert!(
            r.problems
                .iter()
                .any(|p| p.message.contains("more than one segment slot")),
            "{r:?}"
        );
        // A manifest row that miscounts, and a segment that is not recorded.
        lib.conn()
            .unwrap()
            .execute("UPDATE segments SET articles = 7 WHERE file = ?", [copy])
            .unwrap();
        lib.conn()
            .unwrap()
            .execute("DELETE FROM segments WHERE file = ?", [&file])
            .unwrap();
        let r = lib.verify().unwrap();
        assert!(
            r.problems
                .iter()
                .any(|p| p.message.contains("does not match the manifest")),
            "{r:?}"
        );
        assert!(r.warnings.iter().any(|w| w.subject == file), "{r:?}");
        // No slot at all.
        lib.conn()
            .unwrap()
            .execute("DELETE FROM segments", [])
            .unwrap();
        let r = lib.verify().unwrap();
        assert!(
            r.problems
                .iter()
                .any(|p| p.message.contains("in no segment")),
            "{r:?}"
        );
        // A paragraph changed in the database but not in the index.
        let (dir2, lib2) = library("text");
        lib2.conn()
            .unwrap()
            .execute(
                "UPDATE paragraphs SET text = text || '。' WHERE seq = 0 AND flag IS NULL",
                [],
            )
            .unwrap();
        let r = lib2.verify().unwrap();
        assert!(
            r.problems.iter().any(|p| p.message.contains("differs")),
            "{r:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::remove_dir_all(&dir2).unwrap();
    }
}
