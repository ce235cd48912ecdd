//! The user segmentation dictionary: formulations the user has accepted
//! (from `tifa newterms`, or by hand) that jieba must keep whole in keyword
//! extraction and new-term discovery.
//!
//! Key decision: the dictionary is read when an analysis segments text, so a
//! change takes effect at once and nothing is re-tokenised; no index
//! segments words (the exact index and the ranking built on it count
//! substrings). Its version in `state` moves on with every change, for
//! caches of segmented text (the server's).

use crate::error::LibraryError;
use crate::store::Library;
use rusqlite::TransactionBehavior;
use tifa_index::Segmenter;
use tifa_text::chars::{is_punct, is_space};

/// The longest accepted term, in characters.
const MAX_TERM: usize = 30;

impl Library {
    /// The user dictionary, in term order.
    pub fn dictionary(&self) -> Result<Vec<String>, LibraryError> {
        Ok(self
            .conn()?
            .prepare("SELECT term FROM dictionary ORDER BY term")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// The dictionary version (moves on with every change).
    pub fn dictionary_version(&self) -> Result<i64, LibraryError> {
        Ok(self.conn()?.query_row(
            "SELECT value FROM state WHERE key = 'dictionary'",
            [],
            |r| r.get(0),
        )?)
    }

    /// Jieba with the user dictionary.
    pub fn segmenter(&self) -> Result<Segmenter, LibraryError> {
        Ok(Segmenter::new(&self.dictionary()?))
    }

    /// Add terms to the dictionary; returns those that were new. A term
    /// must be 2–30 characters without spaces or punctuation (jieba cannot
    /// keep anything else whole). All or nothing.
    pub fn add_words(&mut self, terms: &[String]) -> Result<Vec<String>, LibraryError> {
        for t in terms {
            let n = t.chars().count();
            if !(2..=MAX_TERM).contains(&n) || t.chars().any(|c| is_punct(c) || is_space(c)) {
                return Err(LibraryError::BadTerm(t.clone()));
            }
        }
        self.change_dictionary(terms, "INSERT OR IGNORE INTO dictionary (term) VALUES (?)")
    }

    /// Remove terms from the dictionary; returns those that were there.
    pub fn remove_words(&mut self, terms: &[String]) -> Result<Vec<String>, LibraryError> {
        self.change_dictionary(terms, "DELETE FROM dictionary WHERE term = ?")
    }

    fn change_dictionary(
        &mut self,
        terms: &[String],
        sql: &str,
    ) -> Result<Vec<String>, LibraryError> {
        let _catalog = crate::catalog::WriteGuard::take(&self.dir);
        let tx = crate::store::conn_mut(&mut self.conn, &self.dir)?
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut changed = Vec::new();
        {
            let mut st = tx.prepare(sql)?;
            for t in terms {
                if st.execute([t])? > 0 && !changed.contains(t) {
                    changed.push(t.clone());
                }
            }
        }
        if !changed.is_empty() {
            tx.execute(
                "UPDATE state SET value = value + 1 WHERE key = 'dictionary'",
                [],
            )?;
        }
        tx.commit()?;
        Ok(changed)
    }
}
