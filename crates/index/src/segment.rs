//! One immutable segment of the exact index: the body text of a set of
//! articles, a suffix array over it, and tables mapping byte offsets back to
//! articles and paragraphs. Segments are written once (temp file, then
//! rename) and read through `mmap`.
//!
//! Layout (little endian), version 3:
//! ```text
//! "TIFASEG3" | n_articles u64 | n_paras u64 | text_len u64 | sa_len u64
//! keys [n_articles] u64            caller's article keys
//! article_start [n_articles+1] u32 byte offset of each article's text
//! para_first [n_articles+1] u32    index of each article's first paragraph
//! para_start [n_paras] u32         byte offset of each paragraph
//! text [text_len] (padded to 4)    paragraphs joined by \n, articles ended by \0
//! sa [sa_len] u32                  suffixes starting at a character (not \n or \0)
//! samples [⌈sa_len/256⌉] 16 bytes  the first 16 bytes of every 256th suffix (0-padded)
//! footer: crc32 u32 | "TEND"       CRC-32 of every byte before the footer
//! ```
//! The samples let a lookup find the 256 entries its answer starts and ends
//! in by a binary search of one contiguous table (a few pages), before the
//! exact search reads the text: on a cached 1 GB library a binary search of
//! the whole array costs about 48 page faults a segment, most of a `count`.
//! Version 2 (`TIFASEG2`, no samples) is still read and searched in full.
//! Only suffixes that start a UTF-8 character are kept, so the array has one
//! entry per character (a third of the bytes for Chinese): index ≈ 2.3× text.
//! Version 1 (`TIFASEG1`, no footer) is still read; it has no checksum, and
//! `tifa reindex` rewrites it as version 3.
//!
//! Key decision: damage is caught in two places. `open` checks what costs
//! nothing against the file's size (the header against the length, before
//! any slice is touched, so a truncated file is an error and never a SIGBUS;
//! the article tables, which are small; the text is not touched, so opening
//! costs pages of tables, not the segment); queries never trust an
//! offset read from the file (a suffix-array entry past the text is skipped,
//! a paragraph range is clamped), so flipped bytes may give wrong counts but
//! never a panic. The checksum, which needs every byte read, is checked by
//! `verify` (`tifa verify`), not on every query.

use crate::error::IndexError;
use memmap2::Mmap;
use std::cmp::Ordering;
use std::io::Write;
use std::path::{Path, PathBuf};
use tifa_text::chars::{is_punct, is_space};

const MAGIC: &[u8; 8] = b"TIFASEG3";
const MAGIC_V2: &[u8; 8] = b"TIFASEG2";
const MAGIC_V1: &[u8; 8] = b"TIFASEG1";
/// Every `SAMPLE`-th suffix-array entry has a sample (version 3).
const SAMPLE: usize = 256;
/// Bytes of a suffix kept in its sample.
const SAMPLE_BYTES: usize = 16;
const HEADER: usize = 8 + 4 * 8;
const FOOTER_MAGIC: &[u8; 4] = b"TEND";
/// The version-2 footer: CRC-32 and `TEND`.
const FOOTER: usize = 8;

/// Collects articles, then writes a segment.
#[derive(Default)]
pub struct SegmentBuilder {
    text: Vec<u8>,
    keys: Vec<u64>,
    article_start: Vec<u32>,
    para_first: Vec<u32>,
    para_start: Vec<u32>,
}

impl SegmentBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add an article's body paragraphs under `key`.
    pub fn add<S: AsRef<str>>(&mut self, key: u64, paragraphs: &[S]) {
        self.keys.push(key);
        self.article_start.push(self.text.len() as u32);
        self.para_first.push(self.para_start.len() as u32);
        for (i, p) in paragraphs.iter().enumerate() {
            if i > 0 {
                self.text.push(b'\n');
            }
            self.para_start.push(self.text.len() as u32);
            self.text.extend(
                p.as_ref()
                    .bytes()
                    .map(|b| if b == 0 || b == b'\n' { b' ' } else { b }),
            );
        }
        self.text.push(0);
    }

    /// Bytes of text collected so far.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Build the suffix array and write the segment to `path` atomically.
    pub fn write(mut self, path: &Path) -> Result<(), IndexError> {
        if self.text.len() >= i32::MAX as usize {
            return Err(IndexError::TooLarge(self.text.len()));
        }
        self.article_start.push(self.text.len() as u32);
        self.para_first.push(self.para_start.len() as u32);
        let sa = suffix_array(&self.text);
        let io = |e| IndexError::Io {
            path: path.to_path_buf(),
            source: e,
        };
        let tmp = path.with_extension("tmp");
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(io)?);
        let mut crc = crc32fast::Hasher::new();
        let mut put = |b: &[u8]| {
            crc.update(b);
            w.write_all(b)
        };
        put(MAGIC).map_err(io)?;
        for n in [
            self.keys.len(),
            self.para_start.len(),
            self.text.len(),
            sa.len(),
        ] {
            put(&(n as u64).to_le_bytes()).map_err(io)?;
        }
        for k in &self.keys {
            put(&k.to_le_bytes()).map_err(io)?;
        }
        for arr in [&self.article_start, &self.para_first, &self.para_start] {
            for v in arr.iter() {
                put(&v.to_le_bytes()).map_err(io)?;
            }
        }
        put(&self.text).map_err(io)?;
        put(&vec![0u8; pad4(self.text.len()) - self.text.len()]).map_err(io)?;
        for v in &sa {
            put(&v.to_le_bytes()).map_err(io)?;
        }
        for &p in sa.iter().step_by(SAMPLE) {
            put(&sample_of(&self.text, p as usize)).map_err(io)?;
        }
        w.write_all(&crc.finalize().to_le_bytes()).map_err(io)?;
        w.write_all(FOOTER_MAGIC).map_err(io)?;
        let f = w.into_inner().map_err(|e| io(e.into_error()))?;
        f.sync_all().map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)?;
        Ok(())
    }
}

