//! Quota-aware pacing, one pacer per store shared by every client and task of that store.
//!
//! Every answer's `X-Rate-Limit-*` headers update an estimate of the requests left in the
//! current window and when it resets; every request sent takes one from the estimate (so
//! concurrent tasks account for each other's in-flight requests). Before sending, a task waits
//! for the window to reset when the estimate is at or below the *reserve*, the requests left
//! for the store's other apps. A steady quota therefore yields no 429; a 429 blocks every task of
//! the store until the time it names.

use crate::clock::{Clock, SystemClock};
use crate::rate_headers::RateLimitHeaders;
use crate::stats::StatsCounters;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};
use std::time::{Duration, Instant};

/// Waits for a window reset end this long after the estimated reset, so the store has surely
/// refreshed the quota (the estimate can only be late by the answer's latency, never early, but
/// the store may round its figures).
pub(crate) const RESET_MARGIN: Duration = Duration::from_millis(20);

/// The reserve used before the store's quota is known (the default is 10% of the quota).
pub(crate) const RESERVE_WHEN_QUOTA_UNKNOWN: u32 = 5;

/// Why a task pauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WaitReason {
    /// The requests left are at or below the reserve: wait for the window to reset.
    QuotaReserve,
    /// The store answered 429: wait the time it named.
    RateLimited,
    /// A failure, or a 429 without headers (platform overload): capped exponential backoff.
    Backoff,
}

impl WaitReason {
    /// A short description for logs.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            WaitReason::QuotaReserve => "the store's request quota is down to the reserve",
            WaitReason::RateLimited => "the store answered 429 Too Many Requests",
            WaitReason::Backoff => "backing off after a failure",
        }
    }
}

/// Why a request cannot be sent now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hold {
    /// Wait until this instant, then ask again.
    Wait(Instant, WaitReason),
    /// The configured reserve is at or above the store's quota: no request could ever go out
    /// without eating into it, so waiting would never end.
    ReserveNotBelowQuota {
        /// The configured reserve.
        reserve: u32,
        /// The store's quota per window.
        quota: u32,
    },
}

/// The reserve in force: the configured one, else 10% of the quota (rounded up, kept below the
/// quota so at least one request per window goes through), else
/// [`RESERVE_WHEN_QUOTA_UNKNOWN`]. A configured reserve at or above a known quota is an error,
/// not a reserve: it would leave nothing to send.
pub(crate) fn effective_reserve(configured: Option<u32>, quota: Option<u32>) -> Result<u32, Hold> {
    match (configured, quota) {
        (Some(reserve), Some(quota)) if quota > 0 && reserve >= quota => {
            Err(Hold::ReserveNotBelowQuota { reserve, quota })
        }
        (Some(reserve), _) => Ok(reserve),
        (None, Some(quota)) if quota > 0 => Ok(quota.div_ceil(10).min(quota - 1)),
        (None, Some(_)) => Ok(0),
        (None, None) => Ok(RESERVE_WHEN_QUOTA_UNKNOWN),
    }
}

/// What the pacer knows about one store's quota window.
#[derive(Debug, Default)]
pub(crate) struct QuotaState {
    /// Estimated requests left in the window (answers' figure minus requests sent since).
    left: Option<u32>,
    /// Requests per window.
    quota: Option<u32>,
    /// When the current window resets.
    resets_at: Option<Instant>,
    /// The window length.
    window: Option<Duration>,
    /// Set by a 429: nobody sends before this.
    blocked_until: Option<Instant>,
    /// Requests sent and not yet answered.
    in_flight: u32,
}

