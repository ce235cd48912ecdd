//! Jieba segmentation (`Segmenter`: keywords, new terms, the user
//! dictionary) and a word-segmented tantivy index over titles and bodies
//! (`Ranked`): the engine the field uses, which `tifa bench` and the tests
//! measure tifa against (BM25 over jieba tokens; phrase queries that lose
//! 质量发展 inside 高质量发展).
//!
//! Key decision: the library does not keep one. Ranking is computed from the
//! exact index (`bm25`), so `add` spends nothing on tokenising and there is
//! no second index to keep in step; this one is built for a measurement and
//! thrown away.

use crate::error::{IndexError, RankedAction, RankedProblem};
use jieba_rs::{Jieba, TokenizeMode};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use tifa_text::chars::{is_punct, is_space};

static JIEBA: LazyLock<Arc<Jieba>> = LazyLock::new(|| Arc::new(Jieba::new()));

/// Jieba with jieba's own dictionary plus a user dictionary (formulations
/// the library has accepted, such as 新质生产力), so they come out whole.
#[derive(Clone)]
pub struct Segmenter {
    jieba: Arc<Jieba>,
    /// The user dictionary's words (not jieba's own).
    user: Arc<std::collections::HashSet<String>>,
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter {
            jieba: JIEBA.clone(),
            user: Arc::default(),
        }
    }
}

impl Segmenter {
    /// Jieba's dictionary plus `user_words`, each with the frequency jieba
    /// suggests for keeping it whole.
    pub fn new(user_words: &[String]) -> Segmenter {
        if user_words.is_empty() {
            return Segmenter::default();
        }
        let mut jieba = (**JIEBA).clone();
        for w in user_words {
            let freq = jieba.suggest_freq(w);
            jieba.add_word(w, Some(freq), None);
        }
        Segmenter {
            jieba: Arc::new(jieba),
            user: Arc::new(user_words.iter().cloned().collect()),
        }
    }

    /// The frequency jieba's own dictionary gives `word`, when `word` is one
    /// entry of it (not of the user dictionary): how common a word of the
    /// general language it is.
    pub fn dictionary_frequency(&self, word: &str) -> Option<usize> {
        if self.user.contains(word) || !self.jieba.has_word(word) {
            return None;
        }
        // For a single entry, jieba's suggestion is its frequency plus one.
        let cut = self.jieba.cut(word, false);
        (cut.len() == 1).then(|| self.jieba.suggest_freq(word).saturating_sub(1))
    }

    /// Jieba words of `text` with their part-of-speech tags (jieba's tag set:
    /// `n` noun, `v` verb, `d` adverb, `nr` person name …), punctuation dropped.
    pub fn tags(&self, text: &str) -> Vec<(String, String)> {
        self.jieba
            .tag(text, true)
            .into_iter()
            .filter(|t| t.word.chars().any(|c| !is_punct(c) && !is_space(c)))
            .map(|t| (t.word.to_string(), t.tag.to_string()))
            .collect()
    }

    /// Jieba tokens of `text` (search mode: a long word also yields its parts),
    /// punctuation and spaces dropped, ASCII lowercased.
    pub fn tokens(&self, text: &str, mode: TokenizeMode) -> Vec<(String, usize, usize)> {
        self.spans(text, mode)
            .into_iter()
            .map(|(s, e)| (text[s..e].to_ascii_lowercase(), s, e))
            .collect()
    }

    /// Byte ranges of the tokens `tokens` returns, without copying them.
    fn spans(&self, text: &str, mode: TokenizeMode) -> Vec<(usize, usize)> {
        self.jieba
            .tokenize(text, mode, true)
            .into_iter()
            .filter(|t| t.word.chars().any(|c| !is_punct(c) && !is_space(c)))
            .map(|t| (t.byte_start, t.byte_end))
            .collect()
    }

    /// Byte offsets where jieba's words of `text` (default mode) start and
    /// end, sorted: the places a word boundary falls.
    pub fn boundaries(&self, text: &str) -> Vec<usize> {
        let mut b: Vec<usize> = self
            .jieba
            .tokenize(text, TokenizeMode::Default, true)
            .into_iter()
            .flat_map(|t| [t.byte_start, t.byte_end])
            .collect();
        b.sort_unstable();
        b.dedup();
        b
    }

    /// Jieba words of `text` as printed (default mode), punctuation and spaces dropped.
    pub fn words(&self, text: &str) -> Vec<String> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .filter(|t| t.word.chars().any(|c| !is_punct(c) && !is_space(c)))
            .map(|t| t.word.to_string())
            .collect()
    }
}

/// A tantivy tokenizer backed by jieba.
#[derive(Clone)]
struct JiebaTokenizer {
    seg: Segmenter,
    mode: TokenizeMode,
}

