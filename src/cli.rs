//! Command-line interface: one `Subcommand` variant per command; the doc
//! comments are the help text (Chinese first, then English).
//!
//! A search term may start with a hyphen (`search 共同富裕 -小康`, `count
//! -小康`). clap reads such a word as an unknown flag, and its
//! `allow_hyphen_values` would swallow every flag after the first term
//! (`--json` would become a term), so `hyphen_terms` rewrites the command
//! line first: when a term command has a word that starts with `-` but is
//! none of its flags, the flags move in front of a `--` and the words,
//! in their order, after it. `--` itself works as usual.

use clap::{Args, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;

/// The parsed command line.
///
/// Key decision: a term command (the read commands a user runs most) is
/// parsed by a `tifa` that holds only that subcommand and the global
/// `--data`: building every subcommand's flags and help costs more than
/// the rest of a `tifa count`. Whatever does not parse that way (`--help`,
/// a bad flag, a missing term) goes through the whole `Cli`, so help and
/// messages are the same either way.
pub fn parse(args: Vec<OsString>) -> Cli {
    let Some((at, mut top)) = term_line(&args) else {
        return Cli::parse_from(args);
    };
    let args = hyphen_terms(args, at, &top);
    parse_one(&args, &mut top).unwrap_or_else(|| Cli::parse_from(args))
}

/// Where a term command's name is in `args`, and `term_command` of it.
fn term_line(args: &[OsString]) -> Option<(usize, clap::Command)> {
    // The first word that is neither a flag nor a flag's value.
    let mut at = 1;
    while let Some(a) = args.get(at).and_then(|a| a.to_str()) {
        match a {
            "--data" => at += 2,
            _ if a.starts_with('-') => at += 1,
            _ => break,
        }
    }
    Some((at, term_command(args.get(at)?.to_str()?)?))
}

/// `args` parsed by `top` (a `term_command`), if they parse.
fn parse_one(args: &[OsString], top: &mut clap::Command) -> Option<Cli> {
    let m = top.try_get_matches_from_mut(args).ok()?;
    Cli::from_arg_matches(&m).ok()
}

/// `tifa` with the global `--data` and one subcommand, `name`, when its
/// positional arguments are search terms or a query; built (help flags
/// added, `--data` propagated).
fn term_command(name: &str) -> Option<clap::Command> {
    use clap::Command as C;
    let sub = match name {
        "search" => SearchArgs::augment_args(C::new("search")),
        "count" => CountArgs::augment_args(C::new("count")),
        "kwic" => KwicArgs::augment_args(C::new("kwic")),
        "trend" => TrendArgs::augment_args(C::new("trend")),
        "first" => FirstArgs::augment_args(C::new("first")),
        "collocates" => CollocatesArgs::augment_args(C::new("collocates")),
        "notes" => NotesArgs::augment_args(C::new("notes")),
        _ => return None,
    };
    // As `Cli` declares it: the same id, type and environment variable.
    let data = clap::Arg::new("data")
        .long("data")
        .global(true)
        .env("TIFA_DATA")
        .value_name("DIR")
        .value_parser(clap::value_parser!(PathBuf));
    let mut top = clap::Command::new("tifa")
        .arg(data)
        .subcommand_required(true)
        .subcommand(sub);
    top.build();
    Some(top)
}

/// The command line with words that start with a hyphen but are no flag of
/// the term command `top` (`-小康`, `-PM2.5`) kept as terms: see the module
/// doc. `args[i]` is the command's name.
fn hyphen_terms(args: Vec<OsString>, i: usize, top: &clap::Command) -> Vec<OsString> {
    let Some(sub) = top.get_subcommands().next() else {
        return args;
    };
    let long = |name: &str| sub.get_arguments().find(|a| a.get_long() == Some(name));
    let short = |c: char| sub.get_arguments().find(|a| a.get_short() == Some(c));
    let (mut flags, mut terms, mut moved) = (Vec::new(), Vec::new(), false);
    let mut j = i + 1;
    while j < args.len() {
        let word = args[j].to_str().unwrap_or("");
        if word == "--" {
            terms.extend_from_slice(&args[j + 1..]);
            break;
        }
        let flag = if let Some(l) = word.strip_prefix("--") {
            let (name, value) = l.split_once('=').map_or((l, false), |(n, _)| (n, true));
            // An unknown long flag is left to clap, which names it.
            Some(long(name).is_some_and(|a| a.get_action().takes_values() && !value))
        } else if let Some(c) = word.strip_prefix('-').and_then(|s| s.chars().next()) {
            short(c).map(|a| a.get_action().takes_values() && word.chars().count() == 2)
        } else {
            None
        };
        match flag {
            Some(takes_value) => {
                flags.push(args[j].clone());
                if takes_value && j + 1 < args.len() {
                    j += 1;
                    flags.push(args[j].clone());
                }
            }
            None => {
                moved |= word.starts_with('-') && word.len() > 1 && !word.starts_with("--");
                terms.push(args[j].clone());
            }
        }
        j += 1;
    }
    if !moved {
        return args;
    }
    let mut out = args[..=i].to_vec();
    out.extend(flags);
    out.push("--".into());
    out.extend(terms);
    out
}

/// 提法 tifa — 阅读、检索和分析中文政策文本 / read, search and analyse Chinese policy texts.
#[derive(Parser, Debug)]
#[command(name = "tifa", version)]
pub struct Cli {
    /// 文库目录 library directory [default: per-user data dir]
    #[arg(long, global = true, env = "TIFA_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 导入文件或文件夹 add files and folders (txt, md, docx, pdf, html, jsonl, csv)
    Add(AddArgs),
    /// 列出文章 list articles
    Ls(LsArgs),
    /// 显示一篇文章 show one article: clean text, outline, provenance
    Show(ShowArgs),
    /// 删除文章 remove articles
    Rm(RmArgs),
    /// 修改元数据 correct an article's title, date, speaker, kind or source (kept across re-adds)
    Edit(EditArgs),
    /// 导出文库 export the library
    Export(ExportArgs),
    /// 精确计数（任意子串） count exact occurrences, articles and works of terms
    Count(CountArgs),
    /// 关键词上下文 keyword in context: every hit of a term with its context
    Kwic(KwicArgs),
    /// 检索（按相关度排序） ranked search: every article containing the query, best first, grouped by work
    Search(SearchArgs),
    /// 重建索引 rebuild the exact index from the library
    Reindex,
    /// 检查文库 check the library end to end: database, index files and checksums, manifest, every article indexed once
    Verify(VerifyArgs),
    /// 趋势 trend: occurrences per year, month or source, per 10,000 characters
    Trend(TrendArgs),
    /// 首次出现 first appearance of terms, with citation
    First(FirstArgs),
    /// 热词学习笔记 study notes on terms: counts, trend by year, first appearance, defining passages from the most authoritative sources, each cited
    Notes(NotesArgs),
    /// 主要预期目标 main annual targets of the government work reports (year × indicator)
    Targets(TargetsArgs),
    /// 搭配词 collocates of a term within a window, by logDice or MI
    Collocates(CollocatesArgs),
    /// 关键词 keywords of articles against a reference set (log-likelihood, TF-IDF, TextRank)
    Keywords(KeywordsArgs),
    /// 新提法 new formulations of a period: cohesive, free-standing n-grams rarely used before
    Newterms(NewtermsArgs),
    /// 用户词典 the user dictionary that keeps formulations whole wherever words are segmented (keywords, new terms, collocates, diff)
    #[command(subcommand)]
    Dict(DictCommand),
    /// 比较两篇文章 compare two articles: aligned paragraphs, character changes, formulations added and dropped
    Diff(DiffArgs),
    /// 校勘 collate every witness of a work (reprints, excerpts, variants): alignment table and apparatus
    Collate(CollateArgs),
    /// 核对引文 check every quotation of a draft (.txt, .md, .docx) against the library
    Check(CheckArgs),
    /// 查出处 the sources of a sentence (every work it occurs in, earliest first), also for a variant
    Cite(CiteArgs),
    /// 基准测试 benchmark (not a test): index build and query latency on a scaled corpus
    Bench(BenchArgs),
    /// 网页工作台 serve the web workbench and its JSON API (loopback by default)
    Serve(ServeArgs),
    /// 学习材料汇编 compile a study pack (cover, 目录 by 专题, numbered items, sources) to DOCX or HTML, from a plan file or a query
    Pack(PackArgs),
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum PackFormatArg {
    Docx,
    Html,
    Pdf,
}

#[derive(Args, Debug)]
pub struct PackArgs {
    /// 汇编方案 plan file (TOML: title, body, date, [[sections]] heading + items of id / query / date)
    #[arg(
        value_name = "PLAN.toml",
        required_unless_present = "query",
        conflicts_with = "query"
    )]
    pub plan: Option<PathBuf>,
    /// 检索 build a one-section pack from the top works of this query (the search language)
    #[arg(long, short, value_name = "QUERY")]
    pub query: Option<String>,
    /// 标题 the pack's title (with --query; default: the query + 学习材料汇编); overrides the plan's
    #[arg(long)]
    pub title: Option<String>,
    /// 印发单位 issuing body printed on the cover; overrides the plan's
    #[arg(long)]
    pub body: Option<String>,
    /// 封面日期 date printed on the cover (as written: 2025年3月); overrides the plan's
    #[arg(long, value_name = "TEXT")]
    pub cover_date: Option<String>,
    /// 日期范围 with --query: only articles dated in this range (2020..2024)
    #[arg(long, value_name = "RANGE")]
    pub date: Option<String>,
    /// 篇数 with --query: works to include (default 10)
    #[arg(long, short = 'n')]
    pub limit: Option<usize>,
    /// 输出文件 output file: .docx, .html or .pdf
    #[arg(long, short, value_name = "OUT.docx")]
    pub output: Option<PathBuf>,
    /// 输出格式 format (default: from the output file's extension)
    #[arg(long, value_enum)]
    pub format: Option<PackFormatArg>,
    /// 以 JSON 输出 print the resolved pack as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// 监听地址 address to listen on (port 0: any free port); a non-loopback address needs --token-file
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR")]
    pub addr: std::net::SocketAddr,
    /// 只读 refuse every change to the library (add, edit, remove) with 403
    #[arg(long)]
    pub read_only: bool,
    /// 令牌文件 file holding the token that requests changing the library must send as `Authorization: Bearer <token>`
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct TrendArgs {
    /// 提法 terms (any substring)
    #[arg(required = true)]
    pub terms: Vec<String>,
    /// 分期 period
    #[arg(long, value_enum, default_value = "year")]
    pub by: By,
    /// 同一作品只计一次 count each work once (its earliest dated article)
    #[arg(long)]
    pub by_work: bool,
    /// 原始次数 raw counts instead of per 10,000 characters (table and plot)
    #[arg(long)]
    pub raw: bool,
    /// 绘图 write a line chart to this file: .svg, or .png (needs a Chinese font installed)
    #[arg(long, value_name = "FILE.svg|FILE.png")]
    pub plot: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// 以 JSON 输出 print JSON lines {term, period, occurrences, chars, per_10k}
    #[arg(long)]
    pub json: bool,
    /// 导出 Excel 工作簿 also write the rows (those of --json) to this XLSX workbook
    #[arg(long, value_name = "FILE.xlsx")]
    pub xlsx: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct NotesArgs {
    /// 热词 terms (any substring)
    #[arg(required = true)]
    pub terms: Vec<String>,
    /// 只看符合检索式的文章 only articles matching this search query (search language)
    #[arg(long, value_name = "QUERY")]
    pub from: Option<String>,
    /// 每个词的权威表述条数 defining passages per term
    #[arg(short = 'n', long = "per-term", default_value_t = 5)]
    pub per_term: usize,
    /// 写入文件 write to this file; the format follows the extension (.md, .html, .docx, .pdf)
    #[arg(short = 'o', long = "output", value_name = "OUT.(md|html|docx|pdf)")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// 以 JSON 输出 print the notes as one JSON object {title, from, terms: [{term, occurrences, articles, works, trend, first, passages}]}
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct FirstArgs {
    /// 提法 terms (any substring)
    #[arg(required = true)]
    pub terms: Vec<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// 以 JSON 输出 print JSON lines {term, date, article, title, paragraph, sentence}
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct TargetsArgs {
    /// 报告标题包含 reports are the articles whose title contains this
    #[arg(long, default_value = "政府工作报告")]
    pub title: String,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// 以 JSON 输出 print a JSON array [{year, indicator, value, value_min, value_max, unit, sentence, article, paragraph}]
    #[arg(long)]
    pub json: bool,
    /// 导出 Excel 工作簿 also write the rows (those of --json) to this XLSX workbook
    #[arg(long, value_name = "FILE.xlsx")]
    pub xlsx: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum CollocateOrder {
    Logdice,
    Mi,
}

#[derive(Args, Debug)]
pub struct CollocatesArgs {
    /// 提法 term (any substring)
    pub term: String,
    /// 窗口字数 characters on each side, within the paragraph
    #[arg(long, default_value_t = 10)]
    pub window: usize,
    /// 最少共现次数 minimum co-occurrences
    #[arg(long, default_value_t = 3)]
    pub min: usize,
    /// 排序 order
    #[arg(long, value_enum, default_value = "logdice")]
    pub sort: CollocateOrder,
    /// 最多显示 at most this many (0 = all)
    #[arg(long, short = 'n', default_value_t = 30)]
    pub limit: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// 以 JSON 输出 print JSON lines {word, cooccurrences, frequency, log_dice, mi}
    #[arg(long)]
    pub json: bool,
    /// 导出 Excel 工作簿 also write the rows (those of --json) to this XLSX workbook
    #[arg(long, value_name = "FILE.xlsx")]
    pub xlsx: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum KeywordMethod {
    /// 对数似然 keyness by log-likelihood (G²) against the reference
    Ll,
    Tfidf,
    Textrank,
}

#[derive(Args, Debug)]
pub struct KeywordsArgs {
    /// 参照集 reference articles: a date range (..2023), article ids (ID,ID) or a query (title:政府工作报告 date:..2022) [default: every other article]
    #[arg(long, value_name = "RANGE|IDS|QUERY")]
    pub vs: Option<String>,
    /// 方法 method
    #[arg(long, value_enum, default_value = "ll")]
    pub method: KeywordMethod,
    /// 显示数量 how many (0 = all)
    #[arg(long, short = 'n', default_value_t = 30)]
    pub limit: usize,
    /// 目标文章 the target articles: --id, --date, --kind, --source, --speaker
    #[command(flatten)]
    pub filter: FilterArgs,
    /// 以 JSON 输出 print JSON lines {word, score, keyness, target, reference}
    #[arg(long)]
    pub json: bool,
    /// 导出 Excel 工作簿 also write the rows (those of --json) to this XLSX workbook
    #[arg(long, value_name = "FILE.xlsx")]
    pub xlsx: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct NewtermsArgs {
    /// 考察期 the period whose new formulations are wanted, e.g. 2023..2025
    #[arg(long, value_name = "FROM..TO")]
    pub period: String,
    /// 参照期 the reference period [default: every dated article before the period]
    #[arg(long, value_name = "FROM..TO")]
    pub vs: Option<String>,
    /// 每个副本都计 count every copy of a work (by default reprints and excerpts of one work count once)
    #[arg(long)]
    pub every_copy: bool,
    /// 保留片段 keep candidates that read as fragments (质量监) or prose (对疫情): every n-gram the statistics accept
    #[arg(long)]
    pub keep_fragments: bool,
    /// 同一作品只计一次 count each work once (the default; kept for scripts)
    #[arg(long, hide = true, conflicts_with = "every_copy")]
    pub by_work: bool,
    /// 最短字数 shortest n-gram
    #[arg(long, default_value_t = 2)]
    pub min_len: usize,
    /// 最长字数 longest n-gram (at most 10)
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u8).range(2..=10))]
    pub max_len: u8,
    /// 最少次数 fewest occurrences in the period
    #[arg(long, default_value_t = 5)]
    pub min_freq: usize,
    /// 最少篇数 fewest texts of the period using it
    #[arg(long, default_value_t = 2)]
    pub min_texts: usize,
    /// 最低凝固度 least cohesion (PMI of the weakest split, bits)
    #[arg(long, default_value_t = 3.0)]
    pub min_pmi: f64,
    /// 最低左右熵 least branching entropy on each side (bits)
    #[arg(long, default_value_t = 1.0)]
    pub min_entropy: f64,
    /// 最低新增倍数 least ratio of the period's rate to the reference rate
    #[arg(long, default_value_t = 20.0)]
    pub min_ratio: f64,
    /// 显示数量 how many (0 = all)
    #[arg(long, short = 'n', default_value_t = 50)]
    pub limit: usize,
    /// 收入词典 add the terms shown to the user dictionary
    #[arg(long)]
    pub accept: bool,
    /// 以 JSON 输出 print JSON lines {term, occurrences, texts, reference, per_10k, reference_per_10k, pmi, left_entropy, right_entropy, score, first}
    #[arg(long)]
    pub json: bool,
    /// 导出 Excel 工作簿 also write the rows (those of --json) to this XLSX workbook
    #[arg(long, value_name = "FILE.xlsx")]
    pub xlsx: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum DictCommand {
    /// 列出词条 list the terms
    Ls {
        /// 以 JSON 输出 print JSON lines {term}
        #[arg(long)]
        json: bool,
    },
    /// 添加词条 add terms
    Add {
        #[arg(required = true)]
        terms: Vec<String>,
    },
    /// 删除词条 remove terms
    Rm {
        #[arg(required = true)]
        terms: Vec<String>,
    },
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// 旧文章编号 the earlier article (id or unique prefix)
    pub a: String,
    /// 新文章编号 the later article
    pub b: String,
    /// 显示的提法数 formulations to show on each side (0 = all)
    #[arg(long, short = 'n', default_value_t = 30)]
    pub limit: usize,
    /// 以 JSON 输出 print JSON {a, b, same, changed, moved, added_sentences, dropped_sentences, rows, added, dropped, targets}
    #[arg(long)]
    pub json: bool,
    /// 导出 Word 报告 also write a report to this DOCX file: summary, then each changed sentence pair with the changes as tracked revisions
    #[arg(long, value_name = "FILE.docx")]
    pub docx: Option<PathBuf>,
    /// 导出对照网页 also write a self-contained side-by-side HTML page to FILE: summary, then A and B in two columns, changes marked, moved sentences linked
    #[arg(long, value_name = "FILE.html")]
    pub html: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CollateArgs {
    /// 文章编号 any witness of the work (id or unique prefix)
    pub id: String,
    /// 底本 the witness to collate against (default: the fullest)
    #[arg(long, value_name = "ID")]
    pub base: Option<String>,
    /// 以 JSON 输出 print the apparatus and the alignment table as JSON
    #[arg(long)]
    pub json: bool,
    /// 写出 HTML write the base text with the variants marked to FILE
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// 写出 TEI write TEI parallel segmentation (<app><lem/><rdg/></app>) to FILE
    #[arg(long, value_name = "FILE")]
    pub tei: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// 稿件 the draft: .txt, .md or .docx
    pub draft: PathBuf,
    /// 短于此字数的引号内容视为术语而略过 quoted spans shorter than this are terms, skipped
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub min_chars: usize,
    /// 批注稿 write the draft as DOCX with a Word comment on each quotation
    #[arg(long, value_name = "OUT.docx")]
    pub annotate: Option<PathBuf>,
    /// 以 JSON 输出 print one JSON line per quoted span, in draft order
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct CiteArgs {
    /// 句子 the sentence (quoted text)
    pub text: String,
    /// 以 JSON 输出 print one JSON line per source
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// 语料目录 corpus folder to scale up
    #[arg(long, default_value = "../shared/corpus")]
    pub corpus: PathBuf,
    /// 目标大小 target size of the scaled text in MB
    #[arg(long, default_value_t = 200)]
    pub mb: usize,
    /// 随机查询数 number of sampled queries (plus a fixed list of formulations)
    #[arg(long, default_value_t = 200)]
    pub queries: usize,
    /// 跳过 ripgrep 基线 skip the ripgrep baseline
    #[arg(long)]
    pub no_rg: bool,
    /// 分析延迟 instead: time trend and first on the library at --data (in process, library open)
    #[arg(long)]
    pub analysis: bool,
    /// 网页服务负载 instead: load the web API of a running server (http://ADDR/) or of `tifa serve --read-only` started on this library folder
    #[arg(long, value_name = "URL|DIR", conflicts_with = "analysis")]
    pub serve: Option<String>,
    /// 并发客户端数 with --serve: concurrent keep-alive clients, one run per number
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "1,16,64",
        requires = "serve"
    )]
    pub clients: Vec<usize>,
    /// 接口 with --serve: endpoints to load
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "count,kwic,search",
        requires = "serve"
    )]
    pub endpoints: Vec<LoadEndpoint>,
    /// 每轮秒数 with --serve: at most this many seconds per endpoint and number of clients
    #[arg(long, default_value_t = 10.0, requires = "serve")]
    pub seconds: f64,
    /// 每轮请求数 with --serve: at most this many requests per endpoint and number of clients
    #[arg(long, default_value_t = 100_000, requires = "serve")]
    pub max_requests: usize,
    /// 以 JSON 输出 with --serve: print JSON lines {endpoint, clients, requests, errors, seconds, rps, p50_ms, p99_ms, max_ms}
    #[arg(long, requires = "serve")]
    pub json: bool,
}

/// An endpoint of `tifa bench --serve`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LoadEndpoint {
    /// `GET /api/v1/count?q=TERM`
    Count,
    /// `GET /api/v1/kwic?q=TERM&limit=50`
    Kwic,
    /// `GET /api/v1/search?q=TERM`
    Search,
}

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// 查询 query: words, "phrases", AND OR NOT -word ( ), title: source: kind: speaker: date:2020..2024
    /// (a word after `--` is never a flag: `search -- -n 共同富裕`)
    #[arg(required = true)]
    pub query: Vec<String>,
    /// 最多显示的作品数 at most this many works (0 = all)
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    /// 摘要上下文字数 snippet context characters on each side
    #[arg(long, short, default_value_t = 30)]
    pub width: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// 以 JSON 输出 print JSON lines, one per work
    #[arg(long)]
    pub json: bool,
}

/// Filters shared by the search commands.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// 日期范围 date range, e.g. 2020..2024, 2023-03.., ..2022
    #[arg(long, value_name = "FROM..TO")]
    pub date: Option<String>,
    /// 来源包含 source contains
    #[arg(long)]
    pub source: Option<String>,
    /// 类型 kind (speech, news_report, policy_document …)
    #[arg(long)]
    pub kind: Option<String>,
    /// 讲话人包含 speaker contains
    #[arg(long)]
    pub speaker: Option<String>,
    /// 只在这些文章中 only these article ids (repeatable)
    #[arg(long = "id", value_name = "ID")]
    pub ids: Vec<String>,
    /// 忽略标点 ignore punctuation and spaces in the text (大众创业万众创新 matches 大众创业、万众创新)
    #[arg(long)]
    pub ignore_punct: bool,
    /// 繁简通检 fold traditional and simplified characters in exact search (会议 finds 會議)
    #[arg(long)]
    pub fold: bool,
}

