//! The trend chart as PNG: the SVG of `plot`, rasterised by resvg with the
//! system's fonts.
//!
//! Key decision: one drawing (the SVG) serves both formats. A PNG needs a
//! font with Chinese glyphs on this machine; when there is none the error
//! says so and names the packages, instead of drawing empty boxes.

use resvg::{tiny_skia, usvg};
use std::sync::Arc;

/// Why a chart could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    #[error(
        "没有中文字体 no font with Chinese characters is installed: install one (Debian/Ubuntu: fonts-noto-cjk or fonts-wqy-microhei) or write the chart as .svg"
    )]
    NoCjkFont,
    #[error("绘图失败 cannot draw the chart: {0}")]
    Render(String),
}

/// PNG bytes of `svg` at `scale` × its size, on white.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, PlotError> {
    let mut db = usvg::fontdb::Database::new();
    db.load_system_fonts();
    let has_han = |id| {
        db.with_face_data(id, |data, index| {
            ttf_parser::Face::parse(data, index)
                .ok()
                .and_then(|f| f.glyph_index('中'))
                .is_some()
        })
        .unwrap_or(false)
    };
    let family = db
        .faces()
        .find(|f| has_han(f.id))
        .and_then(|f| f.families.first())
        .map(|(name, _)| name.clone())
        .ok_or(PlotError::NoCjkFont)?;
    // The SVG names common CJK fonts, then sans-serif: make that this one.
    db.set_sans_serif_family(family.clone());
    let opts = usvg::Options {
        font_family: family,
        fontdb: Arc::new(db),
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(svg, &opts).map_err(|e| PlotError::Render(e.to_string()))?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w.max(1), h.max(1))
        .ok_or_else(|| PlotError::Render(format!("no {w}×{h} image")))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PlotError::Render(e.to_string()))
}