impl QuotaState {
    /// Takes one request from the estimate, or says until when to wait (or that waiting would
    /// never end).
    pub(crate) fn admit(&mut self, now: Instant, reserve: Option<u32>) -> Result<(), Hold> {
        let reserve = effective_reserve(reserve, self.quota)?;
        if let Some(until) = self.blocked_until {
            if now < until {
                return Err(Hold::Wait(until, WaitReason::RateLimited));
            }
            self.blocked_until = None;
        }
        self.roll_window(now);
        if let (Some(left), Some(resets_at)) = (self.left, self.resets_at)
            && left <= reserve
        {
            return Err(Hold::Wait(
                resets_at + RESET_MARGIN,
                WaitReason::QuotaReserve,
            ));
        }
        self.left = self.left.map(|left| left.saturating_sub(1));
        self.in_flight += 1;
        Ok(())
    }

    /// Once the reset time has passed, the window starts full again.
    fn roll_window(&mut self, now: Instant) {
        let Some(resets_at) = self.resets_at else {
            return;
        };
        if now < resets_at {
            return;
        }
        self.left = self.quota;
        self.resets_at = self
            .window
            .map(|window| resets_at + window)
            .filter(|next| *next > now);
    }

    /// Notes that a request sent earlier was answered (or failed) and reads its headers.
    pub(crate) fn observe(&mut self, now: Instant, headers: Option<&RateLimitHeaders>) {
        self.in_flight = self.in_flight.saturating_sub(1);
        let Some(headers) = headers else {
            return;
        };
        if let Some(quota) = headers.requests_quota {
            self.quota = Some(quota);
        }
        if let Some(window) = headers.window.filter(|w| !w.is_zero()) {
            self.window = Some(window);
        }
        let Some(left) = headers.requests_left else {
            return;
        };
        // Requests still in flight may not be counted in this figure yet: assume they are not.
        let fresh_left = left.saturating_sub(self.in_flight);
        let fresh_reset = headers.reset_in.map(|reset| now + reset);
        // Answers overtake each other; one whose reset is within half a window of the known one
        // belongs to the same window, and the lowest figure of a window is the truest.
        let tolerance = self.window.map_or(Duration::from_secs(1), |w| w / 2);
        let same_window = match (self.resets_at, fresh_reset) {
            (Some(known), Some(fresh)) => now < known && fresh <= known + tolerance,
            (Some(known), None) => now < known,
            (None, _) => false,
        };
        if same_window {
            self.left = Some(self.left.map_or(fresh_left, |known| known.min(fresh_left)));
            self.resets_at = self.resets_at.max(fresh_reset);
        } else {
            self.left = Some(fresh_left);
            self.resets_at = fresh_reset;
        }
    }

    /// A 429: nobody sends before `until`, when the window is taken to start afresh.
    pub(crate) fn block_until(&mut self, until: Instant) {
        let until = self.blocked_until.map_or(until, |known| known.max(until));
        self.blocked_until = Some(until);
        self.left = Some(0);
        self.resets_at = Some(until);
    }
}

/// The pacer and counters of one store, shared by every client of that store in the process
/// that goes by the same clock.
#[derive(Debug)]
pub(crate) struct Pacer {
    state: Mutex<QuotaState>,
    /// The time the pacer's instants are read from.
    pub(crate) clock: Arc<dyn Clock>,
    /// The store's counters.
    pub(crate) stats: StatsCounters,
}

/// Which pacer a client gets: its store's API root, and the address of the clock it was given
/// (`None` for the system clock). Instants of different clocks cannot be compared.
type PacerKey = (String, Option<usize>);

