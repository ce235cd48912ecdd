//! The web workbench in a real browser: `tifa serve` on an ephemeral loopback port over
//! the shared corpus, driven through Debian's headless `chromium` with `chromedriver`
//! (W3C WebDriver over plain HTTP, spoken by the small client below). Assertions are on
//! what a person sees, checked against the CLI's `--json` output for the same library.
//!
//! On failure a screenshot is written to the temp dir and its path printed. With
//! `TIFA_WEB_SCREENSHOTS=DIR` every screen is saved there (the README's pictures).

use crate::util::{Dir, shared};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

// ---------- a minimal HTTP/1.1 client (loopback only) ----------

/// One request on a fresh connection; returns status and body.
pub fn http(
    method: &str,
    addr: &str,
    path: &str,
    body: Option<&[u8]>,
    ctype: &str,
) -> (u16, Vec<u8>) {
    http_with(method, addr, path, &[], body, ctype)
}

/// `http` with extra request headers (a `Host` among them replaces the default).
pub fn http_with(
    method: &str,
    addr: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
    ctype: &str,
) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let body = body.unwrap_or(b"");
    let host = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("host"))
        .map_or(addr, |(_, v)| v);
    let extra: String = headers
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("host"))
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nAccept: */*\r\n\
         {extra}Content-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    // Read until the body is complete: some servers (chromedriver) answer
    // `Connection: close` but keep the socket open, so EOF is not awaited
    // when the length is known.
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        // A socket with a read timeout is not restarted after a signal
        // (signal(7)), so EINTR is retried here rather than failing the test.
        let n = match s.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => panic!("read {addr}{path}: {e}"),
        };
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let lower = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            let body = raw.len() - split - 4;
            if let Some(n) = lower
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|n| n.trim().parse::<usize>().ok())
            {
                if body >= n {
                    break;
                }
            } else if lower.contains("transfer-encoding: chunked")
                && raw.ends_with(b"\r\n0\r\n\r\n")
            {
                break;
            }
        }
    }
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP header from {addr}{path}"));
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut rest = raw[split + 4..].to_vec();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let lower = head.to_ascii_lowercase();
    if lower.contains("transfer-encoding: chunked") {
        rest = unchunk(&rest);
    } else if let Some(n) = lower
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse::<usize>().ok())
    {
        rest.truncate(n);
    }
    (status, rest)
}

fn unchunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&b[..eol]).unwrap_or("0");
        let n = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + n]);
        b = &b[eol + 2 + n + 2..];
    }
    out
}

/// Percent-encode a query value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = s.bytes().filter(|c| !b"=\r\n ".contains(c)).collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let v: Vec<u32> = chunk.iter().map(|&c| val(c) as u32).collect();
        let n = v.iter().fold(0u32, |a, &x| (a << 6) | x) << (6 * (4 - v.len()));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..v.len() - 1]);
    }
    out
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

// ---------- tifa serve ----------

/// Start `tifa --data DATA serve ARGS` and read the bound address from its
/// first line (`http://127.0.0.1:41234/`; a wildcard bind is reached on
/// loopback).
pub fn spawn_serve(data: &Path, args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tifa"))
        .arg("--data")
        .arg(data)
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start tifa serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("first line is not the address: {line:?}"))
        .trim_end_matches('/')
        .replace("0.0.0.0", "127.0.0.1");
    (child, addr)
}

/// `tifa serve --addr 127.0.0.1:0` over a data dir; killed on drop.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    pub fn start(data: &Path) -> Server {
        Server::start_with(data, &[])
    }

    /// `tifa serve --addr 127.0.0.1:0 EXTRA...`.
    pub fn start_with(data: &Path, extra: &[&str]) -> Server {
        let args: Vec<&str> = ["--addr", "127.0.0.1:0"]
            .iter()
            .chain(extra)
            .copied()
            .collect();
        let (child, addr) = spawn_serve(data, &args);
        Server { child, addr }
    }

    pub fn url(&self, query: &str) -> String {
        format!("http://{}/{query}", self.addr)
    }

    pub fn get_json(&self, path: &str) -> (u16, Value) {
        let (st, body) = http("GET", &self.addr, path, None, "application/json");
        (st, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------- WebDriver ----------

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process with one headless chromium session.
pub struct Browser {
    driver: Child,
    addr: String,
    session: String,
    name: String,
    shots: Option<PathBuf>,
}

fn which(names: &[&str]) -> Option<PathBuf> {
    names.iter().map(PathBuf::from).find(|p| p.exists())
}

impl Browser {
    pub fn start(name: &str) -> Browser {
        let chromium =
            which(&["/usr/lib/chromium/chromium", "/usr/bin/chromium"]).unwrap_or_else(|| {
                panic!(
                    "chromium is not installed: the browser tests need Debian's `chromium` and \
                 `chromium-driver` (apt-get install chromium chromium-driver fonts-noto-cjk; \
                 .ci/run does this)"
                )
            });
        let driver = which(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])
            .unwrap_or_else(|| {
                panic!(
                    "chromedriver is not installed: apt-get install chromium-driver (.ci/run does this)"
                )
            });
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let addr = format!("127.0.0.1:{port}");
        let t0 = Instant::now();
        while TcpStream::connect(&addr).is_err() {
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut b = Browser {
            driver: child,
            addr,
            session: String::new(),
            name: name.to_string(),
            shots: std::env::var_os("TIFA_WEB_SCREENSHOTS").map(PathBuf::from),
        };
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,900", "--hide-scrollbars", "--lang=zh-CN",
                         "--no-first-run", "--disable-extensions"]
            }
        }}});
        let v = b.cmd("POST", "/session", Some(caps));
        b.session = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {v}"))
            .to_string();
        b
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = if path.starts_with("/session/") || path == "/session" {
            path.to_string()
        } else {
            format!("/session/{}{path}", self.session)
        };
        let body = body.map(|b| b.to_string());
        let (st, out) = http(
            method,
            &self.addr,
            &path,
            body.as_deref().map(str::as_bytes),
            "application/json; charset=utf-8",
        );
        let v: Value = serde_json::from_slice(&out).unwrap_or(Value::Null);
        assert!(st == 200, "WebDriver {method} {path}: {st} {v}");
        v["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn refresh(&self) {
        self.cmd("POST", "/refresh", Some(json!({})));
    }

    pub fn js(&self, script: &str, args: Value) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Wait until `cond` (a JS expression) is truthy; panics with `what` after 30 s.
    pub fn wait(&self, cond: &str, what: &str) -> Value {
        let t0 = Instant::now();
        loop {
            let v = self.js(
                &format!("try {{ return ({cond}); }} catch (e) {{ return null; }}"),
                json!([]),
            );
            if !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0)) {
                return v;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Wait until the view `view` has finished rendering.
    pub fn ready(&self, view: &str) {
        self.wait(
            &format!("document.body.dataset.ready === '{view}'"),
            &format!("view {view}"),
        );
    }

    pub fn find(&self, css: &str) -> String {
        let t0 = Instant::now();
        loop {
            let (st, out) = http(
                "POST",
                &self.addr,
                &format!("/session/{}/element", self.session),
                Some(
                    json!({"using": "css selector", "value": css})
                        .to_string()
                        .as_bytes(),
                ),
                "application/json",
            );
            if st == 200 {
                let v: Value = serde_json::from_slice(&out).unwrap();
                return v["value"][ELEMENT].as_str().unwrap().to_string();
            }
            assert!(t0.elapsed() < Duration::from_secs(30), "no element {css}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn click(&self, css: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.cmd(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({ "text": text })),
        );
    }

    pub fn clear(&self, css: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("/element/{e}/clear"), Some(json!({})));
    }

    pub fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.cmd("GET", &format!("/element/{e}/text"), None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// innerText of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let v = self.js(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim());",
            json!([css]),
        );
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap_or("").to_string())
            .collect()
    }

    pub fn count(&self, css: &str) -> usize {
        self.js(
            "return document.querySelectorAll(arguments[0]).length;",
            json!([css]),
        )
        .as_u64()
        .unwrap() as usize
    }

    pub fn screenshot(&self, path: &Path) {
        let v = self.cmd("GET", "/screenshot", None);
        std::fs::write(path, base64_decode(v.as_str().unwrap_or(""))).unwrap();
    }

    /// Save the current screen as `NAME.png` when screenshots were asked for.
    pub fn shot(&self, name: &str) {
        if let Some(dir) = &self.shots {
            std::fs::create_dir_all(dir).unwrap();
            self.screenshot(&dir.join(format!("{name}.png")));
        }
    }

    /// Run `steps`; on a panic save a screenshot, print its path, and fail.
    pub fn run(&self, steps: impl FnOnce(&Browser)) {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| steps(self)));
        if let Err(e) = r {
            let p = std::env::temp_dir().join(format!(
                "tifa-web-failure-{}-{}.png",
                self.name,
                std::process::id()
            ));
            let shot =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.screenshot(&p)));
            if shot.is_ok() {
                eprintln!("screenshot of the failure: {}", p.display());
            }
            std::panic::resume_unwind(e);
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http(
                "DELETE",
                &self.addr,
                &format!("/session/{}", self.session),
                None,
                "application/json",
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// "1,234" as the page shows it → 1234.
fn num(s: &str) -> u64 {
    s.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

fn library(name: &str) -> Dir {
    let d = Dir::new(name);
    d.ok(&["add", &shared("corpus")]);
    d
}

// ---------- the tests ----------

#[test]
fn browser_reads_search_kwic_reader_trend() {
    let d = library("web-read");
    let server = Server::start(&d.data());
    let b = Browser::start("read");
    b.run(|b| {
        // 检索: typed into the box, Enter submits; counts equal `tifa count`.
        b.goto(&server.url(""));
        b.ready("search");
        b.shot("search-empty");
        b.type_into("input.q", "共同富裕\u{E007}");
        b.ready("search");
        let url = b
            .js("return location.search;", json!([]))
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            url.contains("q=%E5%85%B1"),
            "the query is in the URL: {url}"
        );
        let want = &d.json(&["count", "共同富裕", "--json"])[0];
        for k in ["occurrences", "articles", "works"] {
            let shown = b.text(&format!(".count[data-term='共同富裕'] b[data-k='{k}']"));
            assert_eq!(
                num(&shown),
                want[k].as_u64().unwrap(),
                "{k} shown as {shown}"
            );
        }
        assert!(b.count(".results .work") > 0, "works listed");
        assert!(b.count(".results mark") > 0, "snippets highlighted");
        b.shot("search");

        // The same with a date range and a kind filter, against `tifa count --date --kind`.
        b.goto(&server.url(&format!(
            "?v=search&q={}&date=2020..2024&kind=speech",
            enc("共同富裕")
        )));
        b.ready("search");
        let want = &d.json(&[
            "count",
            "共同富裕",
            "--date",
            "2020..2024",
            "--kind",
            "speech",
            "--json",
        ])[0];
        let shown = b.text(".count[data-term='共同富裕'] b[data-k='articles']");
        assert_eq!(
            num(&shown),
            want["articles"].as_u64().unwrap(),
            "filtered articles"
        );

        // 语境: sorting by left context changes the order and matches `tifa kwic --sort left`.
        b.goto(&server.url(&format!("?v=kwic&q={}", enc("共同富裕"))));
        b.ready("kwic");
        let total = d.json(&["kwic", "共同富裕", "--json"]).len() as u64;
        assert_eq!(
            num(&b.text("[data-testid=total]")),
            total,
            "every hit counted"
        );
        let before = b.texts("tr.hitrow td.left");
        b.click("button[data-sort=left]");
        b.wait("location.search.includes('sort=left')", "sort in the URL");
        b.ready("kwic");
        let after = b.texts("tr.hitrow td.left");
        assert_ne!(before, after, "sorting by left context changes the order");
        let cli: Vec<String> = d
            .json(&["kwic", "共同富裕", "--sort", "left", "--json"])
            .iter()
            .take(after.len())
            .map(|h| h["left"].as_str().unwrap().trim().to_string())
            .collect();
        assert_eq!(after, cli, "the page shows the CLI's order");
        assert_eq!(
            b.count("span.exports a[href*='format=xlsx']"),
            1,
            "导出 XLSX next to CSV and JSONL"
        );
        b.shot("kwic");
        b.click("button[data-page=next]");
        b.wait("location.search.includes('offset=')", "next page");
        b.ready("kwic");
        let first = b.texts("tr.hitrow td.num");
        assert_eq!(
            first.first().map(String::as_str),
            Some("51"),
            "the second page starts at 51"
        );

        // 文章: outline and provenance.
        let art = d
            .export()
            .into_iter()
            .find(|a| {
                a["outline"].as_array().is_some_and(|o| o.len() >= 3)
                    && a["origin"]["start_line"].is_u64()
            })
            .expect("an article with an outline");
        let id = art["id"].as_str().unwrap();
        b.goto(&server.url(&format!("?v=read&id={id}")));
        b.ready("read");
        let outline = art["outline"].as_array().unwrap();
        assert_eq!(
            b.count("nav.outline li"),
            outline.len(),
            "one outline entry per heading"
        );
        let origin = b.text("[data-testid=origin]");
        let file = art["origin"]["file"].as_str().unwrap();
        let line = art["origin"]["start_line"].as_u64().unwrap().to_string();
        assert!(
            origin.contains(file) && origin.contains(&line),
            "provenance shown: {origin}"
        );
        let para = outline[1]["paragraph"].as_u64().unwrap();
        assert_eq!(
            b.count(&format!("nav.outline a[href='#p{para}']")),
            1,
            "outline links to ¶{para}"
        );
        assert_eq!(
            b.count(&format!("p.para#p{para}")),
            1,
            "paragraph ¶{para} has its id"
        );
        b.shot("reader");

        // 趋势: two terms give two series and two legend entries; 首次出现 links to the reader.
        b.goto(&server.url(&format!(
            "?v=trend&q={}&q={}",
            enc("共同富裕"),
            enc("高质量发展")
        )));
        b.ready("trend");
        assert_eq!(b.count("svg.chart g.series"), 2, "two series");
        assert_eq!(
            b.count("a[data-testid=xlsx][href*='/trend?']"),
            1,
            "the trend table downloads as XLSX"
        );
        assert_eq!(b.count("svg.chart path.series-line"), 2, "two lines");
        let d0 = b.js(
            "return document.querySelector('svg.chart path.series-line').getAttribute('d');",
            json!([]),
        );
        assert!(
            d0.as_str().unwrap_or("").contains('L'),
            "a drawn line: {d0}"
        );
        assert_eq!(
            b.texts(".legend .key"),
            vec!["共同富裕", "高质量发展"],
            "legend"
        );
        b.shot("trend");
        let first = &d.json(&["first", "高质量发展", "--json"])[0];
        let (art, para) = (
            first["article"].as_str().unwrap(),
            first["paragraph"].as_u64().unwrap(),
        );
        b.click("[data-testid=first] .first[data-term='高质量发展'] a");
        b.ready("read");
        let target = b.wait(
            "document.querySelector('p.para.target') && document.querySelector('p.para.target').id",
            "the cited paragraph",
        );
        assert_eq!(
            target,
            json!(format!("p{para}")),
            "first appearance opens ¶{para}"
        );
        let loc = b
            .js("return location.search;", json!([]))
            .as_str()
            .unwrap()
            .to_string();
        assert!(loc.contains(&format!("id={art}")), "{loc}");

        // The English toggle keeps the view and is remembered.
        b.click("#lang");
        b.ready("read");
        assert!(b.text("#nav").contains("Search"), "English navigation");
        b.refresh();
        b.ready("read");
        assert!(b.text("#nav").contains("Search"), "language remembered");
    });
}

#[test]
fn browser_upload_errors_and_edits() {
    let d = library("web-edit");
    let server = Server::start(&d.data());
    let b = Browser::start("edit");
    let bad = d.write("bad.pdf", b"this is not a PDF");
    b.run(|b| {
        // 资料库: a bad upload shows its error and leaves the library unchanged.
        let before = d.ok(&["ls", "--json"]);
        b.goto(&server.url("?v=library"));
        b.ready("library");
        let rows = b.count("table.library tbody tr");
        assert_eq!(rows, before.lines().count(), "every article listed");
        b.type_into("#upload-files", &bad.to_string_lossy());
        let msg = b.wait(
            "(document.querySelector('[data-testid=upload-result] .error, [data-testid=upload-result] li.err') || {}).innerText",
            "the upload's error",
        );
        let msg = msg.as_str().unwrap_or("");
        assert!(msg.contains("bad.pdf") || msg.contains("PDF"), "error names the file: {msg}");
        b.shot("library");
        assert_eq!(d.ok(&["ls", "--json"]), before, "library unchanged");

        // 文章: an edit shows after reload, and the CLI sees it.
        let id = before
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .find(|a| a["chars"].as_u64().unwrap_or(0) > 1000)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        b.goto(&server.url(&format!("?v=read&id={id}")));
        b.ready("read");
        b.click("details.box summary");
        b.clear("#e-title");
        b.type_into("#e-title", "网页修改的标题");
        b.clear("#e-date");
        b.type_into("#e-date", "2021-07-01\u{E007}");
        b.wait("document.querySelector('article.text h1').innerText.includes('网页修改的标题')", "the new title");
        b.refresh();
        b.ready("read");
        let h1 = b.text("article.text h1");
        assert!(h1.contains("网页修改的标题"), "edited title after reload: {h1}");
        assert!(b.count(".edited") >= 2, "edited fields marked");
        assert!(b.text("[data-testid=meta]").contains("2021-07-01"), "edited date shown");
        let shown: Value = serde_json::from_str(&d.ok(&["show", &id, "--json"])).unwrap();
        assert_eq!(shown["title"], "网页修改的标题");
        assert_eq!(shown["date"], "2021-07-01");
    });
}

#[test]
fn browser_read_only_hides_changes() {
    let d = Dir::new("web-ro");
    d.ok(&["add", &shared("corpus/compilations-extra/c01.txt")]);
    let id = d.json(&["ls", "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let server = Server::start_with(&d.data(), &["--read-only"]);
    let b = Browser::start("read-only");
    b.run(|b| {
        // 资料库: no upload, no remove buttons; the status line says read-only.
        b.goto(&server.url("?v=library&lang=zh"));
        b.ready("library");
        b.wait(
            "document.getElementById('status').innerText.includes('只读')",
            "read-only status",
        );
        assert_eq!(b.count("#upload-files"), 0, "no upload in read-only mode");
        assert_eq!(b.count("button.rm"), 0, "no remove buttons");
        assert!(
            b.count("table.library tbody tr") > 0,
            "articles still listed"
        );
        // 文章: readable, without the edit form.
        b.goto(&server.url(&format!("?v=read&id={id}")));
        b.ready("read");
        assert!(b.count("p.para") > 0, "the text is shown");
        assert_eq!(b.count("form.edit"), 0, "no edit form");
    });
}

#[test]
fn browser_keywords_newterms_diff() {
    let d = library("web-analyse");
    let server = Server::start(&d.data());
    let b = Browser::start("analyse");
    let arts = d.json(&["ls", "--json"]);
    let (a, other) = (
        arts[0]["id"].as_str().unwrap().to_string(),
        arts[1]["id"].as_str().unwrap().to_string(),
    );
    let words = |rows: Vec<Value>, k: &str| -> Vec<String> {
        rows.iter()
            .map(|r| r[k].as_str().unwrap().to_string())
            .collect()
    };
    b.run(|b| {
        // 关键词: the words of one article, in the CLI's order.
        b.goto(&server.url(&format!("?v=keywords&id={a}&limit=10")));
        b.ready("keywords");
        let want = words(
            d.json(&["keywords", "--id", &a, "-n", "10", "--json"]),
            "word",
        );
        assert!(!want.is_empty());
        assert_eq!(b.texts("table tbody tr td:nth-child(2)"), want, "keywords");
        // 新提法: the terms of a period, in the CLI's order.
        b.goto(&server.url("?v=newterms&period=2023&limit=10"));
        b.ready("newterms");
        let want = words(
            d.json(&["newterms", "--period", "2023", "-n", "10", "--json"]),
            "term",
        );
        assert!(!want.is_empty());
        assert_eq!(b.texts("table tbody tr td:first-child"), want, "new terms");
        // 比较: formulations dropped and added, as `tifa diff --json`.
        b.goto(&server.url(&format!("?v=diff&a={a}&b={other}")));
        b.ready("diff");
        let v: Value = serde_json::from_str(&d.ok(&["diff", &a, &other, "--json"])).unwrap();
        let chips = |k: &str| -> Vec<String> {
            v[k].as_array()
                .unwrap()
                .iter()
                .take(30)
                .map(|x| x["formulation"].as_str().unwrap().to_string())
                .collect()
        };
        let shown = |i: usize| -> Vec<String> {
            b.texts(&format!(".cols .card:nth-child({i}) .chips li a"))
        };
        assert_eq!(shown(1), chips("dropped"), "dropped formulations");
        assert_eq!(shown(2), chips("added"), "added formulations");
        assert!(
            b.count("[data-testid=diff] del, [data-testid=diff] ins") > 0,
            "changes marked"
        );
    });
}

#[test]
fn browser_checks_a_draft_read_only() {
    let d = Dir::new("web-check");
    d.write(
        "a.txt",
        "甲文\n\n2020年1月1日\n\n我们要坚定不移走自己的路，把国家建设得更加美好。\n".as_bytes(),
    );
    d.ok(&["add", d.root.join("a.txt").to_str().unwrap()]);
    let server = Server::start_with(&d.data(), &["--read-only"]);
    let b = Browser::start("check");
    b.run(|b| {
        // 核对: the pasted draft's quotations, one row each, with verdicts.
        b.goto(&server.url("?v=check&lang=zh"));
        b.ready("check");
        b.type_into(
            "textarea.draft",
            "他说：“我们要坚定不移走自己的道路，把国家建设得更加美好。”又说“自己的路”。",
        );
        b.click("form.bar button[type=submit]");
        b.wait(
            "document.querySelectorAll('table.check tbody tr').length === 2",
            "two checked spans",
        );
        assert_eq!(
            b.texts("table.check tbody tr td:nth-child(2)"),
            ["有出入", "略过"]
        );
        b.shot("check");
    });
}

#[test]
fn browser_builds_a_pack_from_search_results() {
    let d = Dir::new("web-pack");
    d.ok(&["add", &shared("corpus/compilations")]);
    let server = Server::start(&d.data());
    let b = Browser::start("pack");
    b.run(|b| {
        // 汇编: search, tick two results, add them to the current 专题.
        b.goto(&server.url("?v=pack&lang=zh&title=%E5%AD%A6%E4%B9%A0%E6%9D%90%E6%96%99"));
        b.ready("pack");
        assert!(
            b.count("#nav a[data-nav=pack]") == 1,
            "汇编 is in the navigation"
        );
        b.type_into("form[role=search] input.q", "雷锋");
        b.click("form[role=search] button[type=submit]");
        b.ready("pack");
        b.wait(
            "document.querySelectorAll('.pack-results input.pick').length >= 2",
            "search results to tick",
        );
        let picked = b.js(
            "const p = [...document.querySelectorAll('.pack-results input.pick')].slice(0, 2);\
             p.forEach(x => x.click()); return p.map(x => x.value);",
            serde_json::json!([]),
        );
        b.click("[data-testid=pack-add]");
        b.wait(
            "document.querySelectorAll('.pack-items li').length === 2",
            "two items in the section",
        );
        let ids = b.js(
            "return [...document.querySelectorAll('.pack-items li')].map(x => x.dataset.id);",
            serde_json::json!([]),
        );
        assert_eq!(ids, picked);
        // The plan is in the URL: a reload keeps it.
        b.refresh();
        b.ready("pack");
        b.wait(
            "document.querySelectorAll('.pack-items li').length === 2",
            "the plan after a reload",
        );
        // Reorder, then download the DOCX: the server answers 200 with a file.
        b.click(".pack-items li:nth-child(2) button[aria-label='上移']");
        b.wait(
            &format!(
                "document.querySelector('.pack-items li').dataset.id === '{}'",
                picked[1].as_str().unwrap()
            ),
            "the second item moved up",
        );
        b.click("button[data-format=docx]");
        b.wait(
            "document.querySelector('[data-testid=pack-result]').dataset.status === '200'",
            "the DOCX download",
        );
        let bytes: u64 = b
            .js(
                "return +document.querySelector('[data-testid=pack-result]').dataset.bytes;",
                serde_json::json!([]),
            )
            .as_u64()
            .unwrap();
        assert!(bytes > 2000, "a DOCX of {bytes} bytes");
        b.shot("pack");
        // The PDF comes from the same plan.
        b.click("button[data-format=pdf]");
        b.wait(
            "document.querySelector('[data-testid=pack-result]').dataset.status === '200' && document.querySelector('[data-testid=pack-result]').textContent.includes('PDF')",
            "the PDF download",
        );
    });
}
