//! The time a client goes by: pacing, backoff, the total deadline and the request timeout are
//! all read from one [`Clock`], so tests can run them on a [`VirtualClock`] instead of waiting.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// A wait on a [`Clock`], ready once the clock has moved far enough.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Where a client reads the time and how it waits.
pub trait Clock: fmt::Debug + Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Instant;

    /// Waits `duration`: a pause the client chose (backoff, quota waits).
    fn sleep(&self, duration: Duration) -> Sleep;

    /// Becomes ready once the clock reads `deadline` or later, without moving the clock itself:
    /// a bound on something else (the request timeout).
    fn deadline(&self, deadline: Instant) -> Sleep;
}

/// The real time, through tokio's timer (so `tokio::time::pause` applies to it too).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }

    fn deadline(&self, deadline: Instant) -> Sleep {
        Box::pin(tokio::time::sleep_until(tokio::time::Instant::from_std(
            deadline,
        )))
    }
}

/// A clock for tests: it stands still until something sleeps on it or the test advances it.
///
/// A [`Clock::sleep`] moves it at once to the end of the sleep and returns; a
/// [`Clock::deadline`] waits until a sleep or [`VirtualClock::advance`] moves it there. Clones
/// share one time.
#[derive(Debug, Clone)]
pub struct VirtualClock {
    start: Instant,
    elapsed: Arc<watch::Sender<Duration>>,
}

impl Default for VirtualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl VirtualClock {
    /// A clock standing at the current real instant.
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
            elapsed: Arc::new(watch::Sender::new(Duration::ZERO)),
        }
    }

    /// How far the clock has moved since it was created.
    pub fn elapsed(&self) -> Duration {
        *self.elapsed.borrow()
    }

    /// Moves the clock forward by `duration`, waking the deadlines it reaches.
    pub fn advance(&self, duration: Duration) {
        self.elapsed.send_modify(|elapsed| *elapsed += duration);
    }

    /// Moves the clock to `instant`, if that is later than now.
    fn advance_to(&self, instant: Instant) {
        let target = instant.saturating_duration_since(self.start);
        self.elapsed.send_if_modified(|elapsed| {
            let later = target > *elapsed;
            if later {
                *elapsed = target;
            }
            later
        });
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> Instant {
        self.start + self.elapsed()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        self.advance_to(self.now() + duration);
        // Still a suspension point, as a real sleep is: other tasks get to run.
        Box::pin(tokio::task::yield_now())
    }

    fn deadline(&self, deadline: Instant) -> Sleep {
        let start = self.start;
        let mut elapsed = self.elapsed.subscribe();
        Box::pin(async move {
            // An error means the clock is gone and can never get there.
            if elapsed
                .wait_for(|elapsed| start + *elapsed >= deadline)
                .await
                .is_err()
            {
                std::future::pending::<()>().await;
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Poll;

    /// Polls a wait once: whether it is over.
    async fn is_over(sleep: &mut Sleep) -> bool {
        std::future::poll_fn(|cx| Poll::Ready(sleep.as_mut().poll(cx).is_ready())).await
    }

    #[tokio::test]
    async fn a_virtual_sleep_moves_the_clock_and_a_deadline_waits_for_it() {
        let clock = VirtualClock::new();
        let t0 = clock.now();
        let mut deadline = clock.deadline(t0 + Duration::from_millis(300));
        assert!(!is_over(&mut deadline).await, "the clock stands still");
        clock.sleep(Duration::from_millis(200)).await;
        assert_eq!(clock.now(), t0 + Duration::from_millis(200));
        assert!(!is_over(&mut deadline).await, "200 ms is short of it");
        clock.clone().advance(Duration::from_millis(100));
        assert!(is_over(&mut deadline).await, "clones share the time");
        assert_eq!(clock.elapsed(), Duration::from_millis(300));
        assert!(
            is_over(&mut clock.deadline(t0)).await,
            "a past deadline is over"
        );
    }
}
