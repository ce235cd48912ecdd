//! tifa's use cases, between the library and the front ends (the CLI in
//! `src/cmd`, the HTTP server in `tifa-server`).
//!
//! Key decision: every use case is a function from a typed request to a typed
//! result (`Serialize`, `Deserialize`, `ToSchema`), so the CLI and the server
//! only parse input and render output, and the server's OpenAPI document is
//! generated from the same types. Result structs serialise to exactly the JSON
//! the CLI printed with `--json` before this crate existed: field names and
//! values are the contract, and serialised through a `serde_json::Value`
//! (without `preserve_order`, object keys sorted) the bytes are the same too.
//!
//! Reads go through a [`Reader`]: a library connection plus the exact index
//! (`Searcher`) and the segmenter, either opened on demand (the CLI) or
//! handed in long-lived (the server, which reloads them when the library
//! generation moves). Reads never take the writer lock; writes take
//! `&mut Library`.

mod error;
mod filter;
mod reader;
mod typeset;

pub mod analysis;
pub mod articles;
pub mod check;
pub mod collate;
pub mod diffhtml;
pub mod docx;
pub mod maintenance;
pub mod notes;
pub mod pack;
pub mod query;
pub mod xlsx;

pub use error::{ErrorClass, ServiceError};
pub use filter::{By, FilterSpec, date_range};
pub use reader::Reader;

/// A stable article id (10 hex digits), as it appears in every result.
#[derive(
    Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(transparent)]
#[schema(value_type = String, example = "3f2a9c01be")]
pub struct ArticleId(pub String);

impl From<&tifa_library::ArticleId> for ArticleId {
    fn from(id: &tifa_library::ArticleId) -> Self {
        ArticleId(id.0.clone())
    }
}

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Service results.
pub type Result<T, E = ServiceError> = std::result::Result<T, E>;