/// The suffix array of `text` restricted to suffixes that start a
/// character other than `\n` and `\0`, as byte offsets, in byte order.
///
/// UTF-8 byte order is code-point order, so sorting the text as a sequence
/// of characters gives the same order with a third of the entries for
/// Chinese: the characters are renumbered 0..k in code-point order and
/// sorted by libsais over 16-bit symbols. A text with 65,535 or more
/// distinct characters (or not UTF-8) is sorted over bytes by divsufsort.
fn suffix_array(text: &[u8]) -> Vec<u32> {
    if let Some(sa) = std::str::from_utf8(text).ok().and_then(char_suffix_array) {
        return sa;
    }
    byte_suffix_array(text)
}

fn byte_suffix_array(text: &[u8]) -> Vec<u32> {
    let mut sa = vec![0i32; text.len()];
    cdivsufsort::sort_in_place(text, &mut sa);
    let keep = |&p: &i32| {
        let b = text[p as usize];
        b & 0xC0 != 0x80 && b != b'\n' && b != 0
    };
    sa.iter().filter(|p| keep(p)).map(|&p| p as u32).collect()
}

fn char_suffix_array(text: &str) -> Option<Vec<u32>> {
    // Dense, order-preserving numbers for the characters that occur.
    let mut rank = vec![u16::MAX; 0x11_0000];
    let mut seen = 0usize;
    for c in text.chars() {
        if rank[c as usize] == u16::MAX {
            rank[c as usize] = 0;
            seen += 1;
        }
    }
    // u16::MAX marks "absent", so at most 65,535 distinct characters.
    if seen >= u16::MAX as usize {
        return None;
    }
    let mut next = 0u16;
    for r in rank.iter_mut() {
        if *r == 0 {
            *r = next;
            next += 1;
        }
    }
    let mut symbols: Vec<u16> = Vec::with_capacity(text.len() / 2);
    let mut offsets: Vec<u32> = Vec::with_capacity(text.len() / 2);
    for (i, c) in text.char_indices() {
        symbols.push(rank[c as usize]);
        offsets.push(i as u32);
    }
    drop(rank);
    let sa = libsais::SuffixArrayConstruction::for_text(&symbols)
        .in_owned_buffer32()
        .single_threaded()
        .run()
        .ok()?
        .into_vec();
    let bytes = text.as_bytes();
    Some(
        sa.into_iter()
            .map(|p| offsets[p as usize])
            .filter(|&o| {
                let b = bytes[o as usize];
                b != b'\n' && b != 0
            })
            .collect(),
    )
}

/// The first `SAMPLE_BYTES` of the suffix at `pos`, 0-padded at the end of
/// the text (a query never holds a `\0`, so padding compares as the end).
fn sample_of(text: &[u8], pos: usize) -> [u8; SAMPLE_BYTES] {
    let mut out = [0u8; SAMPLE_BYTES];
    let s = text.get(pos..).unwrap_or(&[]);
    let n = s.len().min(SAMPLE_BYTES);
    out[..n].copy_from_slice(&s[..n]);
    out
}

fn pad4(n: usize) -> usize {
    n.div_ceil(4) * 4
}

/// One occurrence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index of the article in this segment.
    pub article: usize,
    /// Byte offset in the segment text.
    pub pos: usize,
}

/// What `Segment::verify` could check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Integrity {
    /// The checksum matches and the tables are consistent.
    Checked,
    /// A version-1 file: consistent tables, but no checksum to compare.
    NoChecksum,
}