/// The tokens of one text: byte ranges, and one `Token` whose text buffer
/// is reused for each (key decision: indexing makes tens of millions of
/// tokens per 100 MB; a `String` per token was a tenth of the indexing
/// threads' time in malloc and free).
struct JiebaStream<'a> {
    text: &'a str,
    spans: Vec<(usize, usize)>,
    at: usize,
    token: Token,
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = JiebaStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> JiebaStream<'a> {
        JiebaStream {
            text,
            spans: self.seg.spans(text, self.mode),
            at: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for JiebaStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(&(s, e)) = self.spans.get(self.at) else {
            return false;
        };
        let t = &mut self.token;
        t.offset_from = s;
        t.offset_to = e;
        t.position = self.at;
        t.position_length = 1;
        t.text.clear();
        t.text.push_str(&self.text[s..e]);
        t.text.make_ascii_lowercase();
        self.at += 1;
        true
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Which jieba mode an index uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segmentation {
    /// Search mode: words and their parts (a BM25 ranking baseline).
    Search,
    /// Default mode: words only (a typical word-segmented engine; the baseline).
    Words,
}

/// A BM25 index over titles and bodies.
pub struct Ranked {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    key: Field,
    title: Field,
    body: Field,
    mode: TokenizeMode,
    seg: Segmenter,
}

/// The error of a tantivy call on the index in `dir` while doing `action`.
fn err(dir: &Path, action: RankedAction) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    move |e| IndexError::Ranked {
        path: dir.to_path_buf(),
        action,
        problem: RankedProblem::of(e),
    }
}

impl Ranked {
    /// Open the index in `dir`, creating it if needed; `words` segments both
    /// the documents and the queries (an index built with other words must
    /// be rebuilt: the caller keeps track).
    pub fn open(dir: &Path, seg: Segmentation, words: Segmenter) -> Result<Ranked, IndexError> {
        std::fs::create_dir_all(dir).map_err(|e| IndexError::Io {
            path: dir.to_path_buf(),
            source: e,
        })?;
        let mut sb = Schema::builder();
        sb.add_u64_field(
            "key",
            NumericOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored(),
        );
        // Ranking needs term frequencies only; the word-engine baseline needs
        // positions for its phrase queries.
        let record = match seg {
            Segmentation::Search => IndexRecordOption::WithFreqs,
            Segmentation::Words => IndexRecordOption::WithFreqsAndPositions,
        };
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("jieba")
                .set_index_option(record),
        );
        sb.add_text_field("title", text.clone());
        sb.add_text_field("body", text);
        let schema = sb.build();
        // An index that is there but cannot be opened is an error, never
        // silently replaced: the caller says how to repair it.
        let index = if dir.join("meta.json").exists() {
            Index::open_in_dir(dir).map_err(err(dir, RankedAction::Open))?
        } else {
            Index::create_in_dir(dir, schema.clone()).map_err(err(dir, RankedAction::Create))?
        };
        if index.schema() != schema {
            return Err(IndexError::Ranked {
                path: dir.to_path_buf(),
                action: RankedAction::Open,
                problem: RankedProblem::Schema(
                    "its fields or their options differ from the ones this tifa writes".into(),
                ),
            });
        }
        let mode = match seg {
            Segmentation::Search => TokenizeMode::Search,
            Segmentation::Words => TokenizeMode::Default,
        };
        index.tokenizers().register(
            "jieba",
            TextAnalyzer::from(JiebaTokenizer {
                seg: words.clone(),
                mode,
            }),
        );
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(err(dir, RankedAction::Open))?;
        let field = |n: &str| schema.get_field(n).map_err(err(dir, RankedAction::Open));
        Ok(Ranked {
            dir: dir.to_path_buf(),
            key: field("key")?,
            title: field("title")?,
            body: field("body")?,
            index,
            reader,
            mode,
            seg: words,
        })
    }

    /// A writer using `threads` indexing threads (one writer per index).
    pub fn writer(&self, threads: usize) -> Result<RankedWriter, IndexError> {
        let w = self
            .index
            .writer_with_num_threads(threads.max(1), 64_000_000 * threads.max(1))
            .map_err(err(&self.dir, RankedAction::Write))?;
        Ok(RankedWriter {
            dir: self.dir.clone(),
            reader: self.reader.clone(),
            key: self.key,
            title: self.title,
            body: self.body,
            writer: w,
        })
    }

    /// BM25 scores of documents matching any token of `terms` (title
    /// matches count double), best first, at most `limit`.
    pub fn scores(&self, terms: &[&str], limit: usize) -> Result<HashMap<u64, f32>, IndexError> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in terms {
            for (w, _, _) in self.seg.tokens(t, self.mode) {
                for (field, boost) in [(self.body, 1.0), (self.title, 2.0)] {
                    let q = TermQuery::new(
                        Term::from_field_text(field, &w),
                        IndexRecordOption::WithFreqs,
                    );
                    clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
                }
            }
        }
        if clauses.is_empty() || limit == 0 {
            return Ok(HashMap::new());
        }
        self.top(&BooleanQuery::new(clauses), limit)
    }

    /// Documents containing `phrase` as consecutive jieba words: what a
    /// word-segmented engine returns for a phrase query.
    pub fn phrase_matches(&self, phrase: &str, limit: usize) -> Result<Vec<u64>, IndexError> {
        let words: Vec<Term> = self
            .seg
            .tokens(phrase, self.mode)
            .into_iter()
            .map(|(w, _, _)| Term::from_field_text(self.body, &w))
            .collect();
        let found = match words.len() {
            0 => HashMap::new(),
            1 => self.top(
                &TermQuery::new(words[0].clone(), IndexRecordOption::Basic),
                limit,
            )?,
            _ => self.top(&PhraseQuery::new(words), limit)?,
        };
        Ok(found.into_keys().collect())
    }

    fn top(&self, q: &dyn Query, limit: usize) -> Result<HashMap<u64, f32>, IndexError> {
        let searcher = self.reader.searcher();
        let docs = searcher
            .search(q, &TopDocs::with_limit(limit.max(1)).order_by_score())
            .map_err(err(&self.dir, RankedAction::Search))?;
        let mut out = HashMap::new();
        for (score, addr) in docs {
            let doc: TantivyDocument = searcher
                .doc(addr)
                .map_err(err(&self.dir, RankedAction::Search))?;
            if let Some(k) = doc.get_first(self.key).and_then(|v| v.as_u64()) {
                out.insert(k, score);
            }
        }
        Ok(out)
    }
}

