//! The PDF typesetter's fonts, shared by every PDF the service writes (packs
//! and notes).
//!
//! Key decision: the fonts are discovered and read once per process (the
//! server renders many PDFs, and the CJK font files are large); a failed
//! discovery is not remembered, so installing a font needs no restart.

use crate::Result;
use std::sync::OnceLock;
use tifa_render::{Book, Fonts};

/// `book` as PDF bytes, typeset with the system's CJK fonts.
pub(crate) fn pdf(book: &Book) -> Result<Vec<u8>> {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    let fonts = match FONTS.get() {
        Some(f) => f,
        None => {
            let f = Fonts::discover()?;
            FONTS.get_or_init(|| f)
        }
    };
    Ok(tifa_render::render_pdf(book, fonts)?)
}
