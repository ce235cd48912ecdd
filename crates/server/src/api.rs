//! The HTTP API (`/api/v1/...`): one handler per use case, each parsing its
//! query or body into the `tifa-service` request, running the use case in
//! `spawn_blocking`, and answering the service's result type as JSON (the
//! same values as the CLI's `--json`). The OpenAPI document is derived from
//! the handlers' `#[utoipa::path]` attributes and the service types.
//!
//! Query parameters are flat (`q`, `date`, `source`, `kind`, `speaker`,
//! `id`, repeated for lists), as the web UI writes them into its URLs.

use crate::error::{ApiError, ErrorBody};
use crate::jobs::JobStatus;
use crate::state::{Needs, State, read_only};
use crate::{JSON_LIMIT, KWIC_PAGE_MAX, UPLOAD_LIMIT, assets};
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Multipart, Path};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll};
use tifa_service::analysis::{self, CollocateOrder, KeywordMethod};
use tifa_service::articles::{self, AddRequest, FileResult, NoProgress};
use tifa_service::check;
use tifa_service::collate::{self as collation, CollateRequest};
use tifa_service::notes;
use tifa_service::pack;
use tifa_service::query::{self, KwicSort};
use tifa_service::{By, FilterSpec, maintenance, xlsx};
use utoipa::{IntoParams, OpenApi, ToSchema};

// ---------- plumbing ----------

/// Run blocking work (library, indexes, analysis) off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("请求失败 request failed: {e}")))?
}

/// Query parameters; a malformed one is a JSON 400.
struct Q<T>(T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let _ = state;
        // serde_html_form: a repeated parameter (`q=a&q=b`) fills a list.
        serde_html_form::from_str(parts.uri.query().unwrap_or(""))
            .map(Q)
            .map_err(|e| ApiError::bad_request(format!("查询参数 query parameters: {e}")))
    }
}

/// A JSON body; a malformed one is a JSON 400 (413 when too large).
struct J<T>(T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for J<T> {
    type Rejection = ApiError;
    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        Json::<T>::from_request(req, state)
            .await
            .map(|Json(t)| J(t))
            .map_err(|e| {
                let (status, code) = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    (StatusCode::PAYLOAD_TOO_LARGE, "too_large")
                } else {
                    (StatusCode::BAD_REQUEST, "bad_request")
                };
                ApiError::new(
                    status,
                    code,
                    format!("请求体 request body: {}", e.body_text()),
                )
            })
    }
}

/// A response body fed from a blocking producer through a channel.
struct ChannelBody(tokio::sync::mpsc::Receiver<Bytes>);

impl http_body::Body for ChannelBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|o| o.map(|b| Ok(http_body::Frame::data(b))))
    }
}

/// Buffered writes into a streamed response. Nothing is sent before the
/// first 64 KB (or the end), so an error found early is still a JSON error.
struct Sink {
    tx: tokio::sync::mpsc::Sender<Bytes>,
    buf: Vec<u8>,
    ready: Option<tokio::sync::oneshot::Sender<Result<(), ApiError>>>,
}

impl Sink {
    /// Write `b`; `false` once the client is gone.
    fn write(&mut self, b: &[u8]) -> bool {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= 64 * 1024 {
            return self.flush();
        }
        true
    }

    fn flush(&mut self) -> bool {
        if let Some(ready) = self.ready.take() {
            let _ = ready.send(Ok(()));
        }
        if self.buf.is_empty() {
            return true;
        }
        let b = Bytes::from(std::mem::take(&mut self.buf));
        self.tx.blocking_send(b).is_ok()
    }
}

/// A streamed (chunked) response of `ctype` written by `produce` on a
/// blocking thread; an error before the first bytes leave is the answer.
async fn stream(
    ctype: &'static str,
    filename: &str,
    produce: impl FnOnce(&mut Sink) -> Result<(), ApiError> + Send + 'static,
) -> Result<Response, ApiError> {
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    let (ready, is_ready) = tokio::sync::oneshot::channel();
    tokio::task::spawn_blocking(move || {
        let mut sink = Sink {
            tx,
            buf: Vec::new(),
            ready: Some(ready),
        };
        match produce(&mut sink) {
            Ok(()) => {
                sink.flush();
            }
            Err(e) => match sink.ready.take() {
                Some(ready) => {
                    let _ = ready.send(Err(e));
                }
                // Too late for a status: the body ends early.
                None => eprintln!("tifa serve: {}", e.message),
            },
        }
    });
    is_ready
        .await
        .map_err(|_| ApiError::internal("请求失败 request failed"))??;
    Ok(download(Body::new(ChannelBody(rx)), ctype, filename))
}

/// The media type of XLSX workbooks.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `body` as a file to download.
fn download(body: Body, ctype: &'static str, filename: &str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// Output of a table result (`trend`, `newterms`, `keywords`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    /// The result as JSON.
    #[default]
    Json,
    /// The rows as an XLSX workbook (the CLI's `--xlsx`).
    Xlsx,
}

/// `rows` as an XLSX download named `name.xlsx`.
async fn workbook<T: xlsx::SheetRow + Send + 'static>(
    name: &str,
    rows: Vec<T>,
) -> Result<Response, ApiError> {
    let bytes = blocking(move || Ok(xlsx::workbook(&rows)?)).await?;
    Ok(download(Body::from(bytes), XLSX, &format!("{name}.xlsx")))
}

fn need_terms(terms: &[String]) -> Result<Vec<String>, ApiError> {
    let t: Vec<String> = terms
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if t.is_empty() {
        return Err(ApiError::bad_request(
            "缺少检索词 give at least one term: q=TERM",
        ));
    }
    Ok(t)
}

fn need_term(term: &str) -> Result<String, ApiError> {
    let t = term.trim();
    if t.is_empty() {
        return Err(ApiError::bad_request("缺少检索词 give a term: q=TERM"));
    }
    Ok(t.to_string())
}

