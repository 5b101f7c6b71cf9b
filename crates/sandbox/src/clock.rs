//! The time a sandbox goes by: its rate-limit windows and injected latency read one [`Clock`],
//! so tests can move a [`ManualClock`] instead of waiting.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// A wait on a [`Clock`], ready once the clock has moved far enough.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Where a sandbox reads the time and how it waits.
pub trait Clock: fmt::Debug + Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Instant;

    /// Waits until the clock has moved `duration` past now (injected latency).
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// The real time, through tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A clock for tests that moves only when the test calls [`ManualClock::advance`]. It notes
/// every sleep asked of it, so a test can see that a request is waiting and for how long.
/// Clones share one time.
#[derive(Debug, Clone)]
pub struct ManualClock {
    start: Instant,
    elapsed: Arc<watch::Sender<Duration>>,
    sleeps: Arc<SleepLog>,
}

/// The sleeps asked of a [`ManualClock`], in order.
#[derive(Debug, Default)]
struct SleepLog {
    asked: Mutex<Vec<Duration>>,
    count: watch::Sender<usize>,
}

impl Default for ManualClock {
    fn default() -> Self {
        Self::new()
    }
}

impl ManualClock {
    /// A clock standing at the current real instant.
    pub fn new() -> Self {
        Self {
            start: Instant::now(),
            elapsed: Arc::new(watch::Sender::new(Duration::ZERO)),
            sleeps: Arc::default(),
        }
    }

    /// How far the clock has been moved since it was created.
    pub fn elapsed(&self) -> Duration {
        *self.elapsed.borrow()
    }

    /// Moves the clock forward by `duration`, ending the sleeps it reaches.
    pub fn advance(&self, duration: Duration) {
        self.elapsed.send_modify(|elapsed| *elapsed += duration);
    }

    /// Every sleep asked of the clock so far, in order (ended or not).
    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps
            .asked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Waits until at least `count` sleeps have been asked of the clock.
    pub async fn sleeps_asked(&self, count: usize) {
        let mut asked = self.sleeps.count.subscribe();
        // The sender lives as long as this clock, so the wait cannot fail.
        let _ = asked.wait_for(|asked| *asked >= count).await;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        self.start + self.elapsed()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        let wake = self.elapsed() + duration;
        let mut elapsed = self.elapsed.subscribe();
        self.sleeps
            .asked
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(duration);
        self.sleeps.count.send_modify(|count| *count += 1);
        Box::pin(async move {
            // An error means the clock is gone and can never get there.
            if elapsed.wait_for(|elapsed| *elapsed >= wake).await.is_err() {
                std::future::pending::<()>().await;
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Poll;

    async fn is_over(sleep: &mut Sleep) -> bool {
        std::future::poll_fn(|cx| Poll::Ready(sleep.as_mut().poll(cx).is_ready())).await
    }

    #[tokio::test]
    async fn a_sleep_ends_when_the_clock_is_moved_past_it() {
        let clock = ManualClock::new();
        let t0 = clock.now();
        let mut sleep = clock.sleep(Duration::from_millis(150));
        clock.sleeps_asked(1).await;
        assert_eq!(clock.sleeps(), [Duration::from_millis(150)]);
        assert!(!is_over(&mut sleep).await);
        clock.advance(Duration::from_millis(149));
        assert!(!is_over(&mut sleep).await, "1 ms short");
        clock.clone().advance(Duration::from_millis(1));
        assert!(is_over(&mut sleep).await, "clones share the time");
        assert_eq!(clock.now(), t0 + Duration::from_millis(150));
    }
}
