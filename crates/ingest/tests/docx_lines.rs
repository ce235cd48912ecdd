//! DOCX provenance: line N of a document is its N-th body paragraph, the
//! convention of the gold twins in ../shared/gold/structure-extra (one line
//! per `w:p`, the text of its runs joined).

use std::path::Path;

fn shared(rel: &str) -> std::path::PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(rel);
    assert!(p.exists(), "missing shared data {}", p.display());
    p
}

#[test]
fn docx_lines_follow_body_paragraph_numbering() {
    for name in ["c03", "c04"] {
        let bytes =
            std::fs::read(shared(&format!("corpus/compilations-extra/{name}.docx"))).unwrap();
        let lines = tifa_ingest::formats::docx::lines(&bytes).unwrap();
        let twin =
            std::fs::read_to_string(shared(&format!("gold/structure-extra/{name}.lines.txt")))
                .unwrap();
        let want: Vec<&str> = twin
            .strip_suffix('\n')
            .unwrap_or(&twin)
            .split('\n')
            .collect();
        let got: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(got.len(), want.len(), "{name}: paragraph count");
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "{name}: line {}", i + 1);
        }
        // Styles are read: titles set as headings or bold and centred.
        assert!(lines.iter().any(|l| l.style.heading.is_some()
            || (l.style.bold && l.style.align == tifa_ingest::formats::Align::Center)));
    }
}
