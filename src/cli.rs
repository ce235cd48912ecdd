//! Command-line interface: one `Subcommand` variant per command; the doc
//! comments are the help text (Chinese first, then English).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
    /// 导出文库 export the library
    Export(ExportArgs),
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// 文件或文件夹（递归） files or folders (recursive)
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// 语料字段映射 map a corpus field, e.g. --field content=Text --field date=Date
    #[arg(long = "field", value_name = "NAME=COLUMN")]
    pub fields: Vec<String>,
    /// 以 JSON 输出 print the result as JSON
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
