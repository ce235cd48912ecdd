//! `tifa bench`: the search benchmark harness (not a test). Scales the
//! corpus up to a target size by repeating its articles, builds the exact
//! index, times counts, KWIC and ranked search (BM25 from the exact counts),
//! and measures in the same run three baselines: `rg -c -F` over the same
//! text, a tantivy + jieba BM25 index (search mode) for ranked search, and a
//! word-segmented (jieba default mode) tantivy index with phrase queries,
//! whose recall is reported against the exact index.
//!
//! With `--analysis`, the latency of `trend` and `first` on a library; with
//! `--serve`, a load run of the web API (see [`load`]).

use super::out;
use crate::cli::BenchArgs;
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use tifa_index::{Bm25, Ranked, Segment, SegmentBuilder, Segmentation};

struct Corpus {
    titles: Vec<String>,
    bodies: Vec<Vec<String>>,
    /// The original article each copy was made from: its work.
    work: Vec<usize>,
    bytes: usize,
}

fn load(dir: &Path, target: usize) -> Result<Corpus> {
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    files.sort();
    let mut base: Vec<(String, Vec<String>)> = Vec::new();
    for f in &files {
        if let Ok(doc) = tifa_ingest::ingest_path(f, &Default::default()) {
            for a in doc.articles {
                let body: Vec<String> = a.body().map(|p| p.text.clone()).collect();
                base.push((a.title, body));
            }
        }
    }
    anyhow::ensure!(!base.is_empty(), "no articles under {}", dir.display());
    let mut c = Corpus {
        titles: Vec::new(),
        bodies: Vec::new(),
        work: Vec::new(),
        bytes: 0,
    };
    let mut copy = 0;
    while c.bytes < target {
        for (i, (t, b)) in base.iter().enumerate() {
            let mut body = b.clone();
            if copy > 0 {
                body.push(format!("（第{copy}次重印）"));
            }
            c.bytes += body.iter().map(|p| p.len() + 1).sum::<usize>();
            c.titles.push(t.clone());
            c.bodies.push(body);
            c.work.push(i);
        }
        copy += 1;
    }
    Ok(c)
}

