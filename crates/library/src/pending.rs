//! The sampled shingles of the articles one batch adds: held in memory,
//! asked first for same-work candidates, and written to the `shingles`
//! table in sorted runs.
//!
//! Key decision: looking each shingle up and inserting it in SQLite one row
//! at a time (two random B-tree descents per shingle, a shingle per 16
//! characters of text) was most of the writer thread's time on a large
//! `add`. A batch keeps its own shingles in a hash map instead (newest
//! article first, so a lookup answers "the newest `PER_SHINGLE` articles"
//! exactly as the table would), writes them sorted by key every `FLUSH`
//! rows (neighbouring inserts touch the same pages), and asks SQLite only
//! for what the map cannot answer. When the table was empty as the batch
//! began, a Bloom filter of the rows the batch has written says whether the
//! table can hold a shingle at all, so a shingle new to the library costs no
//! query. Memory is bounded: at most `FLUSH` rows in the map (about 40 MB)
//! and 10 bits per distinct shingle written (about 25 MB per GB of text).

use crate::error::LibraryError;
use rusqlite::{Statement, Transaction, params};
use rustc_hash::FxHashMap;

/// Rows held in memory before they are written.
const FLUSH: usize = 1 << 20;
/// The newest articles of earlier batches holding a shingle.
pub(crate) const FIND: &str =
    "SELECT article FROM shingles WHERE hash = ? ORDER BY article DESC LIMIT ?";
/// No next entry in a shingle's list.
const END: u32 = u32::MAX;

/// One batch's shingles not yet in the table, and what the table holds.
pub(crate) struct PendingShingles {
    /// Shingle → its newest entry in `entries`.
    head: FxHashMap<i64, u32>,
    /// (article, the next older entry with the same shingle).
    entries: Vec<(i64, u32)>,
    /// `Some` when the table was empty as the batch began: a filter of
    /// every shingle the batch has written since. `None`: the table held
    /// rows of earlier batches, so every shingle must be looked up.
    written: Option<Bloom>,
}

impl PendingShingles {
    /// For a batch in `tx`, whose `shingles` table may hold earlier rows.
    pub(crate) fn new(tx: &Transaction) -> Result<PendingShingles, LibraryError> {
        let empty: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM shingles)", [], |r| {
            r.get(0)
        })?;
        Ok(PendingShingles {
            head: FxHashMap::default(),
            entries: Vec::new(),
            written: empty.then(Bloom::default),
        })
    }

    /// The newest `limit` articles holding shingle `h`, newest first:
    /// this batch's from memory, older ones from the table.
    /// `find` is `FIND`, prepared by the caller (a statement re-prepared per
    /// shingle would cost more than the lookup).
    pub(crate) fn newest(
        &self,
        find: &mut Statement,
        h: i64,
        limit: usize,
        out: &mut Vec<i64>,
    ) -> Result<(), LibraryError> {
        out.clear();
        let mut at = self.head.get(&h).copied().unwrap_or(END);
        while at != END && out.len() < limit {
            let (article, next) = self.entries[at as usize];
            out.push(article);
            at = next;
        }
        let in_table = self.written.as_ref().is_none_or(|b| b.may_contain(h));
        if out.len() < limit && in_table {
            let rows = find.query_map(params![h, (limit - out.len()) as i64], |r| r.get(0))?;
            for a in rows {
                out.push(a?);
            }
        }
        Ok(())
    }

    /// Record that `article` (newer than every article recorded before)
    /// holds the shingles `hs`; writes a sorted run when `FLUSH` rows wait.
    pub(crate) fn insert(
        &mut self,
        tx: &Transaction,
        article: i64,
        hs: &[i64],
    ) -> Result<(), LibraryError> {
        for &h in hs {
            let at = self.entries.len() as u32;
            let next = self.head.insert(h, at).unwrap_or(END);
            self.entries.push((article, next));
        }
        if self.entries.len() >= FLUSH {
            self.flush(tx)?;
        }
        Ok(())
    }

    /// Write every row held in memory, in key order.
    pub(crate) fn flush(&mut self, tx: &Transaction) -> Result<(), LibraryError> {
        let mut rows: Vec<(i64, i64)> = Vec::with_capacity(self.entries.len());
        for (&h, &first) in &self.head {
            let mut at = first;
            while at != END {
                let (article, next) = self.entries[at as usize];
                rows.push((h, article));
                at = next;
            }
            if let Some(b) = &mut self.written {
                b.insert(h);
            }
        }
        rows.sort_unstable();
        let mut ins = tx.prepare_cached("INSERT INTO shingles (hash, article) VALUES (?, ?)")?;
        for (h, article) in rows {
            ins.execute(params![h, article])?;
        }
        self.head = FxHashMap::default();
        self.entries = Vec::new();
        Ok(())
    }
}

/// A growing Bloom filter of shingle hashes: a list of filters, each twice
/// the capacity of the one before, filled in turn (no false negatives; about
/// 1% false positives per filter, each costing one query that finds nothing).
#[derive(Default)]
struct Bloom {
    filters: Vec<(Vec<u64>, usize)>,
}

/// Capacity of the first filter, in shingles.
const BLOOM_FIRST: usize = 1 << 20;
/// Bits per shingle of capacity and probes per shingle (1.2% false positives).
const BLOOM_BITS: usize = 10;
const BLOOM_PROBES: u64 = 4;

impl Bloom {
    /// The probes of `h` in a filter of `2^k` bits: double hashing over a
    /// mix of the shingle hash (whose low bits are zero: it is sampled by
    /// `hash % 16`).
    fn probes(h: i64, mask: u64) -> impl Iterator<Item = u64> {
        let x = ((h as u64) >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let (a, b) = (x ^ (x >> 29), x.rotate_left(32) | 1);
        (0..BLOOM_PROBES).map(move |i| a.wrapping_add(i.wrapping_mul(b)) & mask)
    }

    fn insert(&mut self, h: i64) {
        let full = self
            .filters
            .last()
            .is_none_or(|(bits, n)| *n >= bits.len() * 64 / BLOOM_BITS);
        if full {
            let capacity = BLOOM_FIRST << self.filters.len();
            let words = (capacity * BLOOM_BITS).next_power_of_two() / 64;
            self.filters.push((vec![0; words], 0));
        }
        let (bits, n) = self.filters.last_mut().expect("a filter was pushed");
        let mask = (bits.len() * 64 - 1) as u64;
        for p in Bloom::probes(h, mask) {
            bits[(p / 64) as usize] |= 1 << (p % 64);
        }
        *n += 1;
    }

    fn may_contain(&self, h: i64) -> bool {
        self.filters.iter().any(|(bits, _)| {
            let mask = (bits.len() * 64 - 1) as u64;
            Bloom::probes(h, mask).all(|p| bits[(p / 64) as usize] & (1 << (p % 64)) != 0)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_has_no_false_negatives_and_few_false_positives() {
        let mut b = Bloom::default();
        let n = 3 * BLOOM_FIRST as i64;
        for i in 0..n {
            b.insert(i * 16 * 7919);
        }
        assert_eq!(b.filters.len(), 2);
        assert!((0..n).all(|i| b.may_contain(i * 16 * 7919)));
        let fp = (n..n + 100_000)
            .filter(|i| b.may_contain(i * 16 * 7919))
            .count();
        assert!(fp < 4_000, "{fp} false positives in 100000");
    }
}
