//! `tifa verify` (issue 14): a library built from the real compilations,
//! its segment files damaged on purpose (bytes flipped, truncated, removed),
//! must be reported as damaged, must never crash a query, and `tifa reindex`
//! must repair it.

use crate::util::{Dir, shared};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn library() -> Dir {
    let d = Dir::new("verify");
    d.ok(&["add", &shared("corpus/compilations")]);
    d
}

fn segment_files(d: &Dir) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(d.data().join("segments"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "tsa"))
        .collect();
    v.sort();
    v
}

/// Byte offsets of the regions of a segment file, from its header.
fn regions(p: &Path) -> (usize, usize, usize, usize) {
    let b = std::fs::read(p).unwrap();
    let n = |i: usize| u64::from_le_bytes(b[8 + 8 * i..16 + 8 * i].try_into().unwrap()) as usize;
    let (arts, paras, text_len) = (n(0), n(1), n(2));
    let tables = 40 + 8 * arts;
    let text_at = tables + 8 * (arts + 1) + 4 * paras;
    let sa_at = text_at + text_len.div_ceil(4) * 4;
    (
        tables,
        text_at + text_len / 2,
        sa_at + (b.len() - sa_at) / 2,
        b.len(),
    )
}

fn flip(p: &Path, at: usize, n: usize) {
    let mut b = std::fs::read(p).unwrap();
    let end = (at + n).min(b.len());
    for x in &mut b[at..end] {
        *x ^= 0xA5;
    }
    std::fs::write(p, b).unwrap();
}

fn queries_do_not_crash(d: &Dir, what: &str) {
    for args in [
        vec!["count", "高质量发展", "新质生产力", "发展"],
        vec!["count", "发展", "--by", "year", "--ignore-punct"],
        vec!["kwic", "发展", "-n", "50"],
        vec!["kwic", "高质量", "--sort", "left"],
        vec!["search", "高质量发展 OR 共同富裕"],
        vec!["first", "共同富裕"],
        vec!["trend", "高质量发展"],
    ] {
        let o = d.tifa(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            o.status.code().is_some_and(|c| c == 0 || c == 1),
            "{what}: {args:?} crashed ({:?}): {err}",
            o.status
        );
        assert!(!err.contains("panicked"), "{what}: {args:?}: {err}");
    }
}