fn range(
    name: &str,
    v: Option<usize>,
    default: usize,
    min: usize,
    max: usize,
) -> Result<usize, ApiError> {
    let v = v.unwrap_or(default);
    if v < min || v > max {
        return Err(ApiError::bad_request(format!(
            "参数超出范围 {name} must be between {min} and {max}, got {v}"
        )));
    }
    Ok(v)
}

/// Declare a query-parameter struct with the shared article filter.
macro_rules! filtered {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $f:ident : $t:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Default, Deserialize, IntoParams)]
        #[into_params(parameter_in = Query)]
        #[serde(default)]
        pub struct $name {
            $($(#[$fm])* pub $f: $t,)*
            /// Dates: `YYYY[-MM[-DD]]`, `FROM..TO`, `FROM..` or `..TO`.
            pub date: Option<String>,
            /// Substring of the source.
            pub source: Option<String>,
            /// Article kind (`speech`, `policy_document`, …).
            pub kind: Option<String>,
            /// Substring of the speaker or author.
            pub speaker: Option<String>,
            /// Article ids or unique id prefixes (repeat the parameter).
            pub id: Vec<String>,
            /// Match across punctuation.
            pub ignore_punct: bool,
            /// 繁简 folding: match traditional and simplified spellings alike.
            pub fold: bool,
        }

        impl $name {
            fn filter(&self) -> FilterSpec {
                let s = |v: &Option<String>| v.as_ref().map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
                FilterSpec {
                    date: s(&self.date),
                    source: s(&self.source),
                    kind: s(&self.kind),
                    speaker: s(&self.speaker),
                    ids: self.id.iter().map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect(),
                    ignore_punct: self.ignore_punct,
                    fold: self.fold,
                }
            }
        }
    };
}

// ---------- router ----------

/// The whole app: API, static files, access rules and limits.
pub fn router(state: State) -> Router {
    Router::new()
        .route("/api/v1/status", get(status))
        .route("/api/v1/articles", get(list))
        .route(
            "/api/v1/articles/{id}",
            get(show).patch(edit).delete(remove),
        )
        .route(
            "/api/v1/files",
            post(add).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/api/v1/jobs/{id}", get(job))
        .route("/api/v1/count", get(count))
        .route("/api/v1/kwic", get(kwic))
        .route("/api/v1/search", get(search))
        .route("/api/v1/trend", get(trend))
        .route("/api/v1/first", get(first))
        .route("/api/v1/notes", get(notes))
        .route("/api/v1/newterms", get(newterms))
        .route("/api/v1/keywords", get(keywords))
        .route("/api/v1/collocates", get(collocates))
        .route("/api/v1/diff", get(diff))
        .route("/api/v1/collate", get(collate))
        .route("/api/v1/targets", get(targets))
        .route("/api/v1/check", post(check_draft))
        .route("/api/v1/pack", post(pack))
        .route("/api/v1/export", get(export))
        .route("/api/v1/openapi.json", get(openapi))
        .fallback(fallback)
        .layer(DefaultBodyLimit::max(JSON_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Static files; unknown API paths are JSON 404s.
async fn fallback(method: Method, uri: axum::http::Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/api/") {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("没有这个接口 no such endpoint: {method} {path}"),
        )
        .into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    assets::get(path)
}

/// Access rules, before any body is read: allowed host names (loopback),
/// and for writes read-only mode, the bearer token and a same-origin check.
async fn guard(
    axum::extract::State(st): axum::extract::State<State>,
    req: axum::extract::Request,
    next: Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_string();
    if !st.hosts.is_empty() && !st.hosts.iter().any(|h| h.eq_ignore_ascii_case(&host)) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("主机名不被接受 host “{host}” is not served (use 127.0.0.1 or localhost)"),
        )
        .into_response();
    }
    // Checking a draft and compiling a pack are reads that carry their input in the body.
    let write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && !matches!(req.uri().path(), "/api/v1/check" | "/api/v1/pack");
    if write {
        if st.read_only {
            return read_only().into_response();
        }
        if let Some(token) = &st.token {
            let given = req
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|h| h.to_str().ok())
                .and_then(|h| h.strip_prefix("Bearer "))
                .map(str::trim)
                .unwrap_or("");
            if !same(given.as_bytes(), token.as_bytes()) {
                let mut r = ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "需要令牌 changing the library needs Authorization: Bearer <token> (the server's --token-file)",
                )
                .into_response();
                r.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                return r;
            }
        }
        if let Some(origin) = req.headers().get(header::ORIGIN) {
            let origin = origin.to_str().unwrap_or("");
            let o = origin
                .split_once("://")
                .map_or("", |(_, rest)| rest.trim_end_matches('/'));
            if !o.eq_ignore_ascii_case(&host) {
                return ApiError::new(
                    StatusCode::FORBIDDEN,
                    "forbidden",
                    format!("跨站请求被拒绝 cross-origin write from “{origin}” refused"),
                )
                .into_response();
            }
        }
    }
    let api = req.uri().path().starts_with("/api/");
    let mut r = next.run(req).await;
    if api {
        r = json_error(r).await;
    }
    let h = r.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    r
}

/// An API error that axum answered as plain text (wrong method, a bad path
/// segment) as the JSON error object, like every other API error.
async fn json_error(r: Response) -> Response {
    let status = r.status();
    let json = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if json || !(status.is_client_error() || status.is_server_error()) {
        return r;
    }
    let allow = r.headers().get(header::ALLOW).cloned();
    let body = axum::body::to_bytes(r.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&body).trim().to_string();
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        s if s.is_server_error() => "internal",
        _ => "bad_request",
    };
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text
    };
    let mut out = ApiError::new(status, code, message).into_response();
    if let Some(a) = allow {
        out.headers_mut().insert(header::ALLOW, a);
    }
    out
}

/// Constant-time comparison of the token.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

// ---------- library ----------

/// The library at a glance.
#[utoipa::path(get, path = "/api/v1/status", tag = "library",
    responses((status = 200, body = maintenance::Status), (status = 500, body = ErrorBody)))]
