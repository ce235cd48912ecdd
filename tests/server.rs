//! The HTTP API of `tifa serve`, through the real binary on an ephemeral
//! port over a temporary data directory: answers are checked against the
//! CLI's `--json` for the same library, and the access rules (read-only,
//! token off loopback, same-origin writes, loopback host names) and the
//! upload rules (base names only, all or nothing) are exercised directly.

use crate::util::{Dir, shared, work_report};
use crate::web::{enc, http, http_with, spawn_serve};
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// `tifa serve ARGS` over `data`; killed on drop.
struct Serve {
    child: Child,
    addr: String,
}

impl Serve {
    fn start(data: &Path, args: &[&str]) -> Serve {
        let (child, addr) = spawn_serve(data, args);
        Serve { child, addr }
    }

    fn get(&self, path: &str) -> (u16, Value) {
        let (st, body) = http("GET", &self.addr, path, None, "application/json");
        (st, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }

    fn raw(&self, method: &str, path: &str) -> (u16, Vec<u8>) {
        http(method, &self.addr, path, None, "application/json")
    }

    fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        ctype: &str,
    ) -> (u16, Value) {
        let (st, body) = http_with(method, &self.addr, path, headers, Some(body), ctype);
        (st, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }

    fn upload(&self, files: &[(&str, &[u8])], headers: &[(&str, &str)]) -> (u16, Value) {
        let (ctype, body) = multipart(files);
        self.send("POST", "/api/v1/files", headers, &body, &ctype)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A multipart/form-data body with one `file` part per file.
fn multipart(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    multipart_with(files, &[])
}

/// A multipart/form-data body with `file` parts and text parts.
fn multipart_with(files: &[(&str, &[u8])], fields: &[(&str, &str)]) -> (String, Vec<u8>) {
    let boundary = "----tifa-test-7MA4YWxkTrZu0gW";
    let mut b = Vec::new();
    for (name, value) in fields {
        b.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, data) in files {
        b.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        b.extend_from_slice(data);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), b)
}

/// The error object of a JSON error response.
fn error(v: &Value) -> (&str, &str) {
    (
        v["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {v}")),
        v["error"]["message"].as_str().unwrap_or(""),
    )
}

fn ls(d: &Dir) -> Vec<Value> {
    d.json(&["ls", "--json"])
}

#[test]
fn api_add_count_kwic_articles() {
    let d = Dir::new("api-main");
    let s = Serve::start(&d.data(), &["--addr", "127.0.0.1:0"]);
    let (st, v) = s.get("/api/v1/status");
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["articles"], 0);
    assert_eq!(v["read_only"], false);

    // Upload a real file under a client path: only the base name is kept.
    let bytes = std::fs::read(shared("corpus/speeches/xi_speeches_2020.csv")).unwrap();
    let (st, v) = s.upload(&[("../../outside/xi_speeches_2020.csv", &bytes)], &[]);
    assert_eq!(st, 200, "{v}");
    assert_eq!(v[0]["status"], "added", "{v}");
    assert_eq!(v[0]["file"], "xi_speeches_2020.csv");
    assert!(v[0]["articles"].as_u64().unwrap() > 0);
    assert!(!d.root.join("outside").exists() && !d.data().join("outside").exists());
    let listed = ls(&d);
    assert_eq!(listed.len() as u64, v[0]["articles"].as_u64().unwrap());
    assert!(listed.iter().all(|a| a["file"] == "xi_speeches_2020.csv"));
    let leftovers: Vec<_> = std::fs::read_dir(d.data())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".upload"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders removed");
    let (_, v) = s.get("/api/v1/status");
    assert_eq!(
        v["articles"].as_u64().unwrap(),
        listed.len() as u64,
        "status follows the write"
    );

