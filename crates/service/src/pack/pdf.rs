//! A pack as PDF: the [`Pack`] mapped onto the typesetter's book model
//! (`tifa_render::Book`), which lays out the cover, the 目录 with page
//! numbers, one page run per 专题 and item, and the 资料来源 list.
//!
//! Key decision: this module only maps; every typographic decision (line
//! breaking, 避头尾, fonts, page numbers) is the typesetter's, and every
//! content decision (labels, printed dates, which blocks are asides) was made
//! when the pack was resolved, so the PDF says what the DOCX and HTML say.

use super::{Block, Pack};
use crate::Result;
use tifa_render::{Block as Typeset, Book};

/// The heading of the sources list at the end of a pack.
pub const SOURCES: &str = "资料来源";

/// The typesetter's book for `pack`.
pub fn book(pack: &Pack) -> Book {
    let mut blocks = Vec::new();
    for s in &pack.sections {
        blocks.push(Typeset::Section {
            heading: s.heading.clone(),
        });
        if let Some(n) = &s.note {
            blocks.push(Typeset::Note(n.clone()));
        }
        for it in &s.items {
            let mut meta: Vec<String> = it.source_line().into_iter().collect();
            meta.extend(it.speaker.clone());
            blocks.push(Typeset::Item {
                label: Some(it.label.clone()),
                title: it.title.clone(),
                lead_in: it.lead_in.clone(),
                subtitle: it.subtitle.clone(),
                meta,
            });
            if let Some(n) = &it.note {
                blocks.push(Typeset::Note(n.clone()));
            }
            for b in &it.blocks {
                blocks.push(match b {
                    Block::Heading { level, text } => Typeset::Heading {
                        level: *level,
                        text: text.clone(),
                    },
                    Block::Para { text } => Typeset::Para(text.clone()),
                    Block::Aside { flag, text } if flag == "citation" => {
                        Typeset::Note(text.clone())
                    }
                    Block::Aside { text, .. } => Typeset::Aside(text.clone()),
                });
            }
        }
    }
    if !pack.sources.is_empty() {
        blocks.push(Typeset::Section {
            heading: SOURCES.into(),
        });
        for e in &pack.sources {
            let mut line = format!("{}　{}", e.label, e.title);
            for part in [&e.source, &e.date].into_iter().flatten() {
                if !line.contains(part.as_str()) {
                    line.push('　');
                    line.push_str(part);
                }
            }
            line.push_str(&format!("（{}）", e.id));
            blocks.push(Typeset::Note(line));
        }
    }
    Book {
        title: pack.cover.title.clone(),
        body: pack.cover.body.clone(),
        date: pack.cover.date.clone(),
        toc_title: "目\u{3000}录".into(),
        blocks,
    }
}

/// The PDF bytes of `pack`.
pub fn write(pack: &Pack) -> Result<Vec<u8>> {
    crate::typeset::pdf(&book(pack))
}