async fn status(
    axum::extract::State(st): axum::extract::State<State>,
) -> Result<Json<maintenance::Status>, ApiError> {
    let ro = st.read_only;
    let s = blocking(move || {
        st.read(Needs::default(), |r| {
            let mut s = maintenance::status(r)?;
            s.read_only = ro;
            Ok(s)
        })
    })
    .await?;
    Ok(Json(s))
}

/// Which articles to list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ListParams {
    pub kind: Option<String>,
    /// Substring of the source.
    pub source: Option<String>,
    /// Exact file name.
    pub file: Option<String>,
}

/// Articles, in library order (`tifa ls --json`).
#[utoipa::path(get, path = "/api/v1/articles", tag = "library", params(ListParams),
    responses((status = 200, body = Vec<articles::ArticleSummary>), (status = 400, body = ErrorBody)))]
async fn list(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<ListParams>,
) -> Result<Json<Vec<articles::ArticleSummary>>, ApiError> {
    let s = |v: Option<String>| v.filter(|x| !x.trim().is_empty());
    let req = articles::ListRequest {
        kind: s(p.kind),
        source: s(p.source),
        file: s(p.file),
    };
    let v = blocking(move || st.library(|lib| Ok(articles::list(lib, &req)?))).await?;
    Ok(Json(v))
}

/// One article with asides and same-work links (`tifa show --json`).
#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "library",
    params(("id" = String, Path, description = "Article id or unique prefix")),
    responses((status = 200, body = articles::Article), (status = 404, body = ErrorBody)))]
async fn show(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
) -> Result<Json<articles::Article>, ApiError> {
    let a = blocking(move || st.library(|lib| Ok(articles::show(lib, &id)?))).await?;
    Ok(Json(a))
}

/// Correct an article's metadata (`tifa edit`); the article after.
#[utoipa::path(patch, path = "/api/v1/articles/{id}", tag = "library",
    params(("id" = String, Path, description = "Article id or unique prefix")),
    request_body = articles::EditRequest,
    security(("bearer" = [])),
    responses((status = 200, body = articles::Article), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn edit(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
    J(req): J<articles::EditRequest>,
) -> Result<Json<articles::Article>, ApiError> {
    let a = blocking(move || st.write(|lib| Ok(articles::edit(lib, &id, &req)?))).await?;
    Ok(Json(a))
}

/// Remove an article (`tifa rm`).
#[utoipa::path(delete, path = "/api/v1/articles/{id}", tag = "library",
    params(("id" = String, Path, description = "Article id or unique prefix")),
    security(("bearer" = [])),
    responses((status = 200, body = articles::Removed), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
) -> Result<Json<articles::Removed>, ApiError> {
    let mut v = blocking(move || st.write(|lib| Ok(articles::remove(lib, &[id])?))).await?;
    v.pop()
        .map(Json)
        .ok_or_else(|| ApiError::internal("nothing removed"))
}

/// The multipart form of an upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// Files (repeat the part); only each file's base name is kept.
    #[schema(value_type = Vec<String>, format = Binary)]
    file: Vec<Vec<u8>>,
    /// Field mappings for CSV/JSONL corpora, `NAME=COLUMN` (repeat the part).
    field: Vec<String>,
    /// Restore removed articles of known files (`true`).
    force: Option<bool>,
    /// Answer at once with a job (202, `Location: /api/v1/jobs/{id}`) and
    /// add in the background (`true`).
    background: Option<bool>,
}

/// The base name of an uploaded file: the last component of whatever the
/// client sent, never a path.
fn base_name(name: &str) -> Result<String, ApiError> {
    let base = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    if base.is_empty()
        || base == "."
        || base == ".."
        || base.len() > 255
        || base.chars().any(|c| c.is_control())
    {
        return Err(ApiError::bad_request(format!(
            "文件名无效 invalid file name “{}”",
            name.escape_debug()
        )));
    }
    Ok(base)
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    let status = e.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(
            status,
            "too_large",
            format!(
                "上传过大 upload larger than {} MB: add fewer files at a time, or use `tifa add`",
                UPLOAD_LIMIT >> 20
            ),
        );
    }
    ApiError::new(
        status,
        "bad_request",
        format!("上传 upload: {}", e.body_text()),
    )
}

/// Add files (`tifa add`), all or nothing: if any file cannot be read,
/// nothing is stored and the answer is 422 naming each bad file.
#[utoipa::path(post, path = "/api/v1/files", tag = "library",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    security(("bearer" = [])),
    responses((status = 200, description = "What adding did to each file", body = Vec<FileResult>),
        (status = 202, description = "With background=true: the job, to follow at /api/v1/jobs/{id}", body = JobStatus),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, description = "A file could not be read; nothing was added", body = ErrorBody)))]
async fn add(
    axum::extract::State(st): axum::extract::State<State>,
    mut form: Multipart,
) -> Result<Response, ApiError> {
    let mut req = AddRequest {
        all_or_nothing: true,
        ..Default::default()
    };
    let mut background = false;
    // Each file streams to its own folder in the staging area as it arrives:
    // an upload is never held in memory, and two files with one base name
    // never meet.
    let staging = st.staging_dir()?;
    let mut paths = Vec::new();
    let mut names: HashMap<PathBuf, String> = HashMap::new();
    while let Some(mut part) = form.next_field().await.map_err(multipart_error)? {
        if let Some(name) = part.file_name() {
            let name = base_name(name)?;
            let dir = staging.path().join(paths.len().to_string());
            let p = dir.join(&name);
            let stage_err =
                |e: std::io::Error| ApiError::internal(format!("暂存 staging {name}: {e}"));
            std::fs::create_dir_all(&dir).map_err(stage_err)?;
            let mut f = std::fs::File::create(&p).map_err(stage_err)?;
            while let Some(chunk) = part.chunk().await.map_err(multipart_error)? {
                std::io::Write::write_all(&mut f, &chunk).map_err(stage_err)?;
            }
            names.insert(p.clone(), name);
            paths.push(p);
            continue;
        }
        let key = part.name().unwrap_or("").to_string();
        let value = part.text().await.map_err(multipart_error)?;
        let yes = matches!(value.trim(), "true" | "1" | "on" | "yes");
        match key.as_str() {
            "field" => req.fields.push(value),
            "force" => req.force = yes,
            "background" => background = yes,
            _ => {
                return Err(ApiError::bad_request(format!(
                    "未知的表单字段 unknown form part “{key}” (file, field, force, background)"
                )));
            }
        }
    }
    if paths.is_empty() {
        return Err(ApiError::bad_request(
            "没有文件 no files: send multipart/form-data parts named file",
        ));
    }
    if background {
        let job = st.jobs.start(paths.len());
        let status = job.status();
        let st2 = st.clone();
        tokio::task::spawn_blocking(move || {
            let outcome = store(&st2, &paths, &names, &req, &*job);
            drop(staging);
            job.finish(outcome);
        });
        let location = format!("/api/v1/jobs/{}", status.id);
        return Ok((
            StatusCode::ACCEPTED,
            [(header::LOCATION, location)],
            Json(status),
        )
            .into_response());
    }
    let results = blocking(move || {
        let r = store(&st, &paths, &names, &req, &NoProgress);
        drop(staging);
        r
    })
    .await?;
    Ok(Json(results).into_response())
}

