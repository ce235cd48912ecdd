//! Bad input: each problem gives one message naming the file, exit code 1,
//! and a library exactly as it was before.

use crate::util::{Dir, shared};
use std::io::Write;

/// A minimal one-page PDF whose content stream is `content`.
pub fn pdf(content: &str) -> Vec<u8> {
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A minimal DOCX with one paragraph per entry of `paras`.
pub fn docx(paras: &[&str]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#).unwrap();
    z.start_file("word/document.xml", opts).unwrap();
    let body: String = paras
        .iter()
        .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
        .collect();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    z.write_all(xml.as_bytes()).unwrap();
    z.finish().unwrap();
    buf.into_inner()
}

/// Add `bad` to a library holding 001 and check message, exit code and state.
fn refused(name: &str, bytes: Option<&[u8]>, expect: &str) {
    let d = Dir::new("bad");
    d.ok(&[
        "add",
        &shared("corpus/compilations/001_793dd0b5a8773a76.txt"),
    ]);
    let before = d.ok(&["export", "--format", "jsonl"]);
    let path = match bytes {
        Some(b) => d.write(name, b).to_string_lossy().into_owned(),
        None => d.root.join(name).to_string_lossy().into_owned(),
    };
    let o = d.tifa(&["add", &path]);
    let err = String::from_utf8_lossy(&o.stderr);
    println!("{name}: {}", err.trim());
    assert_eq!(o.status.code(), Some(1), "{name}: exit code");
    assert!(
        err.contains(name),
        "{name}: message does not name the file: {err}"
    );
    assert!(
        err.contains(expect),
        "{name}: message lacks {expect:?}: {err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{name}: one message");
    assert!(!err.contains("panicked"));
    assert_eq!(
        d.ok(&["export", "--format", "jsonl"]),
        before,
        "{name}: library changed"
    );
}

#[test]
fn binary_file() {
    let mut elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00".to_vec();
    elf.extend((0..4000u32).map(|i| (i * 7 % 256) as u8));
    refused("program.txt", Some(&elf), "binary file");
}

#[test]
fn empty_file() {
    refused("empty.txt", Some(b""), "empty file");
}

#[test]
fn invalid_utf8_bytes() {
    let mut b = "质量是人类生产生活的重要保障。党的十八大以来，我国质量事业实现跨越式发展。"
        .repeat(5)
        .into_bytes();
    b.insert(61, 0xFF);
    refused("broken.txt", Some(&b), "invalid bytes for UTF-8 at byte 60");
}

#[test]
fn invalid_gb18030_bytes() {
    let text = "建设质量强国是推动高质量发展的重要举措。".repeat(20);
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let mut gb = gb.into_owned();
    gb.extend_from_slice(&[0xA1, 0x20]);
    refused("broken-gbk.txt", Some(&gb), "invalid bytes for GB18030");
}

#[test]
fn truncated_docx() {
    let full = docx(&[
        "质量强国建设纲要",
        "建设质量强国是推动高质量发展的重要举措。",
    ]);
    refused(
        "cut.docx",
        Some(&full[..full.len() / 2]),
        "truncated or corrupt DOCX",
    );
}

#[test]
fn scanned_pdf_without_text_layer() {
    refused(
        "scan.pdf",
        Some(&pdf("q 612 0 0 792 0 0 cm Q")),
        "no text layer",
    );
}

#[test]
fn unreadable_path() {
    refused("no-such-file.txt", None, "cannot read");
}

#[test]
fn folder_with_failures_ingests_the_rest() {
    let d = Dir::new("folder");
    d.write(
        "in/good.txt",
        "学习材料一\n\n一篇文章的标题\n\n这是正文的第一段，内容足够长，可以被识别为正文段落。\n"
            .as_bytes(),
    );
    d.write("in/bad.txt", b"");
    d.write("in/sub/worse.docx", b"PK\x03\x04 not really");
    d.write("in/picture.png", b"\x89PNG");
    let o = d.tifa(&["add", &d.root.join("in").to_string_lossy()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.contains("bad.txt") && err.contains("worse.docx"),
        "{err}"
    );
    assert!(
        !err.contains("picture.png"),
        "unsupported files in folders are skipped: {err}"
    );
    let all = d.export();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["title"], "一篇文章的标题");
}
