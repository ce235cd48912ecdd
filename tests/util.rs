//! Test harness: run the real `tifa` binary against a fresh data directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A temporary working directory with its own library, removed on drop.
pub struct Dir {
    pub root: PathBuf,
}

impl Dir {
    pub fn new(name: &str) -> Dir {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let root =
            std::env::temp_dir().join(format!("tifa-test-{}-{name}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        Dir { root }
    }

    pub fn data(&self) -> PathBuf {
        self.root.join("data")
    }

    /// Write a file under the directory and return its path.
    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.root.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Run tifa with `args` against this directory's library.
    pub fn tifa(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tifa"))
            .arg("--data")
            .arg(self.data())
            .args(args)
            .output()
            .unwrap()
    }

    /// Run tifa and insist on success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.tifa(args);
        assert!(
            o.status.success(),
            "tifa {args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    /// Run tifa and parse its JSON-lines output.
    pub fn json(&self, args: &[&str]) -> Vec<serde_json::Value> {
        self.ok(args)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Exported articles as JSON values.
    pub fn export(&self) -> Vec<serde_json::Value> {
        self.ok(&["export", "--format", "jsonl"])
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The exported government work report of `year` (by its title in the
/// shared corpus's JSONL of reports).
pub fn work_report<'a>(arts: &'a [serde_json::Value], year: &str) -> &'a serde_json::Value {
    let title = format!("{year}年中华人民共和国国务院政府工作报告");
    arts.iter()
        .find(|a| a["title"] == title.as_str())
        .unwrap_or_else(|| panic!("no {title}"))
}

/// A path in the shared corpus, as a string argument.
pub fn shared(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    assert!(p.exists(), "missing shared data {}", p.display());
    p.to_string_lossy().into_owned()
}