impl Pacer {
    fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            state: Mutex::new(QuotaState::default()),
            clock,
            stats: StatsCounters::default(),
        }
    }

    /// The pacer of the store at `api_root` on `clock` (`None`: the system clock), created on
    /// first use and shared while any client of that store and clock is alive.
    pub(crate) fn shared(api_root: &str, clock: Option<Arc<dyn Clock>>) -> Arc<Pacer> {
        static REGISTRY: OnceLock<Mutex<HashMap<PacerKey, Weak<Pacer>>>> = OnceLock::new();
        let registry = REGISTRY.get_or_init(|| Mutex::new(HashMap::new()));
        let mut registry = registry
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        registry.retain(|_, pacer| pacer.strong_count() > 0);
        // A live pacer holds its clock, so the address cannot be reused while the entry lives.
        let key = (
            api_root.to_owned(),
            clock
                .as_ref()
                .map(|clock| Arc::as_ptr(clock).cast::<()>() as usize),
        );
        if let Some(pacer) = registry.get(&key).and_then(Weak::upgrade) {
            return pacer;
        }
        let clock = clock.unwrap_or_else(|| Arc::new(SystemClock));
        let pacer = Arc::new(Pacer::new(clock));
        registry.insert(key, Arc::downgrade(&pacer));
        pacer
    }

    fn state(&self) -> MutexGuard<'_, QuotaState> {
        // The state is plain numbers; a panic elsewhere cannot leave it inconsistent.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes one request from the quota, or says until when to wait.
    pub(crate) fn try_send(self: &Arc<Self>, reserve: Option<u32>) -> Result<InFlight, Hold> {
        self.state().admit(self.clock.now(), reserve)?;
        Ok(InFlight {
            pacer: Arc::clone(self),
            done: false,
        })
    }

    /// Blocks every task of the store until `until` (after a 429).
    pub(crate) fn block_until(&self, until: Instant) {
        self.state().block_until(until);
    }
}

/// One request sent under the quota; finishing it feeds the answer's headers to the pacer.
#[derive(Debug)]
pub(crate) struct InFlight {
    pacer: Arc<Pacer>,
    done: bool,
}