    // count equals the CLI's, with and without filters.
    let term = "共同富裕";
    let cli = d.json(&["count", term, "小康", "--json"]);
    let (st, v) = s.get(&format!("/api/v1/count?q={}&q={}", enc(term), enc("小康")));
    assert_eq!(st, 200, "{v}");
    assert_eq!(v, Value::Array(cli));
    let cli = d.json(&[
        "count",
        term,
        "--date",
        "2020-06..2020-12",
        "--by",
        "month",
        "--json",
    ]);
    let (_, v) = s.get(&format!(
        "/api/v1/count?q={}&date=2020-06..2020-12&by=month",
        enc(term)
    ));
    assert_eq!(v, Value::Array(cli));

    // kwic: pages walk the CLI's lines; the total is every hit.
    let cli = d.json(&["kwic", term, "--json"]);
    assert!(cli.len() > 10, "enough hits to page");
    let mut walked = Vec::new();
    let mut offset = 0;
    loop {
        let (st, v) = s.get(&format!(
            "/api/v1/kwic?q={}&limit=7&offset={offset}",
            enc(term)
        ));
        assert_eq!(st, 200, "{v}");
        assert_eq!(v["total"].as_u64().unwrap(), cli.len() as u64);
        let hits = v["hits"].as_array().unwrap();
        if hits.is_empty() {
            break;
        }
        walked.extend(hits.iter().cloned());
        offset += 7;
    }
    assert_eq!(walked, cli, "the pages together are the CLI's lines");
    let cli_left = d.json(&["kwic", term, "--sort", "left", "--json"]);
    let (_, v) = s.get(&format!(
        "/api/v1/kwic?q={}&sort=left&limit=5&offset=5",
        enc(term)
    ));
    assert_eq!(v["hits"].as_array().unwrap()[..], cli_left[5..10]);
    let (st, v) = s.get(&format!("/api/v1/kwic?q={}&limit=1001", enc(term)));
    assert_eq!(
        (st, error(&v).0),
        (400, "bad_request"),
        "pages are at most 1000 lines"
    );

