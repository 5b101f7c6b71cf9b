//! Counters of what the client did for one store, shared by every client of that store.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A snapshot of the counters of one store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientStats {
    /// HTTP requests sent (every attempt counts).
    pub requests: u64,
    /// Requests sent again after a failure or a 429.
    pub retries: u64,
    /// 429 answers received.
    pub rate_limited: u64,
    /// Pauses taken: for the quota to refresh, after a 429, or backing off after a failure.
    pub waits: u64,
    /// Total time spent in those pauses.
    pub waited: Duration,
}

/// The live counters behind [`ClientStats`].
#[derive(Debug, Default)]
pub(crate) struct StatsCounters {
    requests: AtomicU64,
    retries: AtomicU64,
    rate_limited: AtomicU64,
    waits: AtomicU64,
    waited_micros: AtomicU64,
    /// The method and path (no query) of the request sent last, for progress displays.
    last_call: Mutex<Option<String>>,
}

impl StatsCounters {
    /// Counts one request sent.
    pub(crate) fn request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    /// Remembers the request being sent (`GET /content/pages`), for [`Self::last_call`].
    pub(crate) fn calling(&self, method: &str, path: &str) {
        let mut last = self.last_call.lock().unwrap_or_else(|p| p.into_inner());
        *last = Some(format!("{method} {path}"));
    }

    /// The method and path of the request sent last, if any.
    pub(crate) fn last_call(&self) -> Option<String> {
        self.last_call
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Counts one retry.
    pub(crate) fn retry(&self) {
        self.retries.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one 429.
    pub(crate) fn rate_limited(&self) {
        self.rate_limited.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one pause of the given length.
    pub(crate) fn waited(&self, pause: Duration) {
        self.waits.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(pause.as_micros()).unwrap_or(u64::MAX);
        self.waited_micros.fetch_add(micros, Ordering::Relaxed);
    }

    /// A snapshot.
    pub(crate) fn snapshot(&self) -> ClientStats {
        ClientStats {
            requests: self.requests.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            rate_limited: self.rate_limited.load(Ordering::Relaxed),
            waits: self.waits.load(Ordering::Relaxed),
            waited: Duration::from_micros(self.waited_micros.load(Ordering::Relaxed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_the_last_call() {
        let counters = StatsCounters::default();
        assert_eq!(counters.last_call(), None);
        counters.calling("GET", "/content/pages");
        counters.calling("POST", "/content/page-widgets");
        assert_eq!(
            counters.last_call().as_deref(),
            Some("POST /content/page-widgets")
        );
    }

    #[test]
    fn counters_add_up() {
        let counters = StatsCounters::default();
        counters.request();
        counters.request();
        counters.retry();
        counters.rate_limited();
        counters.waited(Duration::from_millis(250));
        counters.waited(Duration::from_millis(750));
        assert_eq!(
            counters.snapshot(),
            ClientStats {
                requests: 2,
                retries: 1,
                rate_limited: 1,
                waits: 2,
                waited: Duration::from_secs(1),
            }
        );
    }
}