/// Add the staged files `paths` (named `names` as the client sent them), all
/// or nothing: the per-file results, or a 422 naming each bad file.
fn store(
    st: &State,
    paths: &[PathBuf],
    names: &HashMap<PathBuf, String>,
    req: &AddRequest,
    progress: &dyn articles::AddProgress,
) -> Result<Vec<FileResult>, ApiError> {
    let report = st.write(|lib| Ok(articles::add(lib, paths, req, progress)?))?;
    let mut results = report.outcomes.clone();
    let mut problems = Vec::new();
    for e in &report.failures {
        let file = names.get(&e.path).cloned().unwrap_or_else(|| {
            e.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        problems.push(format!("{file}: {}", e.kind));
        results.push(FileResult::Error {
            file,
            error: e.kind.to_string(),
        });
    }
    if !report.committed {
        let mut err = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_file",
            format!(
                "{}（未导入任何文件 nothing was added）",
                problems.join("; ")
            ),
        );
        err.files = serde_json::to_value(&results).ok();
        return Err(err);
    }
    Ok(results)
}

/// The progress of an upload sent with `background=true`: bytes parsed of
/// the total, the file being stored; when it ends, the per-file results (`state: done`) or the error the upload would have
/// answered (`state: failed`).
#[utoipa::path(get, path = "/api/v1/jobs/{id}", tag = "library",
    params(("id" = u64, Path, description = "The job id the upload answered")),
    responses((status = 200, body = JobStatus), (status = 404, body = ErrorBody)))]
async fn job(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
) -> Result<Json<JobStatus>, ApiError> {
    let not_found = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("没有这个任务 no job “{id}”"),
        )
    };
    let n: u64 = id.parse().map_err(|_| not_found())?;
    let job = st.jobs.get(n).ok_or_else(not_found)?;
    Ok(Json(job.status()))
}

/// Output of the export.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ExportParams {
    /// `jsonl` (the only format): one article per line, the export contract.
    pub format: Option<String>,
}

/// Every article in the export contract, streamed as JSON lines (`tifa export --format jsonl`).
#[utoipa::path(get, path = "/api/v1/export", tag = "library", params(ExportParams),
    responses((status = 200, description = "One `Article` per line", content_type = "application/x-ndjson", body = articles::Article),
        (status = 400, body = ErrorBody)))]
async fn export(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<ExportParams>,
) -> Result<Response, ApiError> {
    if let Some(f) = p.format.as_deref().filter(|f| *f != "jsonl") {
        return Err(ApiError::bad_request(format!(
            "不支持的格式 unsupported format “{f}” (jsonl)"
        )));
    }
    stream(
        "application/x-ndjson; charset=utf-8",
        "tifa-export.jsonl",
        move |sink| {
            st.library(|lib| {
                let mut gone = false;
                let r = articles::export(lib, |a| {
                    let mut line = serde_json::to_value(&a)
                        .map(|v| v.to_string())
                        .unwrap_or_default();
                    line.push('\n');
                    if sink.write(line.as_bytes()) {
                        Ok(())
                    } else {
                        gone = true;
                        Err(tifa_service::ServiceError::Invalid("client gone".into()))
                    }
                });
                if gone { Ok(()) } else { Ok(r?) }
            })
        },
    )
    .await
}

// ---------- queries ----------

filtered! {
    /// Count terms.
    CountParams {
        /// Terms (repeat the parameter).
        q: Vec<String>,
        /// Break down by `year`, `month` or `source`.
        by: Option<By>,
    }
}

/// Exact occurrences, articles and works of each term (`tifa count --json`).
#[utoipa::path(get, path = "/api/v1/count", tag = "query", params(CountParams),
    responses((status = 200, body = Vec<query::CountRow>), (status = 400, body = ErrorBody)))]
async fn count(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<CountParams>,
) -> Result<Json<Vec<query::CountRow>>, ApiError> {
    let req = query::CountRequest {
        terms: need_terms(&p.q)?,
        by: p.by,
        filter: p.filter(),
    };
    let v = blocking(move || st.read(Needs::default(), |r| Ok(query::count(r, &req)?))).await?;
    Ok(Json(v))
}

/// Output of KWIC.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum KwicFormat {
    /// One page as a `KwicPage` object.
    #[default]
    Json,
    /// Every line (from `offset`, up to `limit` if given) as CSV, streamed.
    Csv,
    /// Every line as JSON lines, streamed.
    Jsonl,
    /// Every line (from `offset`, up to `limit` if given) as an XLSX
    /// workbook, built whole before it is sent.
    Xlsx,
}

filtered! {
    /// Keyword in context.
    KwicParams {
        /// The term.
        q: String,
        /// Characters of context on each side (default 20, at most 200).
        width: Option<usize>,
        sort: Option<KwicSort>,
        /// Lines to skip.
        offset: Option<usize>,
        /// Lines per page: JSON 1–1000 (default 50); CSV/JSONL/XLSX default every line.
        limit: Option<usize>,
        format: Option<KwicFormat>,
    }
}