/// An open, memory-mapped segment.
pub struct Segment {
    path: PathBuf,
    map: Mmap,
    version: u8,
    n_articles: usize,
    n_paras: usize,
    text_len: usize,
    sa_len: usize,
    keys_at: usize,
    article_start_at: usize,
    para_first_at: usize,
    para_start_at: usize,
    text_at: usize,
    sa_at: usize,
    /// Where the samples start (version 3), else `None`.
    samples_at: Option<usize>,
    /// For each 4 KiB block of text, the article holding its first byte:
    /// maps a hit to its article in O(1) instead of a binary search. Built
    /// on the first query with many hits; until then a hit's article is a
    /// binary search of the article table, so a query with few hits never
    /// reads the whole table.
    block_article: std::sync::OnceLock<Vec<u32>>,
}

/// Queries with more hits than this build `block_article` first.
const MANY_HITS: usize = 256;

const BLOCK: usize = 12;

impl Segment {
    /// Open the segment file at `path`. The header is checked against the
    /// file's size before anything else is read, and the article tables for
    /// consistency; a file that fails is `Truncated`, `Corrupt`, `Version`
    /// or `Missing`, never a panic.
    pub fn open(path: &Path) -> Result<Segment, IndexError> {
        let corrupt = |why: &str| IndexError::Corrupt {
            path: path.to_path_buf(),
            why: why.to_string(),
        };
        let file = std::fs::File::open(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => IndexError::Missing(path.to_path_buf()),
            _ => IndexError::Io {
                path: path.to_path_buf(),
                source: e,
            },
        })?;
        // SAFETY: segment files are immutable once renamed into place; tifa never writes to them.
        let map = unsafe { Mmap::map(&file) }.map_err(|e| IndexError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        // No `MADV_RANDOM`: with the pages cached, as they are after the
        // first query, it costs a system call per segment and stops the
        // kernel mapping a fault's cached neighbours, which the last steps
        // of a binary search land on (count at 200 MB: 3.08 → 2.93 ms).
        let truncated = |expected: usize| IndexError::Truncated {
            path: path.to_path_buf(),
            expected: expected as u64,
            found: map.len() as u64,
        };
        let version = match map.get(..8) {
            Some(m) if m == MAGIC => 3,
            Some(m) if m == MAGIC_V2 => 2,
            Some(m) if m == MAGIC_V1 => 1,
            Some(m) if m.starts_with(b"TIFASEG") => {
                return Err(IndexError::Version {
                    path: path.to_path_buf(),
                    found: String::from_utf8_lossy(m).into_owned(),
                });
            }
            _ if b"TIFASEG".starts_with(&map[..map.len().min(7)]) => {
                return Err(truncated(HEADER));
            }
            _ => return Err(corrupt("not a tifa segment (bad header)")),
        };
        if map.len() < HEADER {
            return Err(truncated(HEADER));
        }
        let n =
            |i: usize| u64::from_le_bytes(map[8 + 8 * i..16 + 8 * i].try_into().expect("8 bytes"));
        let impossible = || corrupt("its header gives impossible sizes");
        let count = |i: usize| usize::try_from(n(i)).map_err(|_| impossible());
        let (n_articles, n_paras, text_len, sa_len) = (count(0)?, count(1)?, count(2)?, count(3)?);
        // Offsets are u32: a segment holds less than 4 GiB of text.
        if text_len > u32::MAX as usize
            || sa_len > text_len
            || n_paras > text_len
            || n_articles > text_len
        {
            return Err(impossible());
        }
        let keys_at = HEADER;
        let article_start_at = keys_at + 8 * n_articles;
        let para_first_at = article_start_at + 4 * (n_articles + 1);
        let para_start_at = para_first_at + 4 * (n_articles + 1);
        let text_at = para_start_at + 4 * n_paras;
        let sa_at = text_at + pad4(text_len);
        let footer = if version >= 2 { FOOTER } else { 0 };
        let samples_at = (version >= 3).then_some(sa_at + 4 * sa_len);
        let samples = if version >= 3 {
            SAMPLE_BYTES * sa_len.div_ceil(SAMPLE)
        } else {
            0
        };
        let expected = sa_at + 4 * sa_len + samples + footer;
        if map.len() < expected {
            return Err(truncated(expected));
        }
        if map.len() > expected {
            return Err(corrupt(&format!(
                "{} bytes, longer than the {expected} its header says",
                map.len()
            )));
        }
        if version >= 2 && &map[expected - 4..] != FOOTER_MAGIC {
            return Err(corrupt("its end marker is missing"));
        }
        let seg = Segment {
            path: path.to_path_buf(),
            map,
            version,
            n_articles,
            n_paras,
            text_len,
            sa_len,
            keys_at,
            article_start_at,
            para_first_at,
            para_start_at,
            text_at,
            sa_at,
            samples_at,
            block_article: std::sync::OnceLock::new(),
        };
        seg.check_tables().map_err(|why| corrupt(&why))?;
        Ok(seg)
    }

    /// The block → article table (built once, on first use).
    fn blocks(&self) -> &[u32] {
        self.block_article.get_or_init(|| {
            let mut table = Vec::with_capacity((self.text_len >> BLOCK) + 1);
            let mut a = 0;
            for b in 0..=(self.text_len >> BLOCK) {
                while a + 1 < self.n_articles
                    && self.u32_at(self.article_start_at, a + 1) <= b << BLOCK
                {
                    a += 1;
                }
                table.push(a as u32);
            }
            table
        })
    }

