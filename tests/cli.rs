//! CLI behaviour: idempotent add, formats and encodings, ls/show/rm/export.

use crate::bad_input::{docx, pdf};
use crate::util::{Dir, shared};

#[test]
fn adding_the_same_file_twice_changes_nothing() {
    let d = Dir::new("twice");
    let f = shared("corpus/compilations/002_d40a3a4fdc2e901c.txt");
    d.ok(&["add", &f]);
    let before = d.ok(&["export", "--format", "jsonl"]);
    let again = d.ok(&["add", &f, "--json"]);
    assert!(again.contains("\"unchanged\""), "{again}");
    assert_eq!(d.ok(&["export", "--format", "jsonl"]), before);
}

#[test]
fn encodings_give_the_same_articles() {
    let d = Dir::new("enc");
    let text =
        std::fs::read_to_string(shared("corpus/compilations/001_793dd0b5a8773a76.txt")).unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let mut u16 = vec![0xFF, 0xFE];
    u16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let mut texts = Vec::new();
    for (name, bytes) in [
        ("gb.txt", gb.into_owned()),
        ("u16.txt", u16),
        ("bom.txt", bom),
        ("plain.md", text.clone().into_bytes()),
    ] {
        let sub = Dir::new(name);
        sub.ok(&["add", &d.write(name, &bytes).to_string_lossy()]);
        let arts = sub.export();
        assert_eq!(arts.len(), 11, "{name}");
        texts.push(
            arts.iter()
                .map(|a| a["text"].as_str().unwrap().to_string())
                .collect::<Vec<_>>(),
        );
    }
    assert!(texts.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn docx_html_pdf_and_csv_are_read() {
    let d = Dir::new("formats");
    let docx = d.write(
        "a.docx",
        &docx(&[
            "中共中央国务院印发《质量强国建设纲要》",
            "（来源：《人民日报》，2023年 2月 7日）",
            "建设质量强国是推动高质量发展、促进我国经济由大向强转变的重要举措。",
        ]),
    );
    let html = d.write("b.html", "<html><body><h1>数字变革与教育未来</h1><p>数字化转型是世界范围内教育转型的重要载体和方向&mdash;本次大会以此为主题。</p></body></html>".as_bytes());
    let pdf = d.write(
        "c.pdf",
        &pdf("BT /F1 24 Tf 72 700 Td (Quality matters in every paragraph of this text.) Tj ET"),
    );
    let csv = d.write("d.csv", "Date,Text\n2020-05-19,\u{3000}\u{3000}回信北京科技大学全体巴基斯坦留学生：\u{3000}\u{3000}你们好！来信收悉。\n".as_bytes());
    for p in [&docx, &html, &pdf, &csv] {
        d.ok(&["add", &p.to_string_lossy()]);
    }
    let all = d.export();
    let by = |f: &str| {
        all.iter()
            .find(|a| a["origin"]["file"] == f)
            .unwrap_or_else(|| panic!("{f} missing"))
    };
    assert_eq!(
        by("a.docx")["title"],
        "中共中央国务院印发《质量强国建设纲要》"
    );
    assert_eq!(by("a.docx")["date"], "2023-02-07");
    assert_eq!(by("a.docx")["source"], "《人民日报》");
    assert_eq!(by("b.html")["title"], "数字变革与教育未来");
    assert!(by("b.html")["text"].as_str().unwrap().contains("方向—本次"));
    assert!(
        by("c.pdf")["text"]
            .as_str()
            .unwrap()
            .contains("Quality matters")
    );
    assert_eq!(by("d.csv")["date"], "2020-05-19");
    assert_eq!(by("d.csv")["origin"]["record"], 1);
    assert_eq!(by("d.csv")["paragraphs"].as_array().unwrap().len(), 2);
}

#[test]
fn export_contract_and_provenance() {
    let d = Dir::new("export");
    d.ok(&[
        "add",
        &shared("corpus/compilations/001_793dd0b5a8773a76.txt"),
    ]);
    let all = d.export();
    let first = &all[0];
    for key in [
        "id",
        "title",
        "subtitle",
        "source",
        "date",
        "speaker",
        "kind",
        "text",
        "paragraphs",
        "outline",
        "origin",
        "same_work",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["origin"]["start_line"], 1);
    assert_eq!(first["origin"]["sha256"].as_str().unwrap().len(), 64);
    let paras: Vec<&str> = first["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(first["text"].as_str().unwrap(), paras.join("\n"));
    // Outline headings point at the paragraph that starts with them.
    let excerpts = &all[1];
    let outline = excerpts["outline"].as_array().unwrap();
    assert!(
        outline.len() >= 20,
        "22 numbered excerpts expected, got {}",
        outline.len()
    );
    for o in outline {
        let p = excerpts["paragraphs"][o["paragraph"].as_u64().unwrap() as usize]
            .as_str()
            .unwrap();
        assert!(
            p.starts_with(o["text"].as_str().unwrap().trim_end_matches('…')),
            "{o} vs {p}"
        );
    }
}

#[test]
fn ls_show_rm() {
    let d = Dir::new("lsrm");
    d.ok(&[
        "add",
        &shared("corpus/compilations/002_d40a3a4fdc2e901c.txt"),
    ]);
    let table = d.ok(&["ls"]);
    let rows: Vec<&str> = table
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("共"))
        .collect();
    assert_eq!(rows.len(), 9);
    // Columns line up: every title starts at the same display column.
    let col = |l: &str| tifa_text_width(&l[..l.find("《党委").unwrap()]);
    assert!(rows.windows(2).all(|w| col(w[0]) == col(w[1])), "{table}");
    let ls: Vec<serde_json::Value> = d.json(&["ls", "--json"]);
    let id = ls[0]["id"].as_str().unwrap().to_string();
    let shown = d.ok(&["show", &id[..6]]);
    assert!(
        shown.contains("坚持稳字当头") && shown.contains("pull_quote") && shown.contains("sidebar"),
        "{shown}"
    );
    d.ok(&["rm", &id]);
    assert_eq!(d.export().len(), 8);
    let o = d.tifa(&["show", &id]);
    assert_eq!(o.status.code(), Some(1));
}

fn tifa_text_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if (c as u32) >= 0x1100 && !matches!(c, '—' | '–') {
                2
            } else {
                1
            }
        })
        .sum()
}

#[test]
fn tifa_data_selects_the_library() {
    let d = Dir::new("env");
    let f = shared("corpus/compilations/001_793dd0b5a8773a76.txt");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_tifa"))
        .env("TIFA_DATA", d.data())
        .args(["add", &f])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(
        d.export().len(),
        11,
        "the library named by TIFA_DATA holds the file"
    );
}