/// Keyword in context: a page of lines with the total (`tifa kwic --json`),
/// or every line streamed as CSV or JSON lines, or as an XLSX workbook
/// (`tifa kwic --xlsx`).
#[utoipa::path(get, path = "/api/v1/kwic", tag = "query", params(KwicParams),
    responses((status = 200, description = "`KwicPage` (json), text/csv (csv), JSON lines of `KwicLine` (jsonl) or an XLSX workbook of `KwicLine` rows (xlsx)", body = query::KwicPage),
        (status = 400, body = ErrorBody)))]
async fn kwic(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<KwicParams>,
) -> Result<Response, ApiError> {
    let format = p.format.unwrap_or_default();
    let width = range("width", p.width, 20, 1, 200)?;
    let limit = match format {
        KwicFormat::Json => range("limit", p.limit, 50, 1, KWIC_PAGE_MAX)?,
        _ => p.limit.unwrap_or(0),
    };
    let term = need_term(&p.q)?;
    let req = query::KwicRequest {
        term: term.clone(),
        width,
        sort: p.sort.unwrap_or_default(),
        offset: p.offset.unwrap_or(0),
        limit,
        filter: p.filter(),
    };
    if format == KwicFormat::Json {
        let page =
            blocking(move || st.read(Needs::default(), |r| Ok(query::kwic(r, &req)?))).await?;
        return Ok(Json(page).into_response());
    }
    let safe: String = term
        .chars()
        .filter(|c| !c.is_control() && !"\"\\/".contains(*c))
        .collect();
    let ascii_name = if safe.is_ascii() { safe } else { "term".into() };
    if format == KwicFormat::Xlsx {
        let lines = blocking(move || {
            st.read(Needs::default(), |r| {
                let mut lines = Vec::new();
                query::kwic_each(r, &req, |l| {
                    lines.push(l);
                    // One line past the sheet's limit is enough to refuse.
                    lines.len() <= xlsx::MAX_ROWS
                })?;
                Ok(lines)
            })
        })
        .await?;
        return workbook(&format!("kwic-{ascii_name}"), lines).await;
    }
    let (ctype, name) = match format {
        KwicFormat::Csv => ("text/csv; charset=utf-8", format!("kwic-{ascii_name}.csv")),
        _ => (
            "application/x-ndjson; charset=utf-8",
            format!("kwic-{ascii_name}.jsonl"),
        ),
    };
    stream(ctype, &name, move |sink| {
        if format == KwicFormat::Csv && !sink.write(query::KwicLine::CSV_HEADER.as_bytes()) {
            return Ok(());
        }
        let emit = |l: query::KwicLine| -> bool {
            let row = if format == KwicFormat::Csv {
                l.csv_row()
            } else {
                let mut row = serde_json::to_value(&l)
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                row.push('\n');
                row
            };
            sink.write(row.as_bytes())
        };
        st.read(Needs::default(), |r| Ok(query::kwic_each(r, &req, emit)?))
    })
    .await
}

filtered! {
    /// Ranked search.
    SearchParams {
        /// The query language: words, `"phrases"`, `OR`, `NOT`/`-word`, `( )`,
        /// `title:` `source:` `kind:` `speaker:` `date:2020..2024`.
        q: String,
        /// Works per page, 1–1000 (default 20).
        limit: Option<usize>,
        /// Works to skip.
        offset: Option<usize>,
        /// Characters of snippet context on each side (default 30).
        width: Option<usize>,
    }
}

/// Every article containing the query, ranked, grouped by work, with the
/// exact totals (`tifa search --json`).
#[utoipa::path(get, path = "/api/v1/search", tag = "query", params(SearchParams),
    responses((status = 200, body = query::SearchPage), (status = 400, body = ErrorBody)))]
async fn search(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<SearchParams>,
) -> Result<Json<query::SearchPage>, ApiError> {
    let req = query::SearchRequest {
        query: need_term(&p.q)?,
        limit: range("limit", p.limit, 20, 1, 1000)?,
        offset: p.offset.unwrap_or(0),
        width: range("width", p.width, 30, 1, 200)?,
        filter: p.filter(),
    };
    let needs = Needs::default();
    let v = blocking(move || st.read(needs, |r| Ok(query::search(r, &req)?))).await?;
    Ok(Json(v))
}

// ---------- analysis ----------

filtered! {
    /// Frequency per period.
    TrendParams {
        /// Terms (repeat the parameter).
        q: Vec<String>,
        /// `year` (default), `month`, `source`, or `work` (by year, each
        /// same-work group once).
        by: Option<String>,
        /// Count each same-work group once.
        by_work: bool,
        format: Option<TableFormat>,
    }
}

/// Occurrences of each term per period, per 10,000 characters (`tifa trend --json`),
/// or with `format=xlsx` the rows as a workbook (`tifa trend --xlsx`).
#[utoipa::path(get, path = "/api/v1/trend", tag = "analysis", params(TrendParams),
    responses((status = 200, description = "JSON, or an XLSX workbook (xlsx)", body = Vec<analysis::TrendRow>), (status = 400, body = ErrorBody)))]
async fn trend(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<TrendParams>,
) -> Result<Response, ApiError> {
    let (by, by_work) = match p.by.as_deref().unwrap_or("year") {
        "year" => (By::Year, p.by_work),
        "month" => (By::Month, p.by_work),
        "source" => (By::Source, p.by_work),
        "work" => (By::Year, true),
        other => {
            return Err(ApiError::bad_request(format!(
                "by 只能是 year、month、source 或 work: by must be year, month, source or work, got “{other}”"
            )));
        }
    };
    let req = analysis::TrendRequest {
        terms: need_terms(&p.q)?,
        by,
        by_work,
        filter: p.filter(),
    };
    let v = blocking(move || st.read(Needs::default(), |r| Ok(analysis::trend(r, &req)?))).await?;
    match p.format.unwrap_or_default() {
        TableFormat::Json => Ok(Json(v).into_response()),
        TableFormat::Xlsx => workbook("trend", v).await,
    }
}

