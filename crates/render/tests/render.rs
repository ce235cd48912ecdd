//! Renders a constructed book with the real fonts and reads the PDF back
//! with poppler (pdftotext, pdffonts, pdfinfo).

use std::path::PathBuf;
use std::process::Command;

use tifa_render::linebreak::{no_line_end, no_line_start};
use tifa_render::{Block, Book, Fonts, RenderError, render_pdf};

fn poppler() -> bool {
    let ok = Command::new("pdfinfo").arg("-v").output().is_ok();
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("poppler-utils is required in CI (apt install poppler-utils)");
        }
        eprintln!("skipped: poppler-utils (pdftotext/pdffonts/pdfinfo) not installed");
    }
    ok
}

fn para(i: usize) -> String {
    format!(
        "第{i}段：我们坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，2024年国内生产总值（GDP）增长5.2%，\
         “十四五”规划目标任务有序推进——城镇新增就业1256万人，居民消费价格上涨0.2%。经济运行总体平稳、稳中有进，\
         高质量发展扎实推进，《纲要》确定的主要指标进展顺利。"
    )
}

fn book() -> Book {
    let mut blocks = Vec::new();
    for s in 1..=2 {
        blocks.push(Block::Section {
            heading: format!("专题{s}　测试专题标题"),
        });
        for it in 1..=2 {
            blocks.push(Block::Item {
                label: Some(format!("学习材料{s}{it}")),
                title: format!("关于构造测试文本第{s}{it}篇的标题"),
                lead_in: None,
                subtitle: Some("——在测试会议上的讲话".into()),
                meta: vec!["（2024年3月5日）".into(), "测试出版社".into()],
            });
            blocks.push(Block::Heading {
                level: 1,
                text: "一、总体要求".into(),
            });
            for i in 0..6 {
                blocks.push(Block::Para(para(i)));
            }
            blocks.push(Block::Heading {
                level: 2,
                text: "（一）具体任务".into(),
            });
            blocks.push(Block::Aside(
                "编者按：这是一段加框的附注文字，用于测试边框。".into(),
            ));
            blocks.push(Block::Note("来源：测试来源，2024年3月5日".into()));
        }
    }
    Book {
        title: "构造测试学习材料汇编".into(),
        body: Some("测试编印单位".into()),
        date: Some("2024年3月".into()),
        toc_title: "目　录".into(),
        blocks,
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn renders_a_book_that_reads_back_in_order() {
    if !poppler() {
        return;
    }
    let fonts = Fonts::discover().expect("CJK font installed (fonts-noto-cjk)");
    let b = book();
    let pdf = render_pdf(&b, &fonts).unwrap();
    let dir = std::env::temp_dir().join(format!("tifa-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("book.pdf");
    std::fs::write(&path, &pdf).unwrap();

    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let raw = String::from_utf8_lossy(&out.stdout).to_string();
    if std::env::var("TIFA_RENDER_DEBUG").is_ok() {
        std::fs::write("/tmp/render-debug.txt", &raw).ok();
        std::fs::write("/tmp/render-debug.pdf", &pdf).ok();
    }
    let text = squash(&raw);
    // Every title and paragraph, in order, in the flow of the body.
    let mut at = 0;
    // pdftotext may order the widely spaced 目　录 apart, so it is checked alone.
    assert!(text.contains('目') && text.contains('录'));
    let mut expect = vec![squash(&b.title)];
    for block in &b.blocks {
        match block {
            Block::Section { heading } => expect.push(squash(heading)),
            Block::Item { title, meta, .. } => {
                expect.push(squash(title));
                expect.extend(meta.iter().map(|m| squash(m)));
            }
            Block::Heading { text, .. }
            | Block::Para(text)
            | Block::Aside(text)
            | Block::Note(text) => expect.push(squash(text)),
        }
    }
    for (i, e) in expect.iter().enumerate() {
        let found = text[at..].find(e.as_str());
        assert!(
            found.is_some(),
            "block {i} {e} not found in order after byte {at}"
        );
        at += found.unwrap() + e.len();
    }
    // The TOC lists page numbers with leader dots.
    assert!(text.contains("...."), "leader dots");
    // Folios in the GB/T 9704 style.
    assert!(text.contains("—3—"), "folio");

    // 避头尾 on every printed line: none starts with a closing mark or ends
    // with an opening one.
    // Folios (— 3 —) and the subtitle (——在…讲话) begin with a dash by design.
    let by_design = |l: &str| {
        let inner = l.trim_matches(|c: char| c == '—' || c.is_whitespace());
        (l.starts_with('—') && l.ends_with('—') && inner.chars().all(|c| c.is_ascii_digit()))
            || l == "——在测试会议上的讲话"
    };
    for line in raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !by_design(l))
    {
        let first = line.chars().next().unwrap();
        let last = line.chars().last().unwrap();
        assert!(!no_line_start(first), "line starts with {first}: {line}");
        assert!(!no_line_end(last), "line ends with {last}: {line}");
    }
    // No glyph outside the text block (28 mm left, 26 mm right margin): no
    // line is overfull.
    let bbox = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let bbox = String::from_utf8_lossy(&bbox.stdout);
    let attr = |w: &str, name: &str| -> f32 {
        let at = w.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        w[at..].split('"').next().unwrap().parse().unwrap()
    };
    let (left, right) = (28.0 * 72.0 / 25.4, (210.0 - 26.0) * 72.0 / 25.4);
    let mut words = 0;
    for w in bbox.split("<word ").skip(1) {
        words += 1;
        assert!(attr(w, "xMin") >= left - 0.5, "left of the margin: {w}");
        assert!(attr(w, "xMax") <= right + 0.5, "right of the margin: {w}");
    }
    assert!(words > 100);

    let fonts_out = Command::new("pdffonts").arg(&path).output().unwrap();
    let listing = String::from_utf8_lossy(&fonts_out.stdout);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{listing}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type... emb sub uni object ID
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "embedded subset with ToUnicode: {row}"
        );
        assert!(cols[0].contains('+'), "subset tag: {row}");
    }

    let info = Command::new("pdfinfo").arg(&path).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // cover + 1 TOC + 2 sections + 4 items of ~2 pages each.
    assert!((8..=16).contains(&pages), "{pages} pages");
    assert!(
        pdf.len() < 2_000_000,
        "fonts are subset: {} bytes",
        pdf.len()
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn no_font_names_the_package() {
    let empty = std::env::temp_dir().join(format!("tifa-render-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let err = Fonts::discover_in(&[PathBuf::from(&empty)]).err().unwrap();
    assert!(matches!(err, RenderError::NoFont));
    assert!(err.to_string().contains("apt install fonts-noto-cjk"));
    std::fs::remove_dir_all(&empty).ok();
}
