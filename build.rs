//! Link the `tifa` binary as a position-dependent executable (`-no-pie`).
//!
//! Key decision: a command such as `tifa count` is over in a few
//! milliseconds, and a PIE binary of this size spends about half a
//! millisecond of that in the dynamic loader applying ~60,000 relative
//! relocations (vtables, string tables) and copying the pages they touch.
//! A non-PIE executable needs none. Only the binaries are linked this way;
//! libraries, tests and proc-macros keep the default.
//!
//! On x86-64 Linux, `.cargo/config.toml` goes further (static, with
//! `relocation-model=static`, so this flag is already implied); this keeps
//! a build for another Linux target (`--target aarch64-unknown-linux-gnu`)
//! free of start-up relocations.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