filtered! {
    /// First appearance.
    FirstParams {
        /// Terms (repeat the parameter).
        q: Vec<String>,
    }
}

/// The earliest dated occurrence of each term, with its sentence (`tifa first --json`).
#[utoipa::path(get, path = "/api/v1/first", tag = "analysis", params(FirstParams),
    responses((status = 200, body = Vec<analysis::FirstRow>), (status = 400, body = ErrorBody)))]
async fn first(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<FirstParams>,
) -> Result<Json<Vec<analysis::FirstRow>>, ApiError> {
    let req = analysis::FirstRequest {
        terms: need_terms(&p.q)?,
        filter: p.filter(),
    };
    let v = blocking(move || st.read(Needs::default(), |r| Ok(analysis::first(r, &req)?))).await?;
    Ok(Json(v))
}

/// Output of `notes`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum NotesFormat {
    /// The notes as JSON (`tifa notes --json`).
    #[default]
    Json,
    /// Markdown.
    Md,
    /// One self-contained HTML file.
    Html,
    /// A Word document.
    Docx,
    /// A typeset PDF (needs a CJK font on the server).
    Pdf,
}

filtered! {
    /// 热词学习笔记.
    NotesParams {
        /// Terms (repeat the parameter).
        term: Vec<String>,
        /// Only articles matching this search query.
        from: Option<String>,
        /// Defining passages per term (default 5).
        n: Option<usize>,
        format: Option<NotesFormat>,
    }
}

/// 热词学习笔记: counts, trend by year, first appearance and the defining
/// passages of each term (`tifa notes --json`), or with `format` the notes as
/// a Markdown, HTML, DOCX or PDF download (`tifa notes -o`).
#[utoipa::path(get, path = "/api/v1/notes", tag = "analysis", params(NotesParams),
    responses((status = 200, body = notes::Notes), (status = 400, body = ErrorBody)))]
async fn notes(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<NotesParams>,
) -> Result<Response, ApiError> {
    let req = notes::NotesRequest {
        terms: need_terms(&p.term)?,
        from: p.from.clone().filter(|q| !q.trim().is_empty()),
        per_term: range("n", p.n, 5, 0, 100)?,
        filter: p.filter(),
    };
    let v = blocking(move || st.read(Needs::default(), |r| Ok(notes::notes(r, &req)?))).await?;
    let format = p.format.unwrap_or_default();
    if format == NotesFormat::Json {
        return Ok(Json(v).into_response());
    }
    let (bytes, ctype, ext) = blocking(move || {
        Ok(match format {
            NotesFormat::Md => (
                notes::markdown(&v).into_bytes(),
                "text/markdown; charset=utf-8",
                "md",
            ),
            NotesFormat::Html => (
                notes::html(&v).into_bytes(),
                "text/html; charset=utf-8",
                "html",
            ),
            NotesFormat::Docx => (
                notes::docx(&v)?,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "docx",
            ),
            _ => (notes::pdf(&v)?, "application/pdf", "pdf"),
        })
    })
    .await?;
    Ok(download(Body::from(bytes), ctype, &format!("notes.{ext}")))
}

/// Checking a draft's quotations.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct CheckParams {
    /// Quoted spans shorter than this are terms, skipped (default 8).
    pub min_chars: Option<usize>,
}

/// Every quoted span of a draft (the body, plain UTF-8 text) with its
/// verdict, source, citation, differences and attribution (`tifa check --json`).
/// A read: no token is needed, and read-only servers answer it.
#[utoipa::path(post, path = "/api/v1/check", tag = "analysis", params(CheckParams),
    request_body(content = String, content_type = "text/plain"),
    responses((status = 200, body = Vec<check::QuoteCheck>), (status = 400, body = ErrorBody)))]
async fn check_draft(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<CheckParams>,
    body: Bytes,
) -> Result<Json<Vec<check::QuoteCheck>>, ApiError> {
    let text = String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::bad_request("稿件不是 UTF-8 文本 the draft must be UTF-8 text"))?;
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("稿件为空 the draft is empty"));
    }
    let req = check::CheckRequest {
        text: text.replace("\r\n", "\n"),
        min_chars: range("min_chars", p.min_chars, 8, 1, 1000)?,
    };
    let v = blocking(move || st.read(Needs::default(), |r| Ok(check::check(r, &req)?))).await?;
    Ok(Json(v))
}

/// A study pack to compile: the plan and the output format.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PackBody {
    pub plan: pack::PackPlan,
    pub format: pack::PackFormat,
}

/// A study pack (学习材料汇编) compiled from a plan, as a DOCX or HTML
/// download named after its title (`tifa pack`). A read: no token is needed,
/// and read-only servers answer it.
#[utoipa::path(post, path = "/api/v1/pack", tag = "analysis",
    request_body = PackBody,
    responses((status = 200, description = "The pack as a DOCX or HTML file"), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn pack(
    axum::extract::State(st): axum::extract::State<State>,
    J(b): J<PackBody>,
) -> Result<Response, ApiError> {
    let format = b.format;
    let name = format!("{}.{}", b.plan.title.trim(), format.extension());
    let needs = Needs::default();
    let bytes = blocking(move || {
        st.read(needs, |r| {
            let p = pack::build_pack(r, &b.plan)?;
            Ok(pack::render(&p, format)?)
        })
    })
    .await?;
    let mut r = download(Body::from(bytes), format.content_type(), "pack");
    // The title as the file name: ASCII fallback, then RFC 5987 UTF-8.
    let encoded: String = name
        .bytes()
        .map(|c| match c {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (c as char).to_string(),
            _ => format!("%{c:02X}"),
        })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"pack.{}\"; filename*=UTF-8''{encoded}",
        format.extension()
    )) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