    /// Build the block table before a query with `hits` hits, when it pays.
    fn prepare(&self, hits: usize) {
        if hits > MANY_HITS {
            self.blocks();
        }
    }

    /// The article tables (read at open: they are small, and the text is not
    /// touched): each article's text is non-empty and they tile the text in
    /// order; each article's paragraphs are a range of the paragraph table,
    /// in order, covering all of it. That each article ends with its `\0` is
    /// checked by `verify` (it would read a page of text per article).
    fn check_tables(&self) -> Result<(), String> {
        let start = |i| self.u32_at(self.article_start_at, i);
        let first = |i| self.u32_at(self.para_first_at, i);
        if start(0) != 0 || start(self.n_articles) != self.text_len {
            return Err("its article table does not cover the text".into());
        }
        if first(0) != 0 || first(self.n_articles) != self.n_paras {
            return Err("its paragraph table does not match the header".into());
        }
        for i in 0..self.n_articles {
            let end = start(i + 1);
            if end <= start(i) || end > self.text_len {
                return Err(format!("article {i} has a bad text range"));
            }
            if first(i + 1) < first(i) {
                return Err(format!("article {i} has a bad paragraph range"));
            }
        }
        Ok(())
    }

    /// Check the whole file: the checksum (version 2) and every offset in
    /// the paragraph table and the suffix array. Reads every byte.
    pub fn verify(&self) -> Result<Integrity, IndexError> {
        let corrupt = |why: String| IndexError::Corrupt {
            path: self.path.clone(),
            why,
        };
        if self.version >= 2 {
            let body = self.map.len() - FOOTER;
            let stored = u32::from_le_bytes(self.map[body..body + 4].try_into().expect("4 bytes"));
            if crc32fast::hash(&self.map[..body]) != stored {
                return Err(IndexError::Checksum {
                    path: self.path.clone(),
                });
            }
        }
        for a in 0..self.n_articles {
            let (s, e) = self.article_range(a);
            if self.text()[e] != 0 {
                return Err(corrupt(format!("article {a} does not end its text")));
            }
            let paras = self.u32_at(self.para_first_at, a)..self.u32_at(self.para_first_at, a + 1);
            let mut last = s;
            for p in paras {
                let at = self.u32_at(self.para_start_at, p);
                if at < last || at > e {
                    return Err(corrupt(format!("paragraph {p} starts outside its article")));
                }
                last = at;
            }
        }
        let text = self.text();
        for i in 0..self.sa_len {
            let p = self.u32_at(self.sa_at, i);
            if p >= self.text_len || text[p] & 0xC0 == 0x80 || text[p] == 0 || text[p] == b'\n' {
                return Err(corrupt(format!(
                    "suffix-array entry {i} is not a character of the text"
                )));
            }
        }
        if let Some(at) = self.samples_at {
            for (j, i) in (0..self.sa_len).step_by(SAMPLE).enumerate() {
                let stored = &self.map[at + SAMPLE_BYTES * j..at + SAMPLE_BYTES * (j + 1)];
                if stored != sample_of(text, self.u32_at(self.sa_at, i)) {
                    return Err(corrupt(format!("sample {j} does not match its suffix")));
                }
            }
        }
        Ok(if self.version >= 2 {
            Integrity::Checked
        } else {
            Integrity::NoChecksum
        })
    }

    /// The format version (1, 2 or 3).
    pub fn version(&self) -> u8 {
        self.version
    }

    /// Bytes of text (articles' `\0` terminators included).
    pub fn text_len(&self) -> usize {
        self.text_len
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn u32_at(&self, base: usize, i: usize) -> usize {
        let o = base + 4 * i;
        u32::from_le_bytes(self.map[o..o + 4].try_into().expect("4 bytes")) as usize
    }

    /// The segment text.
    pub fn text(&self) -> &[u8] {
        &self.map[self.text_at..self.text_at + self.text_len]
    }

    pub fn articles(&self) -> usize {
        self.n_articles
    }

    /// The caller's key of article `i`.
    pub fn key(&self, i: usize) -> u64 {
        let o = self.keys_at + 8 * i;
        u64::from_le_bytes(self.map[o..o + 8].try_into().expect("8 bytes"))
    }

    /// Byte range of article `i`'s text (without its terminator).
    pub fn article_range(&self, i: usize) -> (usize, usize) {
        (
            self.u32_at(self.article_start_at, i),
            self.u32_at(self.article_start_at, i + 1) - 1,
        )
    }

    /// Total characters of article `i`.
    pub fn article_chars(&self, i: usize) -> usize {
        let (s, e) = self.article_range(i);
        self.text()[s..e]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80 && b != b'\n')
            .count()
    }

