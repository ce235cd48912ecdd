//! BM25 relevance computed from exact counts: how `tifa search` orders the
//! articles the exact index matched.
//!
//! Key decision: the terms are the query's own terms, counted as substrings
//! (the exact index gives each article's occurrences, the number of texts
//! containing the term and the texts' lengths in characters), not jieba
//! tokens. Ranking then agrees with matching (质量发展 inside 高质量发展
//! counts as a hit for both), and no second, word-segmented index has to be
//! built on `add` and kept in step with the library.

/// The collection a score is computed against.
#[derive(Clone, Copy, Debug)]
pub struct Bm25 {
    /// Texts in the collection.
    pub texts: usize,
    /// Their mean length in characters.
    pub mean_chars: f64,
}

/// Term-frequency saturation.
const K1: f32 = 1.2;
/// Length normalisation of the body.
const B: f32 = 0.75;
/// A title hit counts this many times a body hit of the same weight.
const TITLE: f32 = 2.0;

impl Bm25 {
    /// The weight of a term found in `df` of the texts (Lucene's form,
    /// never negative).
    pub fn idf(&self, df: usize) -> f32 {
        let (n, df) = (self.texts.max(df) as f32, df as f32);
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The score of one term: `tf` occurrences in a body of `chars`
    /// characters, `title_tf` in the title (titles are short: no length
    /// normalisation), weighted by `idf`.
    pub fn score(&self, idf: f32, tf: usize, chars: usize, title_tf: usize) -> f32 {
        let mean = self.mean_chars.max(1.0) as f32;
        let norm = 1.0 - B + B * chars as f32 / mean;
        let sat = |tf: usize, norm: f32| {
            let tf = tf as f32;
            tf * (K1 + 1.0) / (tf + K1 * norm)
        };
        idf * (sat(tf, norm) + TITLE * sat(title_tf, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_denser_and_titled_rank_higher() {
        let c = Bm25 {
            texts: 1000,
            mean_chars: 5000.0,
        };
        assert!(c.idf(3) > c.idf(300));
        assert!(c.idf(1000) > 0.0);
        let idf = c.idf(10);
        // Same occurrences in a shorter text, more occurrences in the same text.
        assert!(c.score(idf, 3, 2000, 0) > c.score(idf, 3, 20000, 0));
        assert!(c.score(idf, 6, 5000, 0) > c.score(idf, 3, 5000, 0));
        // Saturation: the tenth hit adds less than the second.
        let gain = |n| c.score(idf, n + 1, 5000, 0) - c.score(idf, n, 5000, 0);
        assert!(gain(9) < gain(1));
        assert!(c.score(idf, 3, 5000, 1) > c.score(idf, 3, 5000, 0));
        assert_eq!(c.score(idf, 0, 5000, 0), 0.0);
    }
}