fn verify_json(d: &Dir) -> (i32, Value) {
    let o = d.tifa(&["verify", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    (o.status.code().unwrap(), v)
}

#[test]
fn verify_passes_on_a_sound_library() {
    let d = library();
    let o = d.tifa(&["verify"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let (code, v) = verify_json(&d);
    assert_eq!(code, 0);
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["problems"].as_array().unwrap().len(), 0, "{v}");
    assert!(v["checked"]["articles"].as_u64().unwrap() > 30, "{v}");
    assert!(v["checked"]["segments"].as_u64().unwrap() >= 1, "{v}");
    // `add` left a current catalog, and verify compared it.
    assert_eq!(v["checked"]["catalog"], true, "{v}");
}

#[test]
fn verify_finds_flipped_bytes_and_reindex_repairs() {
    let d = library();
    let before = d.ok(&["count", "高质量发展", "新质生产力", "发展", "--json"]);
    let seg = segment_files(&d).remove(0);
    let pristine = std::fs::read(&seg).unwrap();
    let name = seg.file_name().unwrap().to_string_lossy().into_owned();
    let (tables, text, sa, len) = regions(&seg);
    for (what, at) in [
        ("header", 8),
        ("tables", tables),
        ("text", text),
        ("suffix array", sa),
        ("footer", len - 64),
    ] {
        std::fs::write(&seg, &pristine).unwrap();
        flip(&seg, at, 64);
        let (code, v) = verify_json(&d);
        assert_eq!(code, 1, "{what}: {v}");
        assert_eq!(v["ok"], false);
        let problems = v["problems"].to_string();
        assert!(problems.contains(&name), "{what}: {problems}");
        assert!(
            v["problems"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["repair"].as_str().unwrap().contains("tifa reindex")),
            "{what}: {problems}"
        );
        let text_out = String::from_utf8_lossy(&d.tifa(&["verify"]).stdout).into_owned();
        assert!(text_out.contains("tifa reindex"), "{what}: {text_out}");
        queries_do_not_crash(&d, what);
    }
    d.ok(&["reindex"]);
    let (code, v) = verify_json(&d);
    assert_eq!(code, 0, "{v}");
    assert_eq!(
        d.ok(&["count", "高质量发展", "新质生产力", "发展", "--json"]),
        before
    );
}

#[test]
fn truncated_or_missing_segments_are_errors_not_crashes() {
    let d = library();
    let before = d.ok(&["count", "高质量发展", "--json"]);
    let seg = segment_files(&d).remove(0);
    let pristine = std::fs::read(&seg).unwrap();
    let name = seg.file_name().unwrap().to_string_lossy().into_owned();
    for keep in [pristine.len() / 2, pristine.len() - 1, 20, 0] {
        std::fs::write(&seg, &pristine[..keep]).unwrap();
        let o = d.tifa(&["count", "高质量发展"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{keep}: {err}");
        assert!(
            err.contains(&name) && err.contains("tifa reindex"),
            "{keep}: {err}"
        );
        queries_do_not_crash(&d, "truncated");
        let (code, v) = verify_json(&d);
        assert_eq!(code, 1, "{v}");
        assert!(v["problems"].to_string().contains(&name), "{v}");
    }
    std::fs::remove_file(&seg).unwrap();
    let (code, v) = verify_json(&d);
    assert_eq!(code, 1);
    assert!(v["problems"].to_string().contains(&name), "{v}");
    queries_do_not_crash(&d, "missing");
    d.ok(&["reindex"]);
    assert_eq!(verify_json(&d).0, 0);
    assert_eq!(d.ok(&["count", "高质量发展", "--json"]), before);
}

#[test]
fn the_ranked_index_of_an_older_tifa_is_removed() {
    // Libraries made before ranking moved onto the exact index have a
    // tantivy index in ranked/; nothing reads it, the next write removes it.
    let d = library();
    let before = d.ok(&["search", "共同富裕", "--json"]);
    std::fs::create_dir_all(d.data().join("ranked")).unwrap();
    std::fs::write(d.data().join("ranked/meta.json"), b"{}").unwrap();
    assert_eq!(d.ok(&["search", "共同富裕", "--json"]), before);
    d.ok(&["dict", "add", "共同富裕"]);
    assert!(!d.data().join("ranked").exists());
    assert_eq!(verify_json(&d).0, 0);
    assert_eq!(d.ok(&["search", "共同富裕", "--json"]), before);
}

#[test]
fn a_damaged_catalog_is_found_not_used_and_repaired() {
    let d = library();
    let before = d.ok(&["count", "高质量发展", "新质生产力", "发展", "--json"]);
    let catalog = d.data().join("catalog.bin");
    let pristine = std::fs::read(&catalog).expect("add writes the catalog");
    // Truncated: plain counts go to the searcher, and verify says so.
    std::fs::write(&catalog, &pristine[..pristine.len() - 4]).unwrap();
    assert_eq!(
        d.ok(&["count", "高质量发展", "新质生产力", "发展", "--json"]),
        before
    );
    let (code, v) = verify_json(&d);
    assert_eq!(code, 1, "{v}");
    assert!(v["problems"].to_string().contains("catalog"), "{v}");
    d.ok(&["reindex"]);
    assert_eq!(verify_json(&d).0, 0);
    assert_eq!(
        d.ok(&["count", "高质量发展", "新质生产力", "发展", "--json"]),
        before
    );
    // Table entries overwritten, the size kept: verify still finds it.
    let mut b = std::fs::read(&catalog).unwrap();
    let n = b.len();
    for x in &mut b[n - 64..] {
        *x = 0xFF;
    }
    std::fs::write(&catalog, &b).unwrap();
    let (code, v) = verify_json(&d);
    assert_eq!(code, 1, "{v}");
    assert!(v["problems"].to_string().contains("tifa reindex"), "{v}");
}
