//! The HTTP server: routes for every API family behind one gate (request log, fault injection,
//! authentication, rate limiting), admin routes beside them, and in-process spawning.

use crate::faults::FaultAction;
use crate::state::Sandbox;
use crate::{SandboxConfig, SandboxError};
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// The store a BigCommerce-path request was authenticated for; handlers take it with
/// `Extension<StoreCtx>`.
#[derive(Debug, Clone)]
pub(crate) struct StoreCtx {
    /// The store hash from the path, already checked against the token.
    pub(crate) store_hash: String,
}

/// The largest request body accepted; larger ones get 413 (`[SC]`: 413 = payload too large).
pub const MAX_BODY_BYTES: usize = pageport_model::limits::DEFAULT_REQUEST_BODY_MAX_BYTES;

/// Builds the full router: BigCommerce paths behind the gate, admin paths beside them.
pub fn router(sandbox: Sandbox) -> Router {
    let api = Router::new()
        .merge(crate::routes::pages::routes())
        .merge(crate::routes::page_widgets::routes())
        .merge(crate::routes::widget_templates::routes())
        .merge(crate::routes::channels::routes())
        .merge(crate::routes::catalog::routes())
        .fallback(crate::routes::unserved)
        .method_not_allowed_fallback(crate::routes::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(sandbox.clone(), gate));
    Router::new()
        .nest(crate::ADMIN_PREFIX, crate::admin::routes())
        .merge(api)
        .with_state(sandbox)
}

/// The gate every BigCommerce-path request passes: the request log around faults, auth, the
/// quota and the handler.
async fn gate(State(sandbox): State<Sandbox>, request: Request, next: Next) -> Response {
    let clock = std::sync::Arc::clone(&sandbox.config().clock);
    let pending = crate::request_log::Pending::start(&request, clock.now());
    let (response, outcome) = gated(&sandbox, request, next).await;
    let arrived = pending.arrived();
    let entry = pending.finish(&response, outcome, clock.now());
    sandbox.world().log.record(entry, arrived);
    response
}

/// Faults, authentication, the quota and the body size, then the handler. Returns the response
/// and how the request ended (a dropped connection is a response with a broken body).
///
/// Only requests that a store's token opens take quota and carry the rate-limit headers:
/// 401/403 answers and injected 5xx/drops carry none (injected 429s carry their own).
async fn gated(sandbox: &Sandbox, mut request: Request, next: Next) -> (Response, Outcome) {
    // ASSUMPTION (CONTRACT §4): the quota belongs to the store a token opens, so requests no
    // token opens (401/403) take none, and their headers show a fresh window rather than any
    // store's use of it; faults stand in front of the API.
    let fault = crate::faults::decide(sandbox, &request);
    if let Some(delay) = fault.latency {
        sandbox.config().clock.sleep(delay).await;
    }
    let drop_after_apply = match fault.action {
        FaultAction::None => false,
        FaultAction::DropAfterApply => true,
        FaultAction::Respond(response) => return (response, Outcome::Faulted),
        FaultAction::Drop => {
            let dropped = crate::faults::dropped_connection(StatusCode::SERVICE_UNAVAILABLE);
            return (dropped, Outcome::Dropped);
        }
    };
    let store = match crate::auth::authenticate(sandbox, &request) {
        Ok(store) => store,
        Err(mut denied) => {
            // Every response carries the headers; a refusal's reveal no store's use of its
            // quota and take nothing from it.
            crate::rate_limit::refusal_headers(sandbox).apply_headers(denied.headers_mut());
            return (denied, Outcome::Answered);
        }
    };
    let quota = match crate::rate_limit::admit(sandbox, &store.store_hash) {
        Ok(quota) => quota,
        Err(limited) => return (limited, Outcome::Answered),
    };
    let mut response = if declared_length(&request).is_some_and(|len| len > MAX_BODY_BYTES) {
        discard_body(request.into_body()).await;
        crate::error::pages_detailed(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Payload Too Large",
            format!("the request body exceeds the sandbox's limit of {MAX_BODY_BYTES} bytes"),
        )
    } else {
        request.extensions_mut().insert(store);
        next.run(request).await
    };
    quota.apply_headers(response.headers_mut());
    if drop_after_apply {
        let dropped = crate::faults::dropped_connection(response.status());
        return (dropped, Outcome::DroppedAfterApply);
    }
    (response, Outcome::Answered)
}

/// Bodies up to this size are read and discarded before a 413, so the client, still sending,
/// reads the answer instead of a broken pipe; larger ones are cut off.
const DISCARD_MAX_BYTES: usize = 8 * MAX_BODY_BYTES;

/// Reads and drops a request body (up to [`DISCARD_MAX_BYTES`]).
async fn discard_body(body: axum::body::Body) {
    use http_body::Body as _;
    let mut body = std::pin::pin!(body);
    let mut seen = 0usize;
    while let Some(Ok(frame)) = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
        seen += frame.data_ref().map_or(0, |data| data.len());
        if seen > DISCARD_MAX_BYTES {
            break;
        }
    }
}

/// The `Content-Length` a request declares, if any.
fn declared_length(request: &Request) -> Option<usize> {
    request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

/// How a request ended, as the request log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The handler (or auth / quota) answered.
    Answered,
    /// An injected fault answered (429 burst or 5xx).
    Faulted,
    /// The connection was dropped before the request was applied.
    Dropped,
    /// The request was applied, then the connection was dropped before the answer.
    DroppedAfterApply,
}

/// Serves the sandbox on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    sandbox: Sandbox,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(sandbox))
        .with_graceful_shutdown(shutdown)
        .await
}

/// A sandbox serving on a loopback port from its own thread and runtime, so both async and
/// plain `#[test]`s (which spawn the pageport binary) can use it. Dropping it shuts it down.
pub struct RunningSandbox {
    sandbox: Sandbox,
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningSandbox {
    /// Starts a sandbox on `127.0.0.1:0` (an ephemeral port).
    pub fn start(config: SandboxConfig) -> Result<Self, SandboxError> {
        Self::start_on("127.0.0.1:0", config)
    }

    /// Starts a sandbox on the given address.
    pub fn start_on(addr: &str, config: SandboxConfig) -> Result<Self, SandboxError> {
        let sandbox = Sandbox::new(config)?;
        let std_listener =
            std::net::TcpListener::bind(addr).map_err(|source| SandboxError::Bind {
                addr: addr.to_owned(),
                source,
            })?;
        let bind_error = |source| SandboxError::Bind {
            addr: addr.to_owned(),
            source,
        };
        std_listener.set_nonblocking(true).map_err(bind_error)?;
        let local = std_listener.local_addr().map_err(bind_error)?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let served = sandbox.clone();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(bind_error)?;
        let thread = std::thread::Builder::new()
            .name("pageport-sandbox".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match TcpListener::from_std(std_listener) {
                        Ok(listener) => listener,
                        Err(error) => {
                            tracing::error!(%error, "sandbox listener unusable");
                            return;
                        }
                    };
                    let shutdown = async {
                        let _ = rx.await;
                    };
                    if let Err(error) = serve(listener, served, shutdown).await {
                        tracing::error!(%error, "sandbox server stopped");
                    }
                });
            })
            .map_err(bind_error)?;
        Ok(Self {
            sandbox,
            addr: local,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// The server's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The shared state, for inspecting stores and the request log in tests.
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// Stops the server and waits for it.
    pub fn stop(mut self) {
        self.shutdown_now();
    }

    fn shutdown_now(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        self.shutdown_now();
    }
}
