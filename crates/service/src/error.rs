//! Service errors: what a front end needs to choose an exit code or an HTTP
//! status. Library and index errors pass through unchanged (same message, same
//! cause chain), so the CLI prints exactly what it printed before the service
//! layer existed.

use tifa_library::LibraryError;

/// What went wrong in a use case.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The request cannot be carried out as written (the CLI's usage error,
    /// exit code 2; HTTP 400).
    #[error("{0}")]
    Usage(String),
    /// A well-formed request that the library cannot answer (exit code 1;
    /// HTTP 400): nothing matches the target filters, nothing to change.
    #[error("{0}")]
    Invalid(String),
    /// A date or range option that does not parse (`--date`, `--period`, `--vs`).
    #[error("选项 option --{option} “{value}”")]
    Date {
        option: String,
        value: String,
        #[source]
        source: tifa_text::DateError,
    },
    #[error(transparent)]
    Library(#[from] LibraryError),
    /// A draft to check that cannot be read or annotated (names the file).
    #[error(transparent)]
    Draft(#[from] tifa_ingest::IngestError),
    #[error(transparent)]
    NewTerms(#[from] tifa_analysis::NewTermsError),
    /// A PDF that cannot be typeset (no CJK font: names the package).
    #[error(transparent)]
    Render(#[from] tifa_render::RenderError),
    /// A workbook that cannot be built (a cell Excel cannot hold).
    #[error("XLSX 工作簿 workbook")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("{path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// The class of an error, for exit codes and HTTP statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorClass {
    /// The user's to fix: a bad option, date, query or id prefix.
    BadRequest,
    /// No such article.
    NotFound,
    /// A well-formed request with no answer (exit 1 in the CLI, 400 over HTTP).
    Invalid,
    /// Everything else: I/O, the database, a damaged index.
    Internal,
}

impl ServiceError {
    /// What kind of error this is.
    pub fn class(&self) -> ErrorClass {
        match self {
            ServiceError::Usage(_) | ServiceError::Date { .. } => ErrorClass::BadRequest,
            ServiceError::Invalid(_) => ErrorClass::Invalid,
            ServiceError::Library(e) => match e {
                LibraryError::Query(_)
                | LibraryError::QueryDate { .. }
                | LibraryError::BadTerm(_)
                | LibraryError::AmbiguousId { .. } => ErrorClass::BadRequest,
                LibraryError::BadEdit { .. } => ErrorClass::Invalid,
                LibraryError::NotFound(_) => ErrorClass::NotFound,
                _ => ErrorClass::Internal,
            },
            ServiceError::NewTerms(_) | ServiceError::Draft(_) => ErrorClass::Invalid,
            ServiceError::Io { .. } | ServiceError::Xlsx(_) | ServiceError::Render(_) => {
                ErrorClass::Internal
            }
        }
    }

    /// Whether the CLI exits with 2 (usage) for this error: a usage error, a
    /// bad date or range, a query that does not parse.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            ServiceError::Usage(_)
                | ServiceError::Date { .. }
                | ServiceError::Library(LibraryError::Query(_) | LibraryError::QueryDate { .. })
        )
    }
}

/// Return a `ServiceError::Usage` with a formatted message.
macro_rules! usage {
    ($($arg:tt)*) => {
        return Err($crate::ServiceError::Usage(format!($($arg)*)))
    };
}
pub(crate) use usage;

/// Return a `ServiceError::Invalid` with a formatted message.
macro_rules! invalid {
    ($($arg:tt)*) => {
        return Err($crate::ServiceError::Invalid(format!($($arg)*)))
    };
}
pub(crate) use invalid;
