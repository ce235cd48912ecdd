//! PDF: the text layer, extracted with `pdf-extract`. A PDF whose pages hold
//! only images (a scan) has no text layer and is refused with that reason.
//!
//! Key decision: the extractor is run under `catch_unwind`, because malformed
//! PDFs can make it panic and tifa must not panic on user input.

use crate::error::ProblemKind;

/// Lines of the PDF's text layer.
pub fn lines(bytes: &[u8]) -> Result<Vec<String>, ProblemKind> {
    let owned = bytes.to_vec();
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem(&owned));
    std::panic::set_hook(prev);
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