impl InFlight {
    /// The request was answered (`Some` headers) or failed without an answer (`None`).
    pub(crate) fn finish(mut self, headers: Option<&RateLimitHeaders>) {
        self.done = true;
        self.pacer.state().observe(self.pacer.clock.now(), headers);
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if !self.done {
            self.pacer.state().observe(self.pacer.clock.now(), None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(left: u32, quota: u32, reset_ms: u64, window_ms: u64) -> RateLimitHeaders {
        RateLimitHeaders {
            requests_left: Some(left),
            requests_quota: Some(quota),
            reset_in: Some(Duration::from_millis(reset_ms)),
            window: Some(Duration::from_millis(window_ms)),
            retry_after: None,
        }
    }

    #[test]
    fn default_reserve_is_a_tenth_of_the_quota_and_below_it() {
        assert_eq!(effective_reserve(None, None), Ok(5));
        assert_eq!(effective_reserve(None, Some(150)), Ok(15));
        assert_eq!(effective_reserve(None, Some(450)), Ok(45));
        assert_eq!(effective_reserve(None, Some(10)), Ok(1));
        assert_eq!(effective_reserve(None, Some(1)), Ok(0));
        assert_eq!(effective_reserve(Some(20), Some(150)), Ok(20));
        assert_eq!(effective_reserve(Some(149), Some(150)), Ok(149));
        assert_eq!(effective_reserve(Some(0), None), Ok(0));
        assert_eq!(
            effective_reserve(Some(500), None),
            Ok(500),
            "quota not known yet"
        );
    }

    #[test]
    fn a_configured_reserve_at_or_above_the_quota_is_refused() {
        assert_eq!(
            effective_reserve(Some(20), Some(4)),
            Err(Hold::ReserveNotBelowQuota {
                reserve: 20,
                quota: 4
            })
        );
        assert_eq!(
            effective_reserve(Some(150), Some(150)),
            Err(Hold::ReserveNotBelowQuota {
                reserve: 150,
                quota: 150
            })
        );
        let t0 = Instant::now();
        let mut state = QuotaState::default();
        state
            .admit(t0, Some(10))
            .expect("the quota is not known yet");
        state.observe(t0, Some(&answer(9, 10, 1000, 1000)));
        assert_eq!(
            state.admit(t0, Some(10)),
            Err(Hold::ReserveNotBelowQuota {
                reserve: 10,
                quota: 10
            })
        );
    }

    #[test]
    fn sends_freely_until_the_reserve_then_waits_for_the_reset() {
        let t0 = Instant::now();
        let mut state = QuotaState::default();
        state.admit(t0, Some(2)).expect("nothing known yet");
        state.observe(t0, Some(&answer(4, 10, 1000, 1000)));
        // 4 left, reserve 2: two more go out, the third waits.
        state.admit(t0, Some(2)).expect("4 > 2");
        state.admit(t0, Some(2)).expect("3 > 2");
        let hold = state.admit(t0, Some(2)).expect_err("2 <= 2");
        let until = t0 + Duration::from_millis(1000) + RESET_MARGIN;
        assert_eq!(hold, Hold::Wait(until, WaitReason::QuotaReserve));
        // After the reset the window is full again.
        let later = until;
        state.admit(later, Some(2)).expect("window reset");
        assert_eq!(state.left, Some(9));
        assert_eq!(state.resets_at, Some(t0 + Duration::from_millis(2000)));
    }

    #[test]
    fn in_flight_requests_are_subtracted_from_an_answer() {
        let t0 = Instant::now();
        let mut state = QuotaState::default();
        for _ in 0..3 {
            state.admit(t0, Some(0)).expect("unknown quota");
        }
        // The first answer says 7 left; two others are still in flight.
        state.observe(t0, Some(&answer(7, 10, 500, 1000)));
        assert_eq!(state.left, Some(5));
    }

    #[test]
    fn a_stale_answer_of_the_same_window_cannot_raise_the_estimate() {
        let t0 = Instant::now();
        let mut state = QuotaState::default();
        state.admit(t0, Some(0)).expect("go");
        state.observe(t0, Some(&answer(3, 10, 500, 1000)));
        state.admit(t0, Some(0)).expect("go");
        // Overtaken answer: more left, reset a bit later (it travelled longer).
        state.observe(
            t0 + Duration::from_millis(5),
            Some(&answer(6, 10, 499, 1000)),
        );
        assert_eq!(state.left, Some(2));
        // An answer of the next window replaces the estimate.
        let t1 = t0 + Duration::from_millis(600);
        state.admit(t1, Some(0)).expect("go");
        state.observe(t1, Some(&answer(8, 10, 900, 1000)));
        assert_eq!(state.left, Some(8));
        assert!(state.resets_at >= Some(t1 + Duration::from_millis(900)));
    }

    #[test]
    fn a_429_blocks_everyone_until_the_named_time() {
        let t0 = Instant::now();
        let mut state = QuotaState::default();
        state.observe(t0, Some(&answer(0, 10, 300, 1000)));
        let until = t0 + Duration::from_millis(300);
        state.block_until(until);
        let hold = state.admit(t0, Some(0)).expect_err("blocked");
        assert_eq!(hold, Hold::Wait(until, WaitReason::RateLimited));
        state.admit(until, Some(0)).expect("free again");
        assert_eq!(state.left, Some(9));
    }

    #[test]
    fn clients_of_one_store_share_a_pacer() {
        let a = Pacer::shared("http://127.0.0.1:1/stores/a/v3", None);
        let b = Pacer::shared("http://127.0.0.1:1/stores/a/v3", None);
        let c = Pacer::shared("http://127.0.0.1:1/stores/c/v3", None);
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        let virtual_time: Arc<dyn Clock> = Arc::new(crate::VirtualClock::new());
        let v1 = Pacer::shared(
            "http://127.0.0.1:1/stores/a/v3",
            Some(Arc::clone(&virtual_time)),
        );
        let v2 = Pacer::shared("http://127.0.0.1:1/stores/a/v3", Some(virtual_time));
        assert!(Arc::ptr_eq(&v1, &v2), "one clock, one pacer");
        assert!(
            !Arc::ptr_eq(&a, &v1),
            "instants of two clocks are never mixed"
        );
        a.stats.request();
        assert_eq!(b.stats.snapshot().requests, 1);
        let in_flight = a.try_send(None).expect("go");
        assert_eq!(b.state().in_flight, 1);
        drop(in_flight);
        assert_eq!(b.state().in_flight, 0);
    }
}