/// Adds and deletes documents; nothing is visible until `commit`.
/// Owns its handles, so it can live in a library batch; dropping it
/// without `commit` discards everything it was given.
pub struct RankedWriter {
    dir: PathBuf,
    reader: IndexReader,
    key: Field,
    title: Field,
    body: Field,
    writer: IndexWriter,
}

impl RankedWriter {
    /// Index a document (tokenised on tantivy's indexing threads).
    pub fn add(&mut self, key: u64, title: &str, body: &str) -> Result<(), IndexError> {
        let mut doc = TantivyDocument::default();
        doc.add_u64(self.key, key);
        doc.add_text(self.title, title);
        doc.add_text(self.body, body);
        self.writer
            .add_document(doc)
            .map_err(err(&self.dir, RankedAction::Write))?;
        Ok(())
    }

    /// Commit with `payload` (a label the index keeps) and reload readers.
    pub fn commit(mut self, payload: &str) -> Result<(), IndexError> {
        let commit = err(&self.dir, RankedAction::Commit);
        let mut prepared = self.writer.prepare_commit().map_err(&commit)?;
        prepared.set_payload(payload);
        prepared.commit().map_err(&commit)?;
        self.reader.reload().map_err(&commit)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_and_misses_like_a_word_engine() {
        let dir = std::env::temp_dir().join(format!("tifa-ranked-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for seg in [Segmentation::Search, Segmentation::Words] {
            let r = Ranked::open(&dir.join(format!("{seg:?}")), seg, Segmenter::default()).unwrap();
            let mut w = r.writer(1).unwrap();
            w.add(1, "推动高质量发展", "我们要坚定不移推动高质量发展。")
                .unwrap();
            w.add(2, "中国农业发展银行", "中国农业发展银行支持乡村振兴。")
                .unwrap();
            w.add(3, "其他", "安装简单，使用方便。").unwrap();
            w.commit("7").unwrap();
            let s = r.scores(&["高质量发展"], 10).unwrap();
            assert!(s.contains_key(&1) && !s.contains_key(&3), "{s:?}");
            if seg == Segmentation::Words {
                // A word engine loses 质量发展 inside 高质量发展.
                assert!(r.phrase_matches("质量发展", 10).unwrap().is_empty());
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_index_of_another_schema_is_refused() {
        let dir = std::env::temp_dir().join(format!("tifa-schema-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let r = Ranked::open(&dir, Segmentation::Words, Segmenter::default()).unwrap();
        r.writer(1).unwrap().commit("1").unwrap();
        drop(r);
        let e = Ranked::open(&dir, Segmentation::Search, Segmenter::default())
            .err()
            .expect("a schema mismatch is an error");
        assert!(e.to_string().contains("schema mismatch"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_index_stream_gives_the_query_tokens() {
        // Indexed and query tokens must agree, or ranking silently misses.
        let seg = Segmenter::new(&["新质生产力".to_string()]);
        let text = "推动ABC高质量发展，加快发展新质生产力。  Rust 与 jieba：2024年";
        for mode in [TokenizeMode::Search, TokenizeMode::Default] {
            let mut tok = JiebaTokenizer {
                seg: seg.clone(),
                mode,
            };
            let mut stream = tok.token_stream(text);
            let mut got = Vec::new();
            while stream.advance() {
                let t = stream.token();
                got.push((t.text.clone(), t.offset_from, t.offset_to));
                assert_eq!(t.position, got.len() - 1);
            }
            assert_eq!(got, seg.tokens(text, mode));
            assert!(got.iter().any(|(w, _, _)| w == "abc"), "{got:?}");
            assert!(got.iter().any(|(w, _, _)| w == "新质生产力"), "{got:?}");
        }
    }

    #[test]
    fn user_words_come_out_whole() {
        let text = "加快发展新质生产力";
        let plain = Segmenter::default().words(text);
        assert!(!plain.iter().any(|w| w == "新质生产力"), "{plain:?}");
        let user = Segmenter::new(&["新质生产力".to_string()]).words(text);
        assert!(user.iter().any(|w| w == "新质生产力"), "{user:?}");
    }
}