/// New formulations of a period.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct NewtermsParams {
    /// The period studied (`2023`, `2022..2023`).
    pub period: String,
    /// Reference period; default everything before the period.
    pub vs: Option<String>,
    /// Count every copy of a work (default: each work once).
    pub every_copy: bool,
    /// Keep candidates that read as fragments or prose.
    pub keep_fragments: bool,
    pub min_len: Option<usize>,
    pub max_len: Option<usize>,
    pub min_freq: Option<usize>,
    pub min_texts: Option<usize>,
    pub min_pmi: Option<f64>,
    pub min_entropy: Option<f64>,
    pub min_ratio: Option<f64>,
    /// Terms to return, 1–1000 (default 50).
    pub limit: Option<usize>,
    pub format: Option<TableFormat>,
}

/// New formulations of a period against a reference (`tifa newterms --json`),
/// or with `format=xlsx` the terms as a workbook (`tifa newterms --xlsx`).
#[utoipa::path(get, path = "/api/v1/newterms", tag = "analysis", params(NewtermsParams),
    responses((status = 200, description = "JSON, or an XLSX workbook of the terms (xlsx)", body = analysis::Newterms), (status = 400, body = ErrorBody)))]
async fn newterms(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<NewtermsParams>,
) -> Result<Response, ApiError> {
    let d = analysis::NewtermsRequest::default();
    let req = analysis::NewtermsRequest {
        period: need_term(&p.period)
            .map_err(|_| ApiError::bad_request("缺少时期 give a period: period=2023"))?,
        vs: p.vs.filter(|v| !v.trim().is_empty()),
        by_work: !p.every_copy,
        min_len: p.min_len.unwrap_or(d.min_len),
        max_len: p.max_len.unwrap_or(d.max_len),
        min_freq: p.min_freq.unwrap_or(d.min_freq),
        min_texts: p.min_texts.unwrap_or(d.min_texts),
        min_pmi: p.min_pmi.unwrap_or(d.min_pmi),
        min_entropy: p.min_entropy.unwrap_or(d.min_entropy),
        min_ratio: p.min_ratio.unwrap_or(d.min_ratio),
        limit: range("limit", p.limit, d.limit, 1, 1000)?,
        keep_fragments: p.keep_fragments,
    };
    let needs = Needs { segmenter: true };
    let v = blocking(move || st.read(needs, |r| Ok(analysis::newterms(r, &req, &|_| {})?))).await?;
    match p.format.unwrap_or_default() {
        TableFormat::Json => Ok(Json(v).into_response()),
        TableFormat::Xlsx => workbook("newterms", v.terms).await,
    }
}

filtered! {
    /// Keywords of the articles chosen by the filter (at least one filter).
    KeywordsParams {
        /// Reference set: a date range, article ids (comma-separated) or a query; default every other article.
        vs: Option<String>,
        method: Option<KeywordMethod>,
        /// Keywords to return, 1–1000 (default 30).
        limit: Option<usize>,
        format: Option<TableFormat>,
    }
}

/// Keywords of target articles against a reference set (`tifa keywords --json`),
/// or with `format=xlsx` the keywords as a workbook (`tifa keywords --xlsx`).
#[utoipa::path(get, path = "/api/v1/keywords", tag = "analysis", params(KeywordsParams),
    responses((status = 200, description = "JSON, or an XLSX workbook of the keywords (xlsx)", body = analysis::Keywords), (status = 400, body = ErrorBody)))]
async fn keywords(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<KeywordsParams>,
) -> Result<Response, ApiError> {
    let req = analysis::KeywordsRequest {
        filter: p.filter(),
        vs: p.vs.filter(|v| !v.trim().is_empty()),
        method: p.method.unwrap_or_default(),
        limit: range("limit", p.limit, 30, 1, 1000)?,
    };
    let needs = Needs { segmenter: true };
    let v = blocking(move || st.read(needs, |r| Ok(analysis::keywords(r, &req)?))).await?;
    match p.format.unwrap_or_default() {
        TableFormat::Json => Ok(Json(v).into_response()),
        TableFormat::Xlsx => workbook("keywords", v.keywords).await,
    }
}

filtered! {
    /// Words near a term.
    CollocatesParams {
        /// The term.
        q: String,
        /// Characters on each side (default 10).
        window: Option<usize>,
        /// Minimum co-occurrences (default 3).
        min: Option<usize>,
        sort: Option<CollocateOrder>,
        /// Collocates to return, 1–1000 (default 30).
        limit: Option<usize>,
    }
}

/// Collocates of a term within a window (`tifa collocates --json`).
#[utoipa::path(get, path = "/api/v1/collocates", tag = "analysis", params(CollocatesParams),
    responses((status = 200, body = Vec<analysis::CollocateRow>), (status = 400, body = ErrorBody)))]
async fn collocates(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<CollocatesParams>,
) -> Result<Json<Vec<analysis::CollocateRow>>, ApiError> {
    let d = analysis::CollocatesRequest::default();
    let req = analysis::CollocatesRequest {
        term: need_term(&p.q)?,
        window: range("window", p.window, d.window, 1, 100)?,
        min: p.min.unwrap_or(d.min),
        sort: p.sort.unwrap_or_default(),
        limit: range("limit", p.limit, d.limit, 1, 1000)?,
        filter: p.filter(),
    };
    let needs = Needs { segmenter: true };
    let v = blocking(move || st.read(needs, |r| Ok(analysis::collocates(r, &req)?))).await?;
    Ok(Json(v))
}

/// Two articles to compare.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct DiffParams {
    /// Article id or unique prefix.
    pub a: String,
    /// Article id or unique prefix.
    pub b: String,
    /// Formulations listed per side (default 30).
    pub limit: Option<usize>,
}

