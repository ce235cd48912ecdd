//! PDF: the text layer, extracted with `pdf-extract`. A PDF whose pages hold
//! only images (a scan) has no text layer and is refused with that reason.
//!
//! Key decision: the extractor is run under `catch_unwind`, because malformed
//! PDFs can make it panic and tifa must not panic on user input. Its panic
//! messages are kept off the terminal without touching the process's panic
//! hook per call (files are read on several threads at once, and swapping
//! the global hook from each of them can lose it for good): one hook,
//! installed once, wraps whatever hook was there and stays quiet only on a
//! thread that is inside the extractor at that moment.

use crate::error::ProblemKind;
use std::cell::Cell;
use std::sync::Once;

thread_local! {
    /// True while this thread runs the PDF extractor.
    static IN_EXTRACTOR: Cell<bool> = const { Cell::new(false) };
}

/// Wrap the current panic hook, once per process, so that it is skipped for
/// panics raised inside the extractor and called for every other one.
fn install_quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_EXTRACTOR.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Marks this thread as inside the extractor until dropped (also on unwind).
struct InExtractor;

impl InExtractor {
    fn enter() -> InExtractor {
        IN_EXTRACTOR.with(|f| f.set(true));
        InExtractor
    }
}

impl Drop for InExtractor {
    fn drop(&mut self) {
        IN_EXTRACTOR.with(|f| f.set(false));
    }
}

/// Lines of the PDF's text layer.
pub fn lines(bytes: &[u8]) -> Result<Vec<String>, ProblemKind> {
    install_quiet_hook();
    let result = {
        let _quiet = InExtractor::enter();
        std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes))
    };
    let text = match result {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => return Err(ProblemKind::Pdf(e.to_string())),
        Err(_) => {
            return Err(ProblemKind::Pdf(
                "the PDF structure could not be parsed".into(),
            ));
        }
    };
    if text.chars().filter(|c| !c.is_whitespace()).count() == 0 {
        return Err(ProblemKind::PdfNoText);
    }
    Ok(text.lines().map(str::to_string).collect())
}