    // CSV and JSONL stream every hit.
    let (st, csv) = s.raw("GET", &format!("/api/v1/kwic?q={}&format=csv", enc(term)));
    assert_eq!(st, 200);
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("article,title,date,paragraph,left,hit,right")
    );
    assert_eq!(lines.count(), cli.len(), "one CSV row per hit");
    let cli_csv = d.ok(&["kwic", term, "--csv"]);
    assert_eq!(csv, cli_csv, "the same CSV as `tifa kwic --csv`");
    let (_, jl) = s.raw("GET", &format!("/api/v1/kwic?q={}&format=jsonl", enc(term)));
    let jl: Vec<Value> = String::from_utf8(jl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(jl, cli);
    // XLSX holds every hit too, the rows of `tifa kwic --json`.
    let (st, book) = s.raw("GET", &format!("/api/v1/kwic?q={}&format=xlsx", enc(term)));
    assert_eq!(st, 200);
    let cli_lines = d.ok(&["kwic", term, "--json"]);
    crate::xlsx::assert_workbook(&book, &cli_lines.lines().collect::<Vec<_>>());
    // Tables of the analysis pages download as XLSX too.
    for (path, args) in [
        (
            format!("/api/v1/trend?q={}&format=xlsx", enc(term)),
            vec!["trend", term, "--json"],
        ),
        (
            "/api/v1/keywords?date=2020-06..2020-12&format=xlsx".to_string(),
            vec!["keywords", "--date", "2020-06..2020-12", "--json"],
        ),
    ] {
        let (st, book) = s.raw("GET", &path);
        assert_eq!(st, 200, "{path}");
        let lines = d.ok(&args);
        assert!(lines.lines().count() > 0, "{args:?} has rows");
        crate::xlsx::assert_workbook(&book, &lines.lines().collect::<Vec<_>>());
    }
    let (_, csv) = s.raw(
        "GET",
        &format!("/api/v1/kwic?q={}&format=csv&sort=left", enc(term)),
    );
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(
        csv,
        d.ok(&["kwic", term, "--csv", "--sort", "left"]),
        "sorted CSV"
    );
    let (_, csv) = s.raw(
        "GET",
        &format!("/api/v1/kwic?q={}&format=csv&offset=3&limit=4", enc(term)),
    );
    assert_eq!(
        String::from_utf8(csv).unwrap().lines().count(),
        1 + 4,
        "a window of the CSV"
    );

    // Articles: list, show, edit, remove, as the CLI sees them.
    let (_, v) = s.get("/api/v1/articles");
    assert_eq!(v, Value::Array(listed.clone()));
    let id = listed[0]["id"].as_str().unwrap().to_string();
    let (st, v) = s.get(&format!("/api/v1/articles/{id}"));
    assert_eq!(st, 200);
    let shown: Value = serde_json::from_str(&d.ok(&["show", &id, "--json"])).unwrap();
    assert_eq!(v, shown);
    let (st, v) = s.send(
        "PATCH",
        &format!("/api/v1/articles/{id}"),
        &[],
        "{\"title\":\"接口修改的标题\",\"date\":\"2020-07-01\"}".as_bytes(),
        "application/json",
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["title"], "接口修改的标题");
    let shown: Value = serde_json::from_str(&d.ok(&["show", &id, "--json"])).unwrap();
    assert_eq!(shown["title"], "接口修改的标题");
    assert_eq!(shown["date"], "2020-07-01");
    let (st, v) = s.send(
        "PATCH",
        &format!("/api/v1/articles/{id}"),
        &[],
        b"{\"colour\":\"red\"}",
        "application/json",
    );
    assert_eq!(
        (st, error(&v).0),
        (400, "bad_request"),
        "unknown field: {v}"
    );
    let (st, v) = s.send(
        "PATCH",
        &format!("/api/v1/articles/{id}"),
        &[],
        b"{}",
        "application/json",
    );
    assert_eq!(st, 400, "nothing to change: {v}");
    let (st, v) = s.send(
        "DELETE",
        &format!("/api/v1/articles/{id}"),
        &[],
        b"",
        "application/json",
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["removed"], id.as_str());
    assert_eq!(ls(&d).len(), listed.len() - 1);
    let (st, v) = s.get(&format!("/api/v1/articles/{id}"));
    assert_eq!((st, error(&v).0), (404, "not_found"));
    let (st, v) = s.get("/api/v1/nothing-here");
    assert_eq!((st, error(&v).0), (404, "not_found"));

    // Search and export answer too.
    let (st, v) = s.get(&format!("/api/v1/search?q={}&limit=3", enc(term)));
    assert_eq!(st, 200, "{v}");
    let (_, c) = s.get(&format!("/api/v1/count?q={}", enc(term)));
    assert_eq!(v["articles"], c[0]["articles"], "search totals are exact");
    assert!(v["results"].as_array().unwrap().len() <= 3);
    let (st, ex) = s.raw("GET", "/api/v1/export");
    assert_eq!(st, 200);
    let ex: Vec<Value> = String::from_utf8(ex)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(ex.len(), listed.len() - 1, "one exported line per article");
    assert_eq!(
        ex,
        d.export(),
        "the same articles as `tifa export --format jsonl`"
    );
}

