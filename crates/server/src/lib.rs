//! `tifa serve`: the web workbench and its JSON API (`/api/v1/...`) over
//! `tifa-service`, with the static UI (`web/`) embedded in the binary.
//!
//! Key decisions:
//! - Async stays inside this crate: [`serve`] builds its own tokio runtime
//!   and blocks until Ctrl-C (or SIGTERM), so the CLI stays synchronous.
//!   Every use case runs in `spawn_blocking`.
//! - Loopback by default. A non-loopback address needs a token file, and
//!   then every request that changes the library must carry
//!   `Authorization: Bearer <token>`. `--read-only` refuses every write with
//!   403. Writes also refuse a foreign `Origin`, and on loopback only the
//!   loopback host names are answered (no DNS rebinding).
//! - Reads share one exact index (`Searcher`) and segmenter,
//!   reopened when the library generation or dictionary moves (including
//!   changes made by the CLI meanwhile); writes go one at a time through a
//!   mutex around the writer `Library`.
//! - No client path reaches the file system: an upload keeps only its base
//!   name and is staged in a fresh folder inside the data directory, removed
//!   afterwards.
//! - Limits: uploads 64 MB per request ([`UPLOAD_LIMIT`]), other bodies
//!   64 KB ([`JSON_LIMIT`]), KWIC pages of at most [`KWIC_PAGE_MAX`] lines
//!   (the CSV / JSONL export streams every hit).

mod api;
mod assets;
mod error;
mod jobs;
mod state;

pub use error::{ApiError, ErrorBody, ErrorDetail};

use std::net::SocketAddr;
use std::path::PathBuf;

/// Largest upload request body.
pub const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;
/// Largest body of any other request (article edits).
pub const JSON_LIMIT: usize = 64 * 1024;
/// Most KWIC lines in one JSON page.
pub const KWIC_PAGE_MAX: usize = 1000;

/// How to serve.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to bind (port 0: any free port).
    pub addr: SocketAddr,
    /// The library directory.
    pub data: PathBuf,
    /// Refuse every request that would change the library.
    pub read_only: bool,
    /// Bearer token required on writes (mandatory off loopback).
    pub token: Option<String>,
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// A non-loopback address without a token.
    #[error(
        "拒绝在非回环地址 {0} 上无令牌服务 refusing to serve on non-loopback address {0} without --token-file (anyone on the network could change the library)"
    )]
    NeedToken(SocketAddr),
    /// The token is empty.
    #[error("令牌为空 the token is empty")]
    EmptyToken,
    #[error("无法绑定 cannot bind {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("文库 library {path}")]
    Library {
        path: String,
        #[source]
        source: tifa_library::LibraryError,
    },
    #[error("服务器 server I/O")]
    Io(#[from] std::io::Error),
}

/// Serve until Ctrl-C or SIGTERM. `bound` is called once with the bound
/// address, before the first request is answered.
pub fn serve(config: Config, bound: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
    if config.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(ServerError::EmptyToken);
    }
    if !config.addr.ip().is_loopback() && config.token.is_none() {
        return Err(ServerError::NeedToken(config.addr));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| ServerError::Bind {
                addr: config.addr,
                source,
            })?;
        let local = listener.local_addr()?;
        let state = state::Shared::open(&config, local)?;
        let app = api::router(state);
        bound(local);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await?;
        Ok(())
    });
    // A use case still running on a blocking thread (a long analysis, an
    // upload) is abandoned after a grace period; an unfinished write is a
    // transaction that was never committed, so the library is unchanged.
    runtime.shutdown_timeout(std::time::Duration::from_secs(10));
    served
}

/// The OpenAPI 3 document of the API, as served at `/api/v1/openapi.json`.
pub fn openapi_json() -> String {
    api::openapi_json()
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
