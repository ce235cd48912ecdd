//! Long jobs over HTTP: an upload sent with `background=true` is answered at
//! once with a job (202), and `GET /api/v1/jobs/{id}` reports its progress —
//! bytes parsed of the total, the file being stored — and, when it ends, the
//! per-file results or the error.
//!
//! Key decision: a job is the service's `AddProgress` itself, a mutex around
//! its status written by the ingest workers and read by pollers; the server
//! keeps the last `KEEP` jobs in memory (a restarted server forgets them, the
//! library does not).

use crate::error::{ApiError, ErrorBody, ErrorDetail};
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use tifa_service::articles::{AddProgress, FileResult};
use utoipa::ToSchema;

/// Jobs remembered (the oldest finished ones are forgotten first).
const KEEP: usize = 64;

/// Where a job is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    Running,
    Done,
    Failed,
}

/// What a job is doing now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobStage {
    /// Reading and structuring the files (on every core).
    Parsing,
    /// Writing articles into the library.
    Storing,
    Finished,
}

/// A job's status, as `GET /api/v1/jobs/{id}` answers it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct JobStatus {
    pub id: u64,
    pub state: JobState,
    pub stage: JobStage,
    /// Files sent.
    pub files: usize,
    /// Bytes of every file, and bytes parsed so far.
    pub total_bytes: u64,
    pub parsed_bytes: u64,
    /// The file being stored.
    pub file: Option<String>,
    /// When done: what adding did to each file.
    pub results: Option<Vec<FileResult>>,
    /// When failed: the error the synchronous upload would have answered
    /// (for a bad file, nothing was added and `files` says why).
    #[schema(value_type = Option<Object>)]
    pub error: Option<serde_json::Value>,
}

/// One running or finished job.
pub struct Job(Mutex<JobStatus>);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Job {
    pub fn status(&self) -> JobStatus {
        lock(&self.0).clone()
    }

    pub fn id(&self) -> u64 {
        lock(&self.0).id
    }

    /// Record how the job ended.
    pub fn finish(&self, outcome: Result<Vec<FileResult>, ApiError>) {
        let mut s = lock(&self.0);
        s.stage = JobStage::Finished;
        s.file = None;
        match outcome {
            Ok(results) => {
                s.state = JobState::Done;
                s.results = Some(results);
            }
            Err(e) => {
                s.state = JobState::Failed;
                let body = ErrorBody {
                    error: ErrorDetail {
                        code: e.code.to_string(),
                        message: e.message,
                    },
                    files: e.files,
                };
                s.error = serde_json::to_value(body).ok();
            }
        }
    }
}

impl AddProgress for Job {
    fn total(&self, bytes: u64) {
        lock(&self.0).total_bytes = bytes;
    }
    fn parsed(&self, bytes: u64) {
        lock(&self.0).parsed_bytes += bytes;
    }
    fn storing(&self, file: &str) {
        let mut s = lock(&self.0);
        s.stage = JobStage::Storing;
        s.file = Some(file.to_string());
    }
}

/// The server's jobs.
#[derive(Default)]
pub struct Jobs {
    next: Mutex<u64>,
    list: Mutex<VecDeque<Arc<Job>>>,
}

impl Jobs {
    /// A new running job for `files` files.
    pub fn start(&self, files: usize) -> Arc<Job> {
        let id = {
            let mut n = lock(&self.next);
            *n += 1;
            *n
        };
        let job = Arc::new(Job(Mutex::new(JobStatus {
            id,
            state: JobState::Running,
            stage: JobStage::Parsing,
            files,
            total_bytes: 0,
            parsed_bytes: 0,
            file: None,
            results: None,
            error: None,
        })));
        let mut list = lock(&self.list);
        if list.len() >= KEEP {
            // Forget the oldest finished job; running ones are kept.
            if let Some(i) = list
                .iter()
                .position(|j| j.status().state != JobState::Running)
            {
                list.remove(i);
            }
        }
        list.push_back(job.clone());
        job
    }

    pub fn get(&self, id: u64) -> Option<Arc<Job>> {
        lock(&self.list).iter().find(|j| j.id() == id).cloned()
    }
}