#[test]
fn api_bad_upload_leaves_library_unchanged() {
    let d = Dir::new("api-bad");
    d.ok(&["add", &shared("corpus/compilations-extra/c01.txt")]);
    let before = d.ok(&["ls", "--json"]);
    let s = Serve::start(&d.data(), &["--addr", "127.0.0.1:0"]);
    let mut garbage: Vec<u8> = vec![0, 0, 0xff, 0xfe, 0];
    garbage.extend((0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    let good = std::fs::read(shared("corpus/compilations-extra/c02.txt")).unwrap();
    let (st, v) = s.upload(&[("c02.txt", &good), ("garbage.txt", &garbage)], &[]);
    assert_eq!(st, 422, "{v}");
    let (code, msg) = error(&v);
    assert_eq!(code, "bad_file");
    assert!(
        msg.contains("garbage.txt"),
        "the message names the file: {msg}"
    );
    assert!(
        !msg.contains(&d.data().display().to_string()),
        "no server path: {msg}"
    );
    let files = v["files"].as_array().unwrap();
    assert!(
        files
            .iter()
            .any(|f| f["file"] == "garbage.txt" && f["status"] == "error")
    );
    assert_eq!(
        d.ok(&["ls", "--json"]),
        before,
        "nothing added, not even the good file"
    );

    let (st, v) = s.upload(&[("tool.exe", b"MZ\x90\x00")], &[]);
    assert_eq!(st, 422, "{v}");
    assert!(error(&v).1.contains("tool.exe"), "{v}");
    let (st, v) = s.upload(&[("..", b"x")], &[]);
    assert_eq!((st, error(&v).0), (400, "bad_request"), "{v}");
    let (st, v) = s.send(
        "POST",
        "/api/v1/files",
        &[],
        b"",
        "multipart/form-data; boundary=x",
    );
    assert_eq!(st, 400, "{v}");
    assert_eq!(d.ok(&["ls", "--json"]), before);
}

/// Poll a background upload's job until it ends; the stages seen on the way.
fn follow(s: &Serve, id: u64) -> (Value, Vec<String>) {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut stages = Vec::new();
    loop {
        let (st, v) = s.get(&format!("/api/v1/jobs/{id}"));
        assert_eq!(st, 200, "{v}");
        let parsed = v["parsed_bytes"].as_u64().unwrap();
        let total = v["total_bytes"].as_u64().unwrap();
        assert!(total == 0 || parsed <= total, "{v}");
        let stage = v["stage"].as_str().unwrap().to_string();
        if stages.last() != Some(&stage) {
            stages.push(stage);
        }
        if v["state"] != "running" {
            return (v, stages);
        }
        assert!(Instant::now() < deadline, "job {id} still running: {v}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn api_background_upload_reports_progress_and_its_outcome() {
    let d = Dir::new("api-job");
    let s = Serve::start(&d.data(), &["--addr", "127.0.0.1:0"]);
    let a = std::fs::read(shared("corpus/compilations-extra/c01.txt")).unwrap();
    let b = std::fs::read(shared("corpus/compilations-extra/c02.txt")).unwrap();
    let (ctype, body) = multipart_with(
        &[("c01.txt", &a), ("c02.txt", &b)],
        &[("background", "true")],
    );
    let (st, v) = s.send("POST", "/api/v1/files", &[], &body, &ctype);
    assert_eq!(st, 202, "{v}");
    assert_eq!(v["files"], 2);
    let id = v["id"].as_u64().unwrap();
    let (done, stages) = follow(&s, id);
    assert_eq!(done["state"], "done", "{done}");
    assert_eq!(done["stage"], "finished");
    assert_eq!(
        done["parsed_bytes"].as_u64(),
        Some((a.len() + b.len()) as u64)
    );
    assert_eq!(done["total_bytes"], done["parsed_bytes"]);
    println!("background upload: stages seen {stages:?}");
    // The results are what the synchronous upload answers: one per file,
    // and the library holds exactly those articles.
    let results = done["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let listed = ls(&d);
    let added: u64 = results
        .iter()
        .map(|r| r["articles"].as_u64().unwrap())
        .sum();
    assert_eq!(listed.len() as u64, added);
    assert!(added > 0);

    // A bad file: the job fails with the 422's error and adds nothing.
    let before = d.ok(&["ls", "--json"]);
    let c = std::fs::read(shared("corpus/compilations-extra/c03.docx")).unwrap();
    let (ctype, body) = multipart_with(
        &[("c03.docx", &c), ("broken.docx", b"PK\x03\x04 truncated")],
        &[("background", "true")],
    );
    let (st, v) = s.send("POST", "/api/v1/files", &[], &body, &ctype);
    assert_eq!(st, 202, "{v}");
    let (failed, _) = follow(&s, v["id"].as_u64().unwrap());
    assert_eq!(failed["state"], "failed", "{failed}");
    assert_eq!(failed["error"]["error"]["code"], "bad_file");
    assert!(
        failed["error"]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("broken.docx")
    );
    assert!(
        failed["error"]["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["file"] == "broken.docx" && f["status"] == "error")
    );
    assert_eq!(d.ok(&["ls", "--json"]), before, "nothing added");

    let (st, v) = s.get("/api/v1/jobs/999999");
    assert_eq!((st, error(&v).0), (404, "not_found"));
}

#[test]
fn api_read_only_and_origin_rules() {
    let d = Dir::new("api-ro");
    d.ok(&["add", &shared("corpus/compilations-extra/c01.txt")]);
    let before = d.ok(&["ls", "--json"]);
    let id = d.json(&["ls", "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    {
        let s = Serve::start(&d.data(), &["--addr", "127.0.0.1:0", "--read-only"]);
        let (_, v) = s.get("/api/v1/status");
        assert_eq!(v["read_only"], true);
        let (st, v) = s.upload(&[("c02.txt", b"\xe4\xb8\xad\xe6\x96\x87")], &[]);
        assert_eq!((st, error(&v).0), (403, "read_only"), "{v}");
        let path = format!("/api/v1/articles/{id}");
        let (st, v) = s.send(
            "PATCH",
            &path,
            &[],
            b"{\"title\":\"x\"}",
            "application/json",
        );
        assert_eq!((st, error(&v).0), (403, "read_only"));
        let (st, v) = s.send("DELETE", &path, &[], b"", "application/json");
        assert_eq!((st, error(&v).0), (403, "read_only"));
        let (st, _) = s.get(&path);
        assert_eq!(st, 200, "reads still work");
        assert_eq!(d.ok(&["ls", "--json"]), before);
    }
    let s = Serve::start(&d.data(), &["--addr", "127.0.0.1:0"]);
    // A page on another site cannot change the library through the browser.
    let path = format!("/api/v1/articles/{id}");
    let (st, v) = s.send(
        "DELETE",
        &path,
        &[("Origin", "http://evil.example")],
        b"",
        "text/plain",
    );
    assert_eq!((st, error(&v).0), (403, "forbidden"), "{v}");
    // Nor read it through a rebound DNS name.
    let (st, v) = s.send(
        "GET",
        "/api/v1/status",
        &[("Host", "evil.example:80")],
        b"",
        "text/plain",
    );
    assert_eq!((st, error(&v).0), (403, "forbidden"), "{v}");
    let (st, _) = s.send(
        "GET",
        "/api/v1/status",
        &[("Host", "localhost")],
        b"",
        "text/plain",
    );
    assert_eq!(st, 403, "a host without the port is not ours either");
    assert_eq!(d.ok(&["ls", "--json"]), before);
    // The UI itself is served, with content types.
    let (st, html) = s.raw("GET", "/");
    assert_eq!(st, 200);
    assert!(String::from_utf8_lossy(&html).contains("/assets/app.js"));
    let (st, js) = s.raw("GET", "/assets/app.js");
    assert_eq!(st, 200);
    assert!(String::from_utf8_lossy(&js).contains("registerView"));
    let (st, _) = s.raw("GET", "/assets/../Cargo.toml");
    assert_eq!(st, 404);
}

#[test]
fn api_non_loopback_needs_token() {
    let d = Dir::new("api-token");
    d.ok(&["add", &shared("corpus/compilations-extra/c01.txt")]);
    let id = d.json(&["ls", "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let t0 = Instant::now();
    let o = d.tifa(&["serve", "--addr", "0.0.0.0:0"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "refused without a token (a usage error)"
    );
    assert!(t0.elapsed() < Duration::from_secs(30));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--token-file"), "{err}");
    assert!(o.stdout.is_empty(), "no address printed");

    let token = d.write("token", b"s3cret-token-for-tests\n");
    let s = Serve::start(
        &d.data(),
        &[
            "--addr",
            "0.0.0.0:0",
            "--token-file",
            &token.to_string_lossy(),
        ],
    );
    let (st, _) = s.get("/api/v1/status");
    assert_eq!(st, 200, "reads need no token");
    let path = format!("/api/v1/articles/{id}");
    let body = "{\"title\":\"令牌\"}".as_bytes();
    let (st, v) = s.send("PATCH", &path, &[], body, "application/json");
    assert_eq!((st, error(&v).0), (401, "unauthorized"), "{v}");
    let (st, _) = s.send(
        "PATCH",
        &path,
        &[("Authorization", "Bearer wrong")],
        body,
        "application/json",
    );
    assert_eq!(st, 401);
    let (st, v) = s.upload(&[("a.txt", "中文".as_bytes())], &[]);
    assert_eq!(st, 401, "{v}");
    let (st, v) = s.send(
        "PATCH",
        &path,
        &[("Authorization", "Bearer s3cret-token-for-tests")],
        body,
        "application/json",
    );
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["title"], "令牌");
}

#[test]
fn api_openapi_lists_the_paths() {
    let d = Dir::new("api-openapi");
    let s = crate::web::Server::start(&d.data());
    let (st, v) = s.get_json("/api/v1/openapi.json");
    assert_eq!(st, 200);
    assert!(
        v["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        v["openapi"]
    );
    let paths = v["paths"].as_object().unwrap();
    for p in [
        "/api/v1/status",
        "/api/v1/articles",
        "/api/v1/articles/{id}",
        "/api/v1/files",
        "/api/v1/count",
        "/api/v1/kwic",
        "/api/v1/search",
        "/api/v1/trend",
        "/api/v1/first",
        "/api/v1/notes",
        "/api/v1/newterms",
        "/api/v1/keywords",
        "/api/v1/collocates",
        "/api/v1/diff",
        "/api/v1/targets",
        "/api/v1/check",
        "/api/v1/pack",
        "/api/v1/export",
        "/api/v1/openapi.json",
    ] {
        assert!(paths.contains_key(p), "{p} documented");
    }
    let item = &paths["/api/v1/articles/{id}"];
    for m in ["get", "patch", "delete"] {
        assert!(item.get(m).is_some(), "{m} /articles/{{id}}");
    }
    let schemas = v["components"]["schemas"].as_object().unwrap();
    for name in [
        "KwicPage",
        "CountRow",
        "Article",
        "ErrorBody",
        "FileResult",
        "SearchPage",
    ] {
        assert!(schemas.contains_key(name), "schema {name}");
    }
    // Every $ref resolves.
    let text = v.to_string();
    let dangling: Vec<&str> = text
        .split("\"$ref\":\"#/components/schemas/")
        .skip(1)
        .map(|r| &r[..r.find('"').unwrap()])
        .filter(|name| !schemas.contains_key(*name))
        .collect();
    assert!(dangling.is_empty(), "dangling $refs {dangling:?}");
}

#[test]
fn api_limits_and_graceful_shutdown() {
    let d = Dir::new("api-limits");
    d.ok(&["add", &shared("corpus/compilations-extra/c01.txt")]);
    let id = d.json(&["ls", "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut s = Serve::start(&d.data(), &["--addr", "127.0.0.1:0"]);
    // Bodies other than uploads are small.
    let big = format!("{{\"title\":\"{}\"}}", "长".repeat(30_000));
    let (st, v) = s.send(
        "PATCH",
        &format!("/api/v1/articles/{id}"),
        &[],
        big.as_bytes(),
        "application/json",
    );
    assert_eq!((st, error(&v).0), (413, "too_large"), "{v}");
    let (st, v) = s.get("/api/v1/count");
    assert_eq!(
        (st, error(&v).0),
        (400, "bad_request"),
        "a term is needed: {v}"
    );
    let (st, v) = s.get("/api/v1/count?q=x&date=2020-13");
    assert_eq!((st, error(&v).0), (400, "bad_request"), "a bad date: {v}");
    let (st, v) = s.get("/api/v1/kwic?q=x&format=csv&date=2020-13");
    assert_eq!(
        (st, error(&v).0),
        (400, "bad_request"),
        "a streamed export reports errors as JSON: {v}"
    );
    let (st, v) = s.send("POST", "/api/v1/count", &[], b"", "text/plain");
    assert_eq!((st, error(&v).0), (405, "method_not_allowed"), "{v}");
    let (st, v) = s.get("/api/v1/articles/%FF");
    assert!(st == 400 || st == 404, "{st} {v}");
    error(&v);
    let (st, v) = s.get("/api/v1/kwic?q=x&limit=abc");
    assert_eq!((st, error(&v).0), (400, "bad_request"), "{v}");
    // Ctrl-C (SIGINT) ends the server cleanly.
    let pid = s.child.id().to_string();
    let killed = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(killed.success());
    let t0 = Instant::now();
    let status = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break st;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "still serving after SIGINT"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit {status:?}");
}

#[test]
fn api_follows_changes_made_by_the_cli() {
    let d = Dir::new("api-follow");
    d.ok(&["add", &shared("corpus/compilations-extra/c01.txt")]);
    let s = Serve::start(&d.data(), &["--addr", "127.0.0.1:0"]);
    let term = "发展";
    let (_, before) = s.get(&format!("/api/v1/count?q={}", enc(term)));
    assert_eq!(before, Value::Array(d.json(&["count", term, "--json"])));
    // The CLI adds a file while the server runs: the next read sees it.
    d.ok(&["add", &shared("corpus/compilations-extra/c02.txt")]);
    let (_, v) = s.get("/api/v1/status");
    assert_eq!(v["articles"].as_u64().unwrap(), ls(&d).len() as u64);
    let (_, after) = s.get(&format!("/api/v1/count?q={}", enc(term)));
    assert_eq!(after, Value::Array(d.json(&["count", term, "--json"])));
    assert_ne!(after, before, "the new file counts");
    let (st, v) = s.get(&format!("/api/v1/search?q={}&limit=1", enc(term)));
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["articles"], after[0]["articles"]);
}

/// The API's keywords and diff equal the CLI's, in the same order: the
/// keywords of the 2024 report against an id and against a query, and the
/// sentence rows, formulations and targets of the 2023/2024 diff.
#[test]
fn api_keywords_and_diff_equal_the_cli() {
    let d = Dir::new("api-kw-diff");
    d.ok(&[
        "add",
        &shared("corpus/reports/government_work_reports.jsonl"),
    ]);
    let arts = d.export();
    let id = |y: &str| work_report(&arts, y)["id"].as_str().unwrap().to_string();
    let (a, b) = (id("2023"), id("2024"));
    let s = Serve::start(&d.data(), &["--addr", "127.0.0.1:0"]);
    for vs in [a.as_str(), "..2023", "改革开放 date:..2023"] {
        let (st, v) = s.get(&format!("/api/v1/keywords?id={b}&vs={}&limit=30", enc(vs)));
        assert_eq!(st, 200, "{v}");
        let cli = d.json(&["keywords", "--id", &b, "--vs", vs, "-n", "30", "--json"]);
        assert!(!cli.is_empty());
        assert_eq!(v["keywords"].as_array().unwrap(), &cli, "--vs {vs}");
    }
    let (st, v) = s.get(&format!("/api/v1/diff?a={a}&b={b}"));
    assert_eq!(st, 200, "{v}");
    let cli: Value = serde_json::from_str(&d.ok(&["diff", &a, &b, "--json"])).unwrap();
    assert_eq!(v, cli);
    assert!(
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "moved")
    );
    assert!(!v["targets"].as_array().unwrap().is_empty());
}
