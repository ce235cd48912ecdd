//! Writing the laid-out pages with krilla: glyph runs (fonts subset and
//! embedded by krilla, with ToUnicode so the text extracts), box strokes,
//! document metadata and the outline (bookmarks) of sections and items.
//!
//! Key decision: glyphs are passed pre-positioned (`draw_glyphs` with our
//! own advances), so justification is exact and krilla needs no shaper
//! (its `simple-text` feature and rustybuzz stay out of the build).

use krilla::Document;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{GlyphId, KrillaGlyph};

use crate::fonts::Fonts;
use crate::layout::{Doc, Op, PAGE_H, PAGE_W};
use crate::{Book, RenderError};

pub(crate) fn write(book: &Book, doc: &Doc, fonts: &Fonts) -> Result<Vec<u8>, RenderError> {
    let mut pdf = Document::new();
    pdf.set_metadata(
        Metadata::new()
            .title(book.title.clone())
            .language("zh-CN".to_string())
            .creator("tifa".to_string()),
    );
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| RenderError::Pdf("page size".into()))?;
    for page in &doc.pages {
        let mut p = pdf.start_page_with(settings.clone());
        let mut s = p.surface();
        for op in &page.ops {
            match op {
                Op::Text(run) => {
                    let glyphs: Vec<KrillaGlyph> = run
                        .glyphs
                        .iter()
                        .map(|(gid, adv, range)| {
                            KrillaGlyph::new(
                                GlyphId::new(u32::from(*gid)),
                                adv / run.size,
                                0.0,
                                0.0,
                                0.0,
                                range.clone(),
                                None,
                            )
                        })
                        .collect();
                    s.set_fill(Some(Fill::default()));
                    s.set_stroke(None);
                    s.draw_glyphs(
                        Point::from_xy(run.x, run.y),
                        &glyphs,
                        fonts.faces[run.face].font.clone(),
                        &run.text,
                        run.size,
                        false,
                    );
                }
                Op::Rect(x, y, w, h) => {
                    let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                        continue;
                    };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    if let Some(path) = pb.finish() {
                        s.set_fill(None);
                        s.set_stroke(Some(Stroke {
                            width: 0.75,
                            ..Stroke::default()
                        }));
                        s.draw_path(&path);
                        s.set_stroke(None);
                    }
                }
            }
        }
        s.finish();
        p.finish();
    }
    let mut outline = Outline::new();
    let mut section: Option<OutlineNode> = None;
    for m in &doc.marks {
        let node = OutlineNode::new(
            m.title.clone(),
            XyzDestination::new(m.page, Point::from_xy(0.0, m.y)),
        );
        if m.level == 1 {
            if let Some(done) = section.take() {
                outline.push_child(done);
            }
            section = Some(node);
        } else if let Some(sec) = section.as_mut() {
            sec.push_child(node);
        } else {
            outline.push_child(node);
        }
    }
    if let Some(done) = section.take() {
        outline.push_child(done);
    }
    pdf.set_outline(outline);
    pdf.finish().map_err(|e| RenderError::Pdf(format!("{e:?}")))
}
