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
/// then the earlier position); `None` if no dated text contains it. An
/// excerpt in a collection is dated by its own citation, so the collection's
/// earliest excerpt that holds the term is what counts, not the article.
pub fn first(s: &Searcher, term: &str, ignore_punct: bool, filter: &SearchFilter) -> Option<First> {
    let found = s.articles_with(term, ignore_punct, filter);
    // (date key, article id, hit, date as printed) of the earliest so far.
    type Best<'a> = ((u32, u32, u32), &'a str, tifa_library::Hit, String);
    let mut best: Option<Best> = None;
    for (id, (_, first_hit)) in found {
        let Some(m) = s.meta(id) else { continue };
        // One candidate per article: its first hit, or with dated excerpts
        // its earliest-dated hit.
        let cand = if s.cited(id).is_some() {
            s.hits_in(term, ignore_punct, filter.fold, id)
                .into_iter()
                .filter_map(|h| s.hit_date(&h).map(|d| (date_key(d), d.to_string(), h)))
                .min_by_key(|(k, _, h)| (*k, h.pos))
        } else {
            m.date
                .as_deref()
                .map(|d| (date_key(d), d.to_string(), first_hit))
        };
        let Some((key, date, hit)) = cand else {
            continue;
        };
        let better = best
            .as_ref()
            .is_none_or(|(bk, bid, _, _)| (key, m.id.0.as_str()) < (*bk, *bid));
        if better {
            best = Some((key, m.id.0.as_str(), hit, date));
        }
    }
    let (_, _, hit, date) = best?;
    let m = s.meta(hit.article)?;
    let (para, at) = s.paragraph_text(&hit);
    Some(First {
        term: term.to_string(),
        date,
        article: m.id.clone(),
        title: m.title.clone(),
        paragraph: s.paragraph_index(&hit),
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
