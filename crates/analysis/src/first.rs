//! First appearance: the earliest dated occurrence of a term, with the
//! article, paragraph and sentence that cite it.

use tifa_library::{ArticleId, SearchFilter, Searcher};

/// Where a term first appears.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct First {
    pub term: String,
    pub date: String,
    pub article: ArticleId,
    pub title: String,
    pub paragraph: usize,
    pub sentence: String,
}

/// Order of dates when precision differs: a part that was not printed sorts
/// after every printed value, so `2024-01-31` comes before a bare `2024`
/// (which may well be later) — a first appearance is never claimed for a
/// date that is not known to be earlier.
pub fn date_key(d: &str) -> (u32, u32, u32) {
    let mut it = d.split('-').map(|p| p.parse::<u32>().ok());
    let y = it.next().flatten().unwrap_or(u32::MAX);
    let m = it.next().flatten().unwrap_or(13);
    let day = it.next().flatten().unwrap_or(32);
    (y, m, day)
}

/// The earliest dated occurrence of `term` (ties: the smaller article id,
/// then the earlier position); `None` if no dated article contains it.
pub fn first(s: &Searcher, term: &str, ignore_punct: bool, filter: &SearchFilter) -> Option<First> {
    let found = s.articles_with(term, ignore_punct, filter);
    let (id, (_, hit)) = found
        .into_iter()
        .filter(|(id, _)| s.meta(*id).is_some_and(|m| m.date.is_some()))
        .min_by(|a, b| {
            let (ma, mb) = (s.meta(a.0).expect("live"), s.meta(b.0).expect("live"));
            let key = |d: &Option<String>| date_key(d.as_deref().unwrap_or(""));
            (key(&ma.date), &ma.id).cmp(&(key(&mb.date), &mb.id))
        })?;
    let m = s.meta(id)?;
    let (para, at) = s.paragraph_text(&hit);
    let paragraph = s.kwic_line(&hit, 0).paragraph;
    Some(First {
        term: term.to_string(),
        date: m.date.clone()?,
        article: m.id.clone(),
        title: m.title.clone(),
        paragraph,
        sentence: sentence_at(&para, at),
    })
}

/// The sentence of `text` around byte offset `at` (ended by 。！？；).
pub fn sentence_at(text: &str, at: usize) -> String {
    let ends = ['。', '！', '？', '；', '!', '?'];
    let start = text[..at].rfind(ends).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[at..].find(ends).map_or(text.len(), |i| {
        at + i + text[at + i..].chars().next().map_or(1, char::len_utf8)
    });
    text[start..end].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences() {
        let t = "第一句。推动高质量发展，是关键！第三句";
        let at = t.find("高质量").unwrap();
        assert_eq!(sentence_at(t, at), "推动高质量发展，是关键！");
        assert_eq!(sentence_at(t, t.find("第三").unwrap()), "第三句");
        assert!(date_key("2024-01-31") < date_key("2024"));
        assert!(date_key("2023") < date_key("2024-01-01"));
    }
}