    /// The article holding byte `pos`.
    pub fn article_of(&self, pos: usize) -> usize {
        let Some(blocks) = self.block_article.get() else {
            // Articles whose text starts at or before `pos`, minus one.
            let n = partition(self.n_articles, |i| {
                self.u32_at(self.article_start_at, i) <= pos
            });
            return n.saturating_sub(1);
        };
        let mut a = blocks.get(pos >> BLOCK).map_or(0, |&a| a as usize);
        while a + 1 < self.n_articles && self.u32_at(self.article_start_at, a + 1) <= pos {
            a += 1;
        }
        a
    }

    /// Paragraph index (within its article) and paragraph byte range holding
    /// `pos` (a byte of the text): `start <= pos <= end`, even in a damaged file.
    pub fn paragraph_of(&self, article: usize, pos: usize) -> (usize, usize, usize) {
        let first = self.u32_at(self.para_first_at, article);
        let last = self.u32_at(self.para_first_at, article + 1);
        let (mut lo, mut hi) = (first, last.max(first + 1));
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if self.u32_at(self.para_start_at, mid) <= pos {
                lo = mid
            } else {
                hi = mid
            }
        }
        let start = if self.n_paras > 0 {
            self.u32_at(self.para_start_at, lo)
        } else {
            0
        };
        let text = self.text();
        let pos = pos.min(self.text_len);
        let line_end = |from: usize| {
            text.get(from..)
                .and_then(|t| t.iter().position(|&b| b == b'\n' || b == 0))
                .map_or(self.text_len, |e| from + e)
        };
        let end = line_end(start);
        if start <= pos && pos <= end {
            return (lo - first, start, end);
        }
        // A damaged paragraph table: the paragraph is the line around `pos`.
        let start = text[..pos]
            .iter()
            .rposition(|&b| b == b'\n' || b == 0)
            .map_or(0, |s| s + 1);
        (lo - first, start, line_end(pos))
    }

    fn suffix(&self, i: usize) -> &[u8] {
        self.text().get(self.u32_at(self.sa_at, i)..).unwrap_or(&[])
    }

    /// Suffix-array entry `i`, if it is a character start inside the text
    /// (always, unless the file was damaged after it was written).
    fn sa_pos(&self, i: usize) -> Option<usize> {
        let p = self.u32_at(self.sa_at, i);
        self.text()
            .get(p)
            .is_some_and(|&b| b & 0xC0 != 0x80 && b != 0 && b != b'\n')
            .then_some(p)
    }

    /// Suffix-array range of suffixes that start with `q`.
    fn range(&self, q: &[u8]) -> (usize, usize) {
        let cmp = |i: usize| {
            let s = self.suffix(i);
            let n = s.len().min(q.len());
            match s[..n].cmp(&q[..n]) {
                Ordering::Equal if n < q.len() => Ordering::Less,
                o => o,
            }
        };
        let (lo, hi) = self.window(q);
        let lower = lo + partition(hi - lo, |i| cmp(lo + i) == Ordering::Less);
        let upper = lower + partition(hi - lower, |i| cmp(lower + i) != Ordering::Greater);
        (lower, upper)
    }

    /// Suffix-array entries `lo..hi` that hold the start and the end of the
    /// range of `q` (the whole array without samples). A sample whose
    /// first bytes sort before `q`'s is before the range; one that sorts
    /// after is after it; the range lies between the last of the first
    /// kind and the first of the second. A damaged sample can only move
    /// the window, never out of the array.
    fn window(&self, q: &[u8]) -> (usize, usize) {
        let Some(at) = self.samples_at else {
            return (0, self.sa_len);
        };
        let n = self.sa_len.div_ceil(SAMPLE);
        let m = q.len().min(SAMPLE_BYTES);
        let sample = |j: usize| &self.map[at + SAMPLE_BYTES * j..at + SAMPLE_BYTES * j + m];
        let before = partition(n, |j| sample(j) < &q[..m]);
        let not_after = before + partition(n - before, |j| sample(before + j) <= &q[..m]);
        let lo = if before == 0 {
            0
        } else {
            (before - 1) * SAMPLE + 1
        };
        let hi = if not_after >= n {
            self.sa_len
        } else {
            not_after * SAMPLE
        };
        let lo = lo.min(self.sa_len);
        (lo, hi.clamp(lo, self.sa_len))
    }

    /// Number of occurrences of `q` (deleted articles included).
    pub fn occurrences(&self, q: &str) -> usize {
        if q.is_empty() || q.contains(['\n', '\0']) {
            return 0;
        }
        let (l, u) = self.range(q.as_bytes());
        u - l
    }

    /// Occurrences of `q` in accepted articles, and the accepted articles
    /// that contain it. `accept(key, works)` is asked once per indexed text
    /// with a hit; it returns how many accepted articles share that text
    /// (0 leaves it out) and adds their work ids to `works`.
    pub fn tally<W>(
        &self,
        q: &str,
        mut accept: impl FnMut(u64, &mut W) -> u32,
        works: &mut W,
    ) -> (usize, usize) {
        if q.is_empty() || q.contains(['\n', '\0']) {
            return (0, 0);
        }
        let (l, u) = self.range(q.as_bytes());
        self.prepare(u - l);
        // Per article: u32::MAX = not asked yet, else its weight.
        let mut weight = vec![u32::MAX; self.n_articles];
        let (mut occ, mut arts) = (0, 0);
        for i in l..u {
            let Some(pos) = self.sa_pos(i) else { continue };
            let a = self.article_of(pos);
            if weight[a] == u32::MAX {
                weight[a] = accept(self.key(a), works);
                arts += weight[a] as usize;
            }
            occ += weight[a] as usize;
        }
        (occ, arts)
    }

    /// The articles containing `q`: (article index, occurrences, first byte offset).
    pub fn articles_with(&self, q: &str) -> Vec<(usize, usize, usize)> {
        if q.is_empty() || q.contains(['\n', '\0']) {
            return Vec::new();
        }
        let (l, u) = self.range(q.as_bytes());
        self.prepare(u - l);
        let mut slot = vec![u32::MAX; self.n_articles];
        let mut out: Vec<(usize, usize, usize)> = Vec::new();
        for i in l..u {
            let Some(pos) = self.sa_pos(i) else { continue };
            let a = self.article_of(pos);
            match slot[a] {
                u32::MAX => {
                    slot[a] = out.len() as u32;
                    out.push((a, 1, pos));
                }
                k => {
                    let e = &mut out[k as usize];
                    e.1 += 1;
                    e.2 = e.2.min(pos);
                }
            }
        }
        out
    }

    /// Every occurrence of `q`, in suffix order.
    pub fn hits(&self, q: &str) -> Vec<Hit> {
        if q.is_empty() || q.contains(['\n', '\0']) {
            return Vec::new();
        }
        let (l, u) = self.range(q.as_bytes());
        self.prepare(u - l);
        (l..u)
            .filter_map(|i| self.sa_pos(i))
            .map(|pos| Hit {
                article: self.article_of(pos),
                pos,
            })
            .collect()
    }

    /// Occurrences of `q` when punctuation and spaces in the text are
    /// ignored (大众创业万众创新 matches 大众创业、万众创新). Returns the hit and
    /// its byte length in the text.
    pub fn hits_ignoring_punct(&self, q: &str) -> Vec<(Hit, usize)> {
        let want: Vec<char> = q
            .chars()
            .filter(|&c| !is_punct(c) && !is_space(c))
            .collect();
        let Some(first) = want.first() else {
            return Vec::new();
        };
        let mut buf = [0u8; 4];
        let (l, u) = self.range(first.encode_utf8(&mut buf).as_bytes());
        self.prepare(u - l);
        let text = self.text();
        let mut out = Vec::new();
        for i in l..u {
            let Some(pos) = self.sa_pos(i) else { continue };
            if let Some(len) = match_skipping(text, pos, &want) {
                out.push((
                    Hit {
                        article: self.article_of(pos),
                        pos,
                    },
                    len,
                ));
            }
        }
        out.sort_by_key(|(h, _)| h.pos);
        out
    }
}