/// Aligned sentences (same, changed with word changes, moved, added, dropped), formulations added and dropped with context, targets side by side (`tifa diff --json`).
#[utoipa::path(get, path = "/api/v1/diff", tag = "analysis", params(DiffParams),
    responses((status = 200, body = analysis::DiffResult), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn diff(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<DiffParams>,
) -> Result<Json<analysis::DiffResult>, ApiError> {
    if p.a.trim().is_empty() || p.b.trim().is_empty() {
        return Err(ApiError::bad_request(
            "需要两篇文章 give two articles: a=ID&b=ID",
        ));
    }
    let req = analysis::DiffRequest {
        a: p.a.trim().to_string(),
        b: p.b.trim().to_string(),
        limit: range("limit", p.limit, 30, 1, 1000)?,
    };
    let needs = Needs { segmenter: true };
    let v = blocking(move || st.read(needs, |r| Ok(analysis::diff(r, &req)?))).await?;
    Ok(Json(v))
}

/// The work to collate.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct CollateParams {
    /// Any witness of the work (article id or unique prefix).
    pub id: String,
    /// The witness to collate against (default: the fullest).
    pub base: Option<String>,
    /// `json` (default), `html` (the base text with the variants marked) or
    /// `tei` (TEI parallel segmentation).
    pub format: Option<String>,
}

/// Every witness of a work aligned: witnesses, apparatus, alignment table
/// (`tifa collate --json`), or the same as an HTML page or a TEI document.
#[utoipa::path(get, path = "/api/v1/collate", tag = "analysis", params(CollateParams),
    responses((status = 200, body = collation::Collation,
        description = "JSON; with format=html a page (text/html), with format=tei a TEI document (application/tei+xml)"),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn collate(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<CollateParams>,
) -> Result<Response, ApiError> {
    if p.id.trim().is_empty() {
        return Err(ApiError::bad_request("需要文章编号 give an article: id=ID"));
    }
    let format = p.format.clone().unwrap_or_else(|| "json".into());
    if !matches!(format.as_str(), "json" | "html" | "tei") {
        return Err(ApiError::bad_request(format!(
            "不支持的格式 unsupported format “{format}” (json, html, tei)"
        )));
    }
    let req = CollateRequest {
        id: p.id.trim().to_string(),
        base: p
            .base
            .map(|b| b.trim().to_string())
            .filter(|b| !b.is_empty()),
    };
    let c = blocking(move || st.library(|lib| Ok(collation::collate(lib, &req)?))).await?;
    let (kind, body) = match format.as_str() {
        "html" => ("text/html; charset=utf-8", c.to_html()),
        "tei" => ("application/tei+xml; charset=utf-8", c.to_tei()),
        _ => return Ok(Json(c).into_response()),
    };
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(kind))],
        body,
    )
        .into_response())
}

filtered! {
    /// Annual targets.
    TargetsParams {
        /// Reports are articles whose title contains this (default 政府工作报告).
        title: Option<String>,
    }
}

/// Main annual targets of the government work reports (`tifa targets --json`).
#[utoipa::path(get, path = "/api/v1/targets", tag = "analysis", params(TargetsParams),
    responses((status = 200, body = Vec<analysis::TargetRow>), (status = 400, body = ErrorBody)))]
async fn targets(
    axum::extract::State(st): axum::extract::State<State>,
    Q(p): Q<TargetsParams>,
) -> Result<Json<Vec<analysis::TargetRow>>, ApiError> {
    let mut req = analysis::TargetsRequest {
        filter: p.filter(),
        ..Default::default()
    };
    if let Some(t) = p.title.filter(|t| !t.trim().is_empty()) {
        req.title = t;
    }
    let v =
        blocking(move || st.read(Needs::default(), |r| Ok(analysis::targets(r, &req)?))).await?;
    Ok(Json(v))
}

// ---------- OpenAPI ----------

#[derive(OpenApi)]
#[openapi(
    info(
        title = "tifa 提法",
        description = "Read, search and analyse Chinese policy texts: the API of `tifa serve`. \
            Results are the values of the CLI's `--json`. Errors are `{\"error\": {\"code\", \"message\"}}`. \
            Off loopback, requests that change the library need `Authorization: Bearer <token>`."
    ),
    paths(status, list, show, edit, remove, add, job, export, count, kwic, search, trend, first, notes,
        newterms, keywords, collocates, diff, collate, targets, check_draft, pack, openapi),
    components(schemas(ErrorBody, PackBody, KwicFormat, TableFormat, NotesFormat, UploadForm, KwicSort, By, KeywordMethod, CollocateOrder)),
    modifiers(&Bearer),
    tags(
        (name = "library", description = "Articles: list, read, correct, remove, add files, export"),
        (name = "query", description = "Exact counts, keyword in context, ranked search"),
        (name = "analysis", description = "Trend, first appearance, new formulations, keywords, collocates, diff, collation, targets, quotation check"),
    )
)]
struct ApiDoc;

/// The bearer-token security scheme.
struct Bearer;

impl utoipa::Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let c = openapi.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn openapi_json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// This document (OpenAPI 3).
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "library",
    responses((status = 200, description = "The OpenAPI 3 document", content_type = "application/json")))]
async fn openapi() -> Response {
    let mut r = openapi_json().into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_keep_only_the_base_name() {
        assert_eq!(base_name("../../etc/passwd.txt").unwrap(), "passwd.txt");
        assert_eq!(base_name("dir/sub/报告.docx").unwrap(), "报告.docx");
        assert_eq!(base_name("C:\\Users\\x\\a.pdf").unwrap(), "a.pdf");
        assert_eq!(base_name("/abs/b.md").unwrap(), "b.md");
        for bad in [
            "",
            "..",
            ".",
            "dir/",
            "a/..",
            "x\u{0}y.txt",
            "bad\nname.txt",
        ] {
            assert!(base_name(bad).is_err(), "{bad:?} refused");
        }
    }

    #[test]
    fn token_comparison() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
        assert!(!same(b"", b"a"));
    }

    #[test]
    fn the_openapi_document_parses() {
        let v: serde_json::Value = serde_json::from_str(&openapi_json()).unwrap();
        assert!(v["paths"]["/api/v1/kwic"]["get"].is_object());
        let schemas = &v["components"]["schemas"];
        for format in ["KwicFormat", "TableFormat"] {
            assert!(
                schemas[format].to_string().contains("\"xlsx\""),
                "{format} offers xlsx: {}",
                schemas[format]
            );
        }
    }
}
