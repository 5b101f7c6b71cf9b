//! The request log: every BigCommerce-path request with its method, path, status and time, so
//! tests can prove what a command did (e.g. that `plan` sent only GETs).

use crate::server::Outcome;
use axum::extract::Request;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::time::Instant;

/// One logged request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoggedRequest {
    /// Arrival order, from 1.
    pub seq: u64,
    /// The HTTP method.
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    /// The raw query string (empty when none).
    pub query: String,
    /// The status sent. For a dropped connection nothing was sent: the handler's status after
    /// a drop-after-apply, 503 for a plain drop.
    pub status: u16,
    /// How the request ended.
    pub outcome: Outcome,
    /// Milliseconds from the sandbox's start to the request's arrival, on the sandbox's clock.
    pub at_ms: u64,
    /// Milliseconds spent answering, on the sandbox's clock.
    pub elapsed_ms: u64,
}

impl LoggedRequest {
    /// True for methods that change state (everything but GET, HEAD and OPTIONS).
    pub fn is_write(&self) -> bool {
        !matches!(self.method.as_str(), "GET" | "HEAD" | "OPTIONS")
    }
}

/// The log itself.
#[derive(Debug)]
pub(crate) struct RequestLog {
    /// When the log started, on the sandbox's clock.
    started: Instant,
    entries: Vec<LoggedRequest>,
}

impl RequestLog {
    /// An empty log whose times count from `started` (an instant of the sandbox's clock).
    pub(crate) fn new(started: Instant) -> Self {
        Self {
            started,
            entries: Vec::new(),
        }
    }

    /// Appends an entry, numbering it and stamping its arrival time.
    pub(crate) fn record(&mut self, mut entry: LoggedRequest, arrived: Instant) {
        entry.seq = self.entries.len() as u64 + 1;
        entry.at_ms = arrived.saturating_duration_since(self.started).as_millis() as u64;
        self.entries.push(entry);
    }

    /// Every entry in arrival order.
    pub(crate) fn entries(&self) -> &[LoggedRequest] {
        &self.entries
    }

    /// Forgets every entry.
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}

/// A request being answered: what the log needs from it before it is consumed.
pub(crate) struct Pending {
    method: String,
    path: String,
    query: String,
    arrived: Instant,
}

impl Pending {
    /// Notes the request's method, path and arrival (`now`, on the sandbox's clock).
    pub(crate) fn start(request: &Request, now: Instant) -> Self {
        Self {
            method: request.method().to_string(),
            path: request.uri().path().to_owned(),
            query: request.uri().query().unwrap_or_default().to_owned(),
            arrived: now,
        }
    }

    /// When the request arrived, on the sandbox's clock.
    pub(crate) fn arrived(&self) -> Instant {
        self.arrived
    }

    /// The log entry for the request finished at `now` (numbered and stamped by
    /// [`RequestLog::record`]).
    pub(crate) fn finish(
        self,
        response: &Response,
        outcome: Outcome,
        now: Instant,
    ) -> LoggedRequest {
        LoggedRequest {
            seq: 0,
            method: self.method,
            path: self.path,
            query: self.query,
            status: response.status().as_u16(),
            outcome,
            at_ms: 0,
            elapsed_ms: now.saturating_duration_since(self.arrived).as_millis() as u64,
        }
    }
}