/// Match `want` at `pos`, skipping punctuation and spaces (not \n or \0);
/// returns the byte length of the match.
fn match_skipping(text: &[u8], pos: usize, want: &[char]) -> Option<usize> {
    let s = std::str::from_utf8(&text[pos..(pos + want.len() * 12 + 64).min(text.len())])
        .or_else(|e| std::str::from_utf8(&text[pos..pos + e.valid_up_to()]))
        .ok()?;
    let mut k = 0;
    for (off, c) in s.char_indices() {
        if c == want[k] {
            k += 1;
            if k == want.len() {
                return Some(off + c.len_utf8());
            }
        } else if k == 0 || c == '\n' || c == '\0' || !(is_punct(c) || is_space(c)) {
            return None;
        }
    }
    None
}

/// Number of leading indices in `0..n` for which `pred` holds (pred is monotone).
fn partition(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) { lo = mid + 1 } else { hi = mid }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(texts: &[Vec<&str>], q: &str) -> usize {
        texts
            .iter()
            .map(|ps| ps.join("\n").matches(q).count())
            .sum()
    }

    #[test]
    fn finds_every_substring() {
        let texts = vec![
            vec!["推动高质量发展，促进高质量充分就业。", "中国农业发展银行"],
            vec!["大众创业、万众创新", "质量发展质量发展"],
            vec!["安装简单", "ascii text 123"],
        ];
        let mut b = SegmentBuilder::new();
        for (k, t) in texts.iter().enumerate() {
            b.add(k as u64 + 10, t);
        }
        let dir = std::env::temp_dir().join(format!("tifa-seg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.seg");
        b.write(&path).unwrap();
        let s = Segment::open(&path).unwrap();
        for q in [
            "质量发展",
            "发展银行",
            "简单",
            "高质量",
            "发展",
            "。",
            "t 1",
            "质",
            "不存在",
        ] {
            assert_eq!(s.occurrences(q), naive(&texts, q), "{q}");
        }
        let hits = s.hits("质量发展");
        let keys: Vec<u64> = hits.iter().map(|h| s.key(h.article)).collect();
        assert!(keys.contains(&10) && keys.contains(&11));
        let h = s.hits("农业发展")[0];
        assert_eq!(s.paragraph_of(h.article, h.pos).0, 1);
        assert_eq!(s.hits_ignoring_punct("大众创业万众创新").len(), 1);
        assert_eq!(
            s.hits_ignoring_punct("促进高质量充分就业中国").len(),
            0,
            "paragraph breaks are not skipped"
        );
        assert_eq!(s.occurrences("\n"), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn character_order_is_byte_order() {
        let mut text = String::new();
        for i in 0..400u32 {
            for c in ["质量发展", "ab", "𠀋𠀋", "。", "a\n", "高质量", "\u{7f}é"] {
                text.push_str(c);
                if i % 7 == 0 {
                    text.push('\0');
                }
            }
            text.push(char::from_u32(0x4e00 + i * 37 % 900).unwrap());
        }
        text.push('\0');
        let chars = char_suffix_array(&text).unwrap();
        assert_eq!(chars, byte_suffix_array(text.as_bytes()));
        assert_eq!(suffix_array(b""), Vec::<u32>::new());
    }

    fn sample(dir: &Path) -> PathBuf {
        let texts = [
            vec!["推动高质量发展，促进高质量充分就业。", "中国农业发展银行"],
            vec!["大众创业、万众创新", "质量发展质量发展"],
            vec!["安装简单", "ascii text 123"],
        ];
        let mut b = SegmentBuilder::new();
        for (k, t) in texts.iter().enumerate() {
            b.add(k as u64 + 10, t);
        }
        std::fs::create_dir_all(dir).unwrap();
        let path = dir.join("a.tsa");
        b.write(&path).unwrap();
        path
    }

    /// Every query path on a segment that opened: may be wrong, must not panic.
    fn exercise(s: &Segment) {
        for q in ["质量发展", "发展", "。", "t", "创新", "不存在"] {
            s.occurrences(q);
            s.tally(q, |_, _: &mut ()| 1, &mut ());
            s.articles_with(q);
            for h in s.hits(q) {
                let (_, start, end) = s.paragraph_of(h.article, h.pos);
                assert!(start <= h.pos && h.pos <= end && end <= s.text().len());
                s.key(h.article);
            }
            s.hits_ignoring_punct(q);
        }
        for a in 0..s.articles() {
            s.article_chars(a);
        }
    }

    #[test]
    fn every_flipped_byte_is_caught_and_never_panics() {
        let dir = std::env::temp_dir().join(format!("tifa-seg-flip-{}", std::process::id()));
        let path = sample(&dir);
        let good = std::fs::read(&path).unwrap();
        assert_eq!(
            Segment::open(&path).unwrap().verify().unwrap(),
            Integrity::Checked
        );
        let (mut refused, mut opened) = (0, 0);
        for i in 0..good.len() {
            for flip in [0x01u8, 0x80, 0xFF] {
                let mut b = good.clone();
                b[i] ^= flip;
                std::fs::write(&path, &b).unwrap();
                match Segment::open(&path) {
                    Err(_) => refused += 1,
                    Ok(s) => {
                        opened += 1;
                        exercise(&s);
                        assert!(s.verify().is_err(), "byte {i} ^ {flip:#x} not detected");
                    }
                }
            }
        }
        println!("{refused} damaged files refused at open, {opened} caught by verify");
        assert!(refused > 0 && opened > 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn truncated_files_are_refused_at_open() {
        let dir = std::env::temp_dir().join(format!("tifa-seg-cut-{}", std::process::id()));
        let path = sample(&dir);
        let good = std::fs::read(&path).unwrap();
        for keep in 0..good.len() {
            std::fs::write(&path, &good[..keep]).unwrap();
            let e = Segment::open(&path)
                .err()
                .expect("a truncated file is an error");
            assert!(
                matches!(e, IndexError::Truncated { .. } | IndexError::Corrupt { .. }),
                "{keep}: {e}"
            );
        }
        let mut longer = good.clone();
        longer.extend_from_slice(b"xxxx");
        std::fs::write(&path, &longer).unwrap();
        assert!(Segment::open(&path).is_err());
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(Segment::open(&path), Err(IndexError::Missing(_))));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The bytes of a version-3 segment rewritten as version 2: the samples
    /// dropped, the checksum over what is left. With `footer` false, as
    /// version 1 (no footer either).
    fn older(v3: &[u8], sa_len: usize, footer: bool) -> Vec<u8> {
        let samples = SAMPLE_BYTES * sa_len.div_ceil(SAMPLE);
        let mut b = v3[..v3.len() - FOOTER - samples].to_vec();
        if footer {
            b[..8].copy_from_slice(MAGIC_V2);
            let crc = crc32fast::hash(&b);
            b.extend_from_slice(&crc.to_le_bytes());
            b.extend_from_slice(FOOTER_MAGIC);
        } else {
            b[..8].copy_from_slice(MAGIC_V1);
        }
        b
    }

    #[test]
    fn older_versions_are_still_read() {
        let dir = std::env::temp_dir().join(format!("tifa-seg-v1-{}", std::process::id()));
        let path = sample(&dir);
        let v3 = Segment::open(&path).unwrap();
        assert_eq!(v3.version(), 3);
        let qs = ["质量发展", "发展", "创新", "t"];
        let want: Vec<usize> = qs.iter().map(|q| v3.occurrences(q)).collect();
        let sa_len = v3.sa_len;
        drop(v3);
        let v3 = std::fs::read(&path).unwrap();
        for (version, footer, integrity) in [
            (2, true, Integrity::Checked),
            (1, false, Integrity::NoChecksum),
        ] {
            std::fs::write(&path, older(&v3, sa_len, footer)).unwrap();
            let s = Segment::open(&path).unwrap();
            assert_eq!(s.version(), version);
            let got: Vec<usize> = qs.iter().map(|q| s.occurrences(q)).collect();
            assert_eq!(got, want, "version {version}");
            assert_eq!(s.verify().unwrap(), integrity);
        }
        let mut b = older(&v3, sa_len, false);
        b[..8].copy_from_slice(b"TIFASEG9");
        std::fs::write(&path, &b).unwrap();
        assert!(matches!(
            Segment::open(&path),
            Err(IndexError::Version { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A text over six characters, so suffixes share long prefixes (longer
    /// than a sample) and thousands of entries fall between samples: every
    /// count through the samples equals a scan, and equals the count of
    /// the same file without them (version 2).
    #[test]
    fn samples_narrow_the_search_without_changing_answers() {
        let alphabet: Vec<char> = "高质量发展的".chars().collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut texts: Vec<Vec<String>> = Vec::new();
        for _ in 0..40 {
            let mut paras = Vec::new();
            for _ in 0..5 {
                let len = 20 + (next() % 200) as usize;
                // Runs of one character make prefixes longer than 16 bytes tie.
                let p: String = (0..len)
                    .map(|i| {
                        if i % 50 < 12 {
                            '的'
                        } else {
                            alphabet[(next() % 6) as usize]
                        }
                    })
                    .collect();
                paras.push(p);
            }
            texts.push(paras);
        }
        let mut b = SegmentBuilder::new();
        for (k, t) in texts.iter().enumerate() {
            b.add(k as u64, t);
        }
        let dir = std::env::temp_dir().join(format!("tifa-seg-samples-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.tsa");
        b.write(&path).unwrap();
        let s = Segment::open(&path).unwrap();
        assert!(s.sa_len > 10 * SAMPLE, "{} entries", s.sa_len);
        let joined: Vec<String> = texts.iter().map(|ps| ps.join("\n")).collect();
        // Overlapping occurrences, as the index counts them.
        let scan = |q: &str| -> usize {
            joined
                .iter()
                .map(|t| {
                    t.char_indices()
                        .filter(|(i, _)| t[*i..].starts_with(q))
                        .count()
                })
                .sum()
        };
        let mut queries: Vec<String> = Vec::new();
        for len in [1, 2, 3, 5, 6, 7, 9, 14] {
            for _ in 0..25 {
                let t = &joined[(next() % joined.len() as u64) as usize];
                let cs: Vec<char> = t.chars().collect();
                let at = (next() as usize) % cs.len().saturating_sub(len).max(1);
                let q: String = cs[at..(at + len).min(cs.len())].iter().collect();
                if !q.contains('\n') {
                    queries.push(q);
                }
            }
        }
        queries.extend([
            "的".repeat(6),
            "的".repeat(12),
            "的".repeat(13),
            "高的质".into(),
        ]);
        queries.extend([
            "发展展展展展展".into(),
            "质量发展的高质量发展的".into(),
            "不".into(),
        ]);
        let via_samples: Vec<usize> = queries.iter().map(|q| s.occurrences(q)).collect();
        for (q, &n) in queries.iter().zip(&via_samples) {
            assert_eq!(n, scan(q), "{q}");
        }
        let sa_len = s.sa_len;
        drop(s);
        let v3 = std::fs::read(&path).unwrap();
        std::fs::write(&path, older(&v3, sa_len, true)).unwrap();
        let full = Segment::open(&path).unwrap();
        let without: Vec<usize> = queries.iter().map(|q| full.occurrences(q)).collect();
        assert_eq!(via_samples, without);
        drop(full);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