impl FilterArgs {
    /// The service's article filter.
    pub fn spec(&self) -> tifa_service::FilterSpec {
        tifa_service::FilterSpec {
            date: self.date.clone(),
            source: self.source.clone(),
            kind: self.kind.clone(),
            speaker: self.speaker.clone(),
            ids: self.ids.clone(),
            ignore_punct: self.ignore_punct,
            fold: self.fold,
        }
    }
}

/// How to break results down.
#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum By {
    Year,
    Month,
    Source,
}

impl By {
    /// The service's breakdown.
    pub fn service(self) -> tifa_service::By {
        match self {
            By::Year => tifa_service::By::Year,
            By::Month => tifa_service::By::Month,
            By::Source => tifa_service::By::Source,
        }
    }

    /// The table header of the breakdown.
    pub fn header(self) -> &'static str {
        match self {
            By::Year => "年份 year",
            By::Month => "月份 month",
            By::Source => "来源 source",
        }
    }
}

#[derive(Args, Debug)]
pub struct CountArgs {
    /// 检索词 terms (any substring)
    #[arg(required = true)]
    pub terms: Vec<String>,
    /// 分组 break down by year, month or source
    #[arg(long, value_enum)]
    pub by: Option<By>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// 以 JSON 输出 print JSON
    #[arg(long)]
    pub json: bool,
    /// 导出 Excel 工作簿 also write the rows (those of --json) to this XLSX workbook
    #[arg(long, value_name = "FILE.xlsx")]
    pub xlsx: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum KwicSort {
    /// 文库顺序 library order
    Position,
    /// 左侧上下文 by left context (nearest character first)
    Left,
    /// 右侧上下文 by right context
    Right,
    /// 日期 by date
    Date,
}

#[derive(Args, Debug)]
pub struct KwicArgs {
    /// 检索词 term (any substring)
    pub term: String,
    /// 上下文字数 characters of context on each side
    #[arg(long, short, default_value_t = 20)]
    pub width: usize,
    /// 排序 sort order
    #[arg(long, value_enum, default_value = "position")]
    pub sort: KwicSort,
    /// 只显示前 N 行 only the first N lines (0 = every hit)
    #[arg(long, short = 'n', default_value_t = 0)]
    pub limit: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// 以 JSON 输出 print JSON lines
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// 以 CSV 输出 print CSV
    #[arg(long)]
    pub csv: bool,
    /// 导出 Excel 工作簿 also write the rows (those of --json) to this XLSX workbook
    #[arg(long, value_name = "FILE.xlsx")]
    pub xlsx: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// 文件或文件夹（递归） files or folders (recursive)
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// 语料字段映射 map a corpus field, e.g. --field content=Text --field date=Date
    #[arg(long = "field", value_name = "NAME=COLUMN")]
    pub fields: Vec<String>,
    /// 恢复已删除的文章 restore the articles of files already in the library that were removed with `tifa rm`
    #[arg(long)]
    pub force: bool,
    /// 以 JSON 输出 print the result as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// 以 JSON 输出 print {ok, problems: [{check, subject, problem, repair}], warnings, checked}
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct LsArgs {
    /// 按类型筛选 only this kind (speech, news_report, policy_document …)
    #[arg(long)]
    pub kind: Option<String>,
    /// 按来源筛选 only sources containing this text
    #[arg(long)]
    pub source: Option<String>,
    /// 按文件名筛选 only articles from this file name
    #[arg(long)]
    pub file: Option<String>,
    /// 以 JSON 输出 print JSON lines
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ShowArgs {
    /// 文章编号（可用前缀） article id (a unique prefix is enough)
    pub id: String,
    /// 以 JSON 输出 print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct EditArgs {
    /// 文章编号（可用前缀） article id (a unique prefix is enough)
    pub id: String,
    /// 标题 title
    #[arg(long)]
    pub title: Option<String>,
    /// 日期 date: YYYY, YYYY-MM or YYYY-MM-DD
    #[arg(long)]
    pub date: Option<String>,
    /// 讲话人/作者 speaker or author
    #[arg(long)]
    pub speaker: Option<String>,
    /// 类型 kind (speech, speech_excerpts, news_report, policy_document, interview, instruction, letter, infographic, notes, other)
    #[arg(long)]
    pub kind: Option<String>,
    /// 来源 source
    #[arg(long)]
    pub source: Option<String>,
    /// 恢复识别值 restore the detected value of a field (title, date, speaker, kind, source)
    #[arg(long, value_name = "FIELD")]
    pub reset: Vec<String>,
    /// 以 JSON 输出 print the article's metadata as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct RmArgs {
    /// 文章编号 article ids
    #[arg(required = true)]
    pub ids: Vec<String>,
    /// 以 JSON 输出 print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ExportFormat {
    Jsonl,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// 导出格式 output format
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportFormat,
    /// 输出文件 write to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::{Cli, hyphen_terms, parse_one, term_line};
    use clap::Parser;
    use std::ffi::OsString;

    #[test]
    fn one_subcommand_parses_as_the_whole_cli() {
        let split = |line: &str| -> Vec<OsString> { line.split(' ').map(OsString::from).collect() };
        for line in [
            "tifa count 新质生产力",
            "tifa --data D count 新质生产力 高质量发展 --json --by year",
            "tifa count --data D 新质生产力 --date 2020..2024 --source 人民日报",
            "tifa kwic 高质量发展 --limit 50",
            "tifa search 共同富裕 -n 5 --json",
            "tifa first 新质生产力 --json",
            "tifa trend 新质生产力 --by month --raw",
            "tifa notes 新质生产力",
            "tifa collocates 发展",
            "tifa search -- -小康",
        ] {
            let args = split(line);
            let one = term_line(&args)
                .and_then(|(_, mut top)| parse_one(&args, &mut top))
                .map(|c| format!("{c:?}"));
            let whole = Cli::try_parse_from(split(line)).map(|c| format!("{c:?}"));
            assert_eq!(one, Some(whole.expect(line)), "{line}");
        }
        // Help, errors and other commands are left to the whole `Cli`.
        for line in [
            "tifa count --help",
            "tifa count",
            "tifa count --bogus x",
            "tifa count x --by decade",
            "tifa ls --json",
            "tifa --version",
        ] {
            let args = split(line);
            let one = term_line(&args).and_then(|(_, mut top)| parse_one(&args, &mut top));
            assert!(one.is_none(), "{line}");
        }
    }

    fn run(line: &str) -> String {
        let args: Vec<OsString> = line.split(' ').map(OsString::from).collect();
        let out = match term_line(&args) {
            Some((at, top)) => hyphen_terms(args, at, &top),
            None => args,
        };
        let out: Vec<String> = out.into_iter().map(|a| a.into_string().unwrap()).collect();
        out.join(" ")
    }

    #[test]
    fn hyphen_words_stay_terms() {
        for (given, want) in [
            (
                "tifa search 共同富裕 -小康",
                "tifa search -- 共同富裕 -小康",
            ),
            (
                "tifa --data D search 共同富裕 -小康 --json -n 5 -w3",
                "tifa --data D search --json -n 5 -w3 -- 共同富裕 -小康",
            ),
            (
                "tifa search -小康 --date 2020.. 共同富裕 --data=D",
                "tifa search --date 2020.. --data=D -- -小康 共同富裕",
            ),
            ("tifa count -PM2.5 -- -n", "tifa count -- -PM2.5 -n"),
            ("tifa count --data D -小康", "tifa count --data D -- -小康"),
            ("tifa first -小康 -h", "tifa first -h -- -小康"),
            ("tifa collocates -x --help", "tifa collocates --help -- -x"),
            ("tifa kwic -x -n 3", "tifa kwic -n 3 -- -x"),
            // Nothing to do: left exactly as given.
            (
                "tifa search 共同富裕 --json -n 5",
                "tifa search 共同富裕 --json -n 5",
            ),
            ("tifa search -- -小康", "tifa search -- -小康"),
            ("tifa count --bogus x", "tifa count --bogus x"),
            ("tifa rm -小康", "tifa rm -小康"),
            ("tifa search - x", "tifa search - x"),
        ] {
            assert_eq!(run(given), want, "{given}");
        }
    }
}