fn walk(p: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for e in std::fs::read_dir(p).with_context(|| p.display().to_string())? {
        let e = e?.path();
        if e.is_dir() {
            walk(&e, out)?;
        } else if tifa_ingest::Format::from_path(&e).is_some() {
            out.push(e);
        }
    }
    Ok(())
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

/// `n` substrings of 2–6 letters or digits, drawn by a fixed xorshift from
/// the characters `pick(x)` gives for each draw `x` (the same terms every run).
fn sample_terms(n: usize, mut pick: impl FnMut(u64) -> Vec<char>) -> Vec<String> {
    let mut out = Vec::new();
    let mut x: u64 = 0x9E3779B97F4A7C15;
    while out.len() < n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let t = pick(x);
        let len = 2 + (x >> 40) as usize % 5;
        if t.len() > len {
            let at = (x >> 8) as usize % (t.len() - len);
            let q: String = t[at..at + len].iter().collect();
            if q.chars().all(char::is_alphanumeric) {
                out.push(q);
            }
        }
    }
    out
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

pub fn run(args: &BenchArgs) -> Result<ExitCode> {
    if let Some(target) = &args.serve {
        return load::run(target, args);
    }
    let tmp = std::env::temp_dir().join(format!("tifa-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let result = bench(args, &tmp);
    let _ = std::fs::remove_dir_all(&tmp);
    out(&result?)?;
    Ok(ExitCode::SUCCESS)
}

fn bench(args: &BenchArgs, tmp: &Path) -> Result<String> {
    let mut r = String::new();
    let c = load(&args.corpus, args.mb << 20)?;
    let mb = c.bytes as f64 / 1048576.0;
    eprintln!("语料 corpus: {mb:.1} MB, {} articles", c.bodies.len());
    // Exact index.
    let t = Instant::now();
    let mut b = SegmentBuilder::new();
    for (i, body) in c.bodies.iter().enumerate() {
        b.add(i as u64, body);
    }
    let seg_path = tmp.join("bench.tsa");
    b.write(&seg_path)?;
    let exact_build = t.elapsed().as_secs_f64();
    let seg = Segment::open(&seg_path)?;
    let seg_size = std::fs::metadata(&seg_path)?.len() as f64 / 1048576.0;
    eprintln!("exact index built in {exact_build:.1} s");
    // Queries: fixed formulations and substrings sampled from the text.
    let mut queries: Vec<String> = [
        "高质量发展",
        "新质生产力",
        "中国式现代化",
        "质量发展",
        "发展银行",
        "共同富裕",
        "以人民为中心",
        "一带一路",
        "稳中求进",
        "人民",
    ]
    .map(String::from)
    .to_vec();
    queries.extend(sample_terms(args.queries, |x| {
        let body = &c.bodies[(x as usize) % c.bodies.len()];
        body[(x >> 20) as usize % body.len()].chars().collect()
    }));
    // count: occurrences, articles, works.
    let mut count_ms = Vec::new();
    let mut truth: Vec<HashSet<usize>> = Vec::new();
    for q in &queries {
        for rep in 0..3 {
            // The same call `tifa count` makes per segment.
            let t = Instant::now();
            let mut works = HashSet::new();
            let mut arts = HashSet::new();
            let counts = seg.tally(
                q,
                |key, works: &mut HashSet<u64>| {
                    if rep == 0 {
                        arts.insert(key as usize);
                    }
                    works.insert(c.work[key as usize] as u64);
                    1
                },
                &mut works,
            );
            std::hint::black_box((counts, works.len()));
            count_ms.push(ms(t));
            if rep == 0 {
                truth.push(arts);
            }
        }
    }
    // KWIC: the first 50 lines in text order.
    let mut kwic_ms = Vec::new();
    for q in &queries {
        let t = Instant::now();
        let mut hits = seg.hits(q);
        let n = hits.len().min(50);
        if n > 0 {
            hits.select_nth_unstable_by_key(n - 1, |h| h.pos);
        }
        hits.truncate(n);
        hits.sort_by_key(|h| h.pos);
        let text = seg.text();
        let lines: Vec<String> = hits
            .iter()
            .map(|h| {
                let (_, s, e) = seg.paragraph_of(h.article, h.pos);
                let left = String::from_utf8_lossy(&text[s..h.pos])
                    .chars()
                    .rev()
                    .take(20)
                    .count();
                format!(
                    "{left}{}",
                    String::from_utf8_lossy(&text[h.pos..e])
                        .chars()
                        .take(20 + q.chars().count())
                        .collect::<String>()
                )
            })
            .collect();
        std::hint::black_box(lines);
        kwic_ms.push(ms(t));
    }
    // Ranked search as `tifa search` makes it: exact matching, BM25 from
    // the exact counts, the top 20.
    let chars: Vec<usize> = c
        .bodies
        .iter()
        .map(|b| b.iter().map(|p| p.chars().count() + 1).sum())
        .collect();
    let collection = Bm25 {
        texts: c.bodies.len(),
        mean_chars: chars.iter().sum::<usize>() as f64 / c.bodies.len() as f64,
    };
    let mut search_ms = Vec::new();
    for q in &queries {
        let t = Instant::now();
        let found = seg.articles_with(q);
        let idf = collection.idf(found.len());
        let mut top: Vec<(f32, u64)> = found
            .iter()
            .map(|&(a, n, _)| {
                let k = seg.key(a);
                let title = c.titles[k as usize].matches(q.as_str()).count();
                (collection.score(idf, n, chars[k as usize], title), k)
            })
            .collect();
        let n = top.len().min(20);
        if n > 0 {
            top.select_nth_unstable_by(n - 1, |a, b| b.0.total_cmp(&a.0));
        }
        std::hint::black_box(top);
        search_ms.push(ms(t));
    }
    // Baseline: BM25 over jieba search-mode tokens in tantivy, the top 20.
    let (ranked, ranked_build, ranked_size) =
        build_ranked(&tmp.join("ranked"), Segmentation::Search, &c)?;
    eprintln!("tantivy+jieba index built in {ranked_build:.1} s");
    let mut ranked_ms: Vec<f64> = Vec::new();
    for q in &queries {
        let t = Instant::now();
        std::hint::black_box(ranked.scores(&[q.as_str()], 20)?);
        ranked_ms.push(ms(t));
    }
    // Baseline 1: word-segmented tantivy + jieba, phrase queries.
    let (words, words_build, words_size) =
        build_ranked(&tmp.join("words"), Segmentation::Words, &c)?;
    let (mut words_ms, mut found, mut total) = (Vec::new(), 0usize, 0usize);
    for (q, truth) in queries.iter().zip(&truth) {
        let t = Instant::now();
        let got: HashSet<usize> = words
            .phrase_matches(q, c.bodies.len())?
            .into_iter()
            .map(|k| k as usize)
            .collect();
        words_ms.push(ms(t));
        found += got.intersection(truth).count();
        total += truth.len();
    }
    // Baseline 2: ripgrep over the same text.
    let mut rg_ms = Vec::new();
    if !args.no_rg {
        let text_path = tmp.join("text.txt");
        let mut f = std::io::BufWriter::new(std::fs::File::create(&text_path)?);
        for body in &c.bodies {
            writeln!(f, "{}", body.join("\n"))?;
        }
        f.flush()?;
        drop(f);
        for q in queries.iter().take(20) {
            let t = Instant::now();
            let o = std::process::Command::new("rg")
                .args(["-c", "-F", q])
                .arg(&text_path)
                .output()
                .context("running rg (install ripgrep, or pass --no-rg)")?;
            std::hint::black_box(o.stdout);
            rg_ms.push(ms(t));
        }
    }
    let rss = peak_rss_mb();
    writeln!(r, "| measure | tifa | baseline |")?;
    writeln!(r, "|---|---|---|")?;
    writeln!(
        r,
        "| text | {mb:.1} MB, {} articles, {} queries | |",
        c.bodies.len(),
        queries.len()
    )?;
    writeln!(
        r,
        "| exact index build | {:.1} MB/s ({exact_build:.1} s) | |",
        mb / exact_build
    )?;
    writeln!(
        r,
        "| exact index size ÷ text | {:.2}× ({seg_size:.0} MB, text included) | |",
        seg_size / mb
    )?;
    writeln!(
        r,
        "| ranked index build | none (BM25 from the exact counts) | tantivy+jieba BM25: {:.1} MB/s ({ranked_build:.1} s), {ranked_size:.0} MB; word-only tantivy+jieba: {:.1} MB/s ({words_build:.1} s), {words_size:.0} MB |",
        mb / ranked_build,
        mb / words_build
    )?;
    writeln!(
        r,
        "| count p50 / p99 | {:.3} / {:.3} ms | `rg -c -F`: {} |",
        pct(&mut count_ms, 0.5),
        pct(&mut count_ms, 0.99),
        if rg_ms.is_empty() {
            "—".to_string()
        } else {
            format!(
                "{:.1} / {:.1} ms",
                pct(&mut rg_ms, 0.5),
                pct(&mut rg_ms, 0.99)
            )
        }
    )?;
    writeln!(
        r,
        "| KWIC first 50 lines p50 / p99 | {:.3} / {:.3} ms | |",
        pct(&mut kwic_ms, 0.5),
        pct(&mut kwic_ms, 0.99)
    )?;
    writeln!(
        r,
        "| ranked search p50 / p99 (top 20) | {:.3} / {:.3} ms | tantivy+jieba BM25: {:.3} / {:.3} ms; word-only phrase query: {:.3} / {:.3} ms |",
        pct(&mut search_ms, 0.5),
        pct(&mut search_ms, 0.99),
        pct(&mut ranked_ms, 0.5),
        pct(&mut ranked_ms, 0.99),
        pct(&mut words_ms, 0.5),
        pct(&mut words_ms, 0.99)
    )?;
    writeln!(
        r,
        "| article recall vs substring truth | 1.000 (by construction: exact index) | word-only: {:.3} |",
        found as f64 / total.max(1) as f64
    )?;
    writeln!(
        r,
        "| peak RSS | {rss:.0} MB (whole run, both indexes and baselines) | |"
    )?;
    Ok(r)
}

/// Build a ranked index over the corpus: the index, seconds, size in MB.
fn build_ranked(dir: &Path, seg: Segmentation, c: &Corpus) -> Result<(Ranked, f64, f64)> {
    let t = Instant::now();
    let ranked = Ranked::open(dir, seg, tifa_index::Segmenter::default())?;
    let mut w = ranked.writer(2)?;
    for (i, body) in c.bodies.iter().enumerate() {
        w.add(i as u64, &c.titles[i], &body.join("\n"))?;
    }
    w.commit("bench")?;
    Ok((
        ranked,
        t.elapsed().as_secs_f64(),
        dir_size(dir) as f64 / 1048576.0,
    ))
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p).map_or(0, |rd| {
        rd.flatten()
            .map(|e| e.metadata().map_or(0, |m| m.len()))
            .sum()
    })
}

/// `tifa bench --analysis`: latency of `trend` and `first` on an existing
/// library (the scaled one of `scripts/bench-analysis.sh`), in process with
/// the library open, for fixed formulations and substrings sampled from it.
pub fn analysis(lib: &tifa_library::Library, args: &BenchArgs) -> Result<ExitCode> {
    use tifa_library::{Period, SearchFilter};
    let t = Instant::now();
    let s = lib.searcher()?;
    let open_ms = ms(t);
    let all = SearchFilter::default();
    let holders: HashSet<i64> = s.accepted(&all).iter().map(|id| s.holder(*id)).collect();
    let texts = s.texts(&holders);
    anyhow::ensure!(!texts.is_empty(), "文库为空 the library is empty");
    let mb = texts.iter().map(|(_, t)| t.len()).sum::<usize>() as f64 / 1048576.0;
    let mut terms: Vec<String> = ["高质量发展", "新质生产力", "改革开放", "人民"]
        .map(String::from)
        .to_vec();
    // The worst cases: the most frequent character and bigram of a sample.
    let mut freq: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (_, t) in texts.iter().step_by((texts.len() / 500).max(1)) {
        let cs: Vec<char> = t.chars().take(5_000).collect();
        for w in cs
            .windows(2)
            .filter(|w| w.iter().all(|c| c.is_alphabetic()))
        {
            *freq.entry(w[0].to_string()).or_default() += 1;
            *freq.entry(w.iter().collect()).or_default() += 1;
        }
    }
    for len in [1, 2] {
        if let Some((w, _)) = freq
            .iter()
            .filter(|(w, _)| w.chars().count() == len)
            .max_by_key(|(w, n)| (**n, std::cmp::Reverse((*w).clone())))
        {
            terms.push(w.clone());
        }
    }
    terms.extend(sample_terms(args.queries, |x| {
        texts[(x as usize) % texts.len()]
            .1
            .chars()
            .take(20_000)
            .collect()
    }));
    // The period table is built once per command (as `tifa trend` does for
    // all its terms); each term then costs one pass over its counts.
    let t = Instant::now();
    let periods = tifa_analysis::Periods::new(&s, &all, Period::Year, false);
    let table_ms = ms(t);
    let t = Instant::now();
    let by_work = tifa_analysis::Periods::new(&s, &all, Period::Year, true);
    let work_table_ms = ms(t);
    let (mut trend_ms, mut work_ms, mut first_ms) = (Vec::new(), Vec::new(), Vec::new());
    let mut hits = 0usize;
    for q in &terms {
        let t = Instant::now();
        let rows = periods.rows(&s, q, false, false);
        trend_ms.push(ms(t));
        hits += rows.iter().map(|r| r.occurrences).sum::<usize>();
        let t = Instant::now();
        std::hint::black_box(by_work.rows(&s, q, false, false));
        work_ms.push(ms(t));
        let t = Instant::now();
        std::hint::black_box(tifa_analysis::first(&s, q, false, &all));
        first_ms.push(ms(t));
    }
    let row = |name: &str, v: &mut Vec<f64>| {
        format!(
            "| {name} | {:.2} | {:.2} | {:.2} |\n",
            pct(v, 0.5),
            pct(v, 0.99),
            pct(v, 1.0)
        )
    };
    let mut r = format!(
        "Library: {mb:.0} MB of indexed text, {} texts; library open (metadata, segments) {open_ms:.0} ms; \
         period table (once per command) {table_ms:.1} ms, by work {work_table_ms:.1} ms.\n\
         {} terms (4 formulations, the most frequent character “{}” and bigram “{}”, substrings of \
         2–6 characters sampled from the text), {hits} occurrences in all.\n\n\
         | query (in process) | p50 ms | p99 ms | max ms |\n|---|---|---|---|\n",
        texts.len(),
        terms.len(),
        terms.get(4).map_or("—", String::as_str),
        terms.get(5).map_or("—", String::as_str)
    );
    r.push_str(&row("trend TERM --by year", &mut trend_ms));
    r.push_str(&row("trend TERM --by year --by-work", &mut work_ms));
    r.push_str(&row("first TERM", &mut first_ms));
    out(&r)?;
    Ok(ExitCode::SUCCESS)
}

/// `tifa bench --serve`: a load run of the web API over loopback.
///
/// Key decision: the clients are plain threads, each with one keep-alive
/// HTTP/1.1 connection over `std::net::TcpStream` and a minimal response
/// reader (status, `Content-Length` or chunked body), so the load
/// generator adds no dependency and little overhead of its own; each run
/// (endpoint × number of clients) is bounded both by time and by a count of
/// requests. Given a folder rather than a URL, the bench starts the current
/// executable as `tifa serve --read-only --addr 127.0.0.1:0` on it, reads
/// the address from its first line of output and kills it at the end; it
/// runs on the same cores as the clients, which the report must say.
mod load {
    use super::{out, pct, sample_terms};
    use crate::cli::{BenchArgs, LoadEndpoint};
    use anyhow::{Context, Result, bail};
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
    use std::process::{Child, Command, ExitCode, Stdio};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier};
    use std::time::{Duration, Instant};

    /// A server this bench started: killed when dropped.
    struct Server(Child);

    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    /// Start `tifa serve --read-only` on `dir`; its base URL.
    fn start(dir: &str) -> Result<(Server, String)> {
        let mut child = Command::new(std::env::current_exe()?)
            .args([
                "--data",
                dir,
                "serve",
                "--read-only",
                "--addr",
                "127.0.0.1:0",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("starting tifa serve")?;
        let stdout = child.stdout.take().context("server output")?;
        let server = Server(child);
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        if !line.starts_with("http://") {
            bail!("tifa serve --data {dir} did not start (try it by hand)");
        }
        Ok((server, line.trim().to_string()))
    }

    /// One keep-alive connection.
    struct Conn(BufReader<TcpStream>);

    impl Conn {
        fn open(addr: SocketAddr) -> std::io::Result<Conn> {
            let s = TcpStream::connect(addr)?;
            s.set_nodelay(true)?;
            s.set_read_timeout(Some(Duration::from_secs(60)))?;
            Ok(Conn(BufReader::new(s)))
        }

        /// `GET path`: the status, the body read and dropped.
        fn get(&mut self, host: &str, path: &str) -> std::io::Result<u16> {
            let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");
            self.0.get_mut().write_all(req.as_bytes())?;
            let mut line = String::new();
            self.line(&mut line)?;
            let status = line
                .split(' ')
                .nth(1)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| bad("status line"))?;
            let (mut len, mut chunked) = (None, false);
            loop {
                self.line(&mut line)?;
                if line == "\r\n" {
                    break;
                }
                let (k, v) = line.split_once(':').ok_or_else(|| bad("header"))?;
                let v = v.trim();
                if k.eq_ignore_ascii_case("content-length") {
                    len = Some(v.parse::<u64>().map_err(|_| bad("length"))?);
                } else if k.eq_ignore_ascii_case("transfer-encoding") {
                    chunked = v.eq_ignore_ascii_case("chunked");
                }
            }
            if chunked {
                loop {
                    self.line(&mut line)?;
                    let hex = line.trim().split(';').next().unwrap_or("");
                    let n = u64::from_str_radix(hex, 16).map_err(|_| bad("chunk"))?;
                    if n == 0 {
                        // Trailers, up to the empty line.
                        while {
                            self.line(&mut line)?;
                            line != "\r\n"
                        } {}
                        break;
                    }
                    self.skip(n + 2)?;
                }
            } else {
                self.skip(len.ok_or_else(|| bad("no length"))?)?;
            }
            Ok(status)
        }

        fn line(&mut self, line: &mut String) -> std::io::Result<()> {
            line.clear();
            if self.0.read_line(line)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            Ok(())
        }

        fn skip(&mut self, n: u64) -> std::io::Result<()> {
            let got = std::io::copy(&mut (&mut self.0).take(n), &mut std::io::sink())?;
            if got < n {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            Ok(())
        }
    }

    fn bad(what: &str) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidData, format!("bad HTTP {what}"))
    }

    /// Percent-encoding of a query value.
    fn encode(s: &str) -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }

    fn path(e: LoadEndpoint, term: &str) -> String {
        let q = encode(term);
        match e {
            LoadEndpoint::Count => format!("/api/v1/count?q={q}"),
            LoadEndpoint::Kwic => format!("/api/v1/kwic?q={q}&limit=50"),
            LoadEndpoint::Search => format!("/api/v1/search?q={q}"),
        }
    }

    /// The terms: fixed formulations, then substrings of 2–6 characters
    /// sampled (fixed seed) from KWIC lines of 发展 the server returns.
    fn terms(addr: SocketAddr, host: &str, n: usize) -> Result<Vec<String>> {
        let mut c = Conn::open(addr)?;
        let req = format!(
            "GET {} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
            path(LoadEndpoint::Kwic, "发展").replace("limit=50", "limit=1000")
        );
        c.0.get_mut().write_all(req.as_bytes())?;
        let mut resp = String::new();
        c.0.read_to_string(&mut resp)?;
        let body = resp.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let page: serde_json::Value = serde_json::from_str(body).with_context(|| {
            format!(
                "KWIC of 发展 from {host}: {}",
                resp.lines().next().unwrap_or("")
            )
        })?;
        let lines: Vec<Vec<char>> = page["hits"]
            .as_array()
            .map(|hits| {
                hits.iter()
                    .map(|h| {
                        ["left", "hit", "right"]
                            .iter()
                            .filter_map(|k| h[*k].as_str())
                            .collect::<String>()
                            .chars()
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default();
        anyhow::ensure!(!lines.is_empty(), "发展 not found: is the library empty?");
        let mut terms: Vec<String> = [
            "新质生产力",
            "高质量发展",
            "共同富裕",
            "中国式现代化",
            "以人民为中心",
            "一带一路",
            "人民",
        ]
        .map(String::from)
        .to_vec();
        terms.extend(sample_terms(n, |x| lines[x as usize % lines.len()].clone()));
        Ok(terms)
    }

    struct Run {
        endpoint: LoadEndpoint,
        clients: usize,
        requests: usize,
        errors: usize,
        seconds: f64,
        ms: Vec<f64>,
    }

    /// One run: `clients` threads cycling through the terms (each from its
    /// own start) until the time or the count of requests is used up.
    fn once(
        addr: SocketAddr,
        host: &str,
        terms: &Arc<Vec<String>>,
        endpoint: LoadEndpoint,
        clients: usize,
        args: &BenchArgs,
    ) -> Run {
        let issued = Arc::new(AtomicUsize::new(0));
        let start = Arc::new(Barrier::new(clients + 1));
        let limit = Duration::from_secs_f64(args.seconds);
        let handles: Vec<_> = (0..clients)
            .map(|i| {
                let (issued, start, terms) = (issued.clone(), start.clone(), terms.clone());
                let (host, max) = (host.to_string(), args.max_requests);
                std::thread::spawn(move || {
                    let mut conn = Conn::open(addr).ok();
                    let (mut ms, mut errors) = (Vec::new(), 0usize);
                    let mut k = i * terms.len() / clients.max(1);
                    start.wait();
                    let t0 = Instant::now();
                    while t0.elapsed() < limit && issued.fetch_add(1, Ordering::Relaxed) < max {
                        let p = path(endpoint, &terms[k % terms.len()]);
                        k += 1;
                        let t = Instant::now();
                        let status = match conn.as_mut() {
                            Some(c) => c.get(&host, &p).ok(),
                            None => None,
                        };
                        ms.push(t.elapsed().as_secs_f64() * 1000.0);
                        if status != Some(200) {
                            errors += 1;
                        }
                        if status.is_none() {
                            // A broken connection: open a new one.
                            conn = Conn::open(addr).ok();
                        }
                    }
                    (ms, errors)
                })
            })
            .collect();
        start.wait();
        let t0 = Instant::now();
        let (mut ms, mut errors) = (Vec::new(), 0);
        for h in handles {
            if let Ok((m, e)) = h.join() {
                ms.extend(m);
                errors += e;
            }
        }
        Run {
            endpoint,
            clients,
            requests: ms.len(),
            errors,
            seconds: t0.elapsed().as_secs_f64(),
            ms,
        }
    }

    pub fn run(target: &str, args: &BenchArgs) -> Result<ExitCode> {
        let (_server, url) = if target.starts_with("http://") {
            (None, target.to_string())
        } else {
            let (s, u) = start(target)?;
            (Some(s), u)
        };
        let host = url
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap_or("")
            .to_string();
        let addr = host
            .to_socket_addrs()
            .ok()
            .and_then(|mut a| a.next())
            .with_context(|| format!("no address in {url}"))?;
        let terms = Arc::new(terms(addr, &host, args.queries)?);
        eprintln!("{url}: {} terms", terms.len());
        let mut runs = Vec::new();
        for &endpoint in &args.endpoints {
            // Warm-up, not measured: every term once, so that the runs see
            // a warm server (indexes and article metadata loaded, pages cached).
            let t = Instant::now();
            let mut c = Conn::open(addr)?;
            for term in terms.iter() {
                c.get(&host, &path(endpoint, term))?;
            }
            eprintln!("{endpoint:?}: warm-up {:.1} s", t.elapsed().as_secs_f64());
            for &clients in &args.clients {
                let r = once(addr, &host, &terms, endpoint, clients.max(1), args);
                eprintln!(
                    "{:?} × {}: {} requests in {:.1} s",
                    r.endpoint, r.clients, r.requests, r.seconds
                );
                runs.push(r);
            }
        }
        let mut s = String::new();
        if !args.json {
            s.push_str(
                "| endpoint | clients | requests | errors |  req/s | p50 ms | p99 ms |  max ms |\n\
                 |----------|--------:|---------:|-------:|-------:|-------:|-------:|--------:|\n",
            );
        }
        for r in &mut runs {
            let rps = r.requests as f64 / r.seconds;
            let name = format!("{:?}", r.endpoint).to_lowercase();
            let (p50, p99, max) = if r.ms.is_empty() {
                (0.0, 0.0, 0.0)
            } else {
                (
                    pct(&mut r.ms, 0.5),
                    pct(&mut r.ms, 0.99),
                    pct(&mut r.ms, 1.0),
                )
            };
            if args.json {
                s.push_str(
                    &serde_json::json!({
                        "endpoint": name, "clients": r.clients, "requests": r.requests,
                        "errors": r.errors, "seconds": r.seconds, "rps": rps,
                        "p50_ms": p50, "p99_ms": p99, "max_ms": max,
                    })
                    .to_string(),
                );
                s.push('\n');
            } else {
                s.push_str(&format!(
                    "| {name:<8} | {:>7} | {:>8} | {:>6} | {rps:>6.0} | {p50:>6.2} | {p99:>6.2} | {max:>7.2} |\n",
                    r.clients, r.requests, r.errors
                ));
            }
        }
        out(&s)?;
        Ok(ExitCode::SUCCESS)
    }
}
