//! Showing a long read (extracting, planning, verifying) as it goes, on standard error: a
//! spinner naming what is being read on a terminal, and in a CI log one line every few seconds
//! once the read has taken that long, so a slow or quota-limited store never looks like a hang.
//!
//! What is shown comes from the stores' clients: requests sent so far, time spent waiting for
//! the quota, and the kind of object the last request read. Nothing here changes what is read.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use pageport_model::escape::terminal;
use pageport_workflow::{Connections, StoreClient};
use std::io::IsTerminal;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How often a line is printed when standard error is not a terminal.
const LINE_EVERY: Duration = Duration::from_secs(5);

/// Overrides [`LINE_EVERY`] in milliseconds (tests use a short interval against a slowed
/// sandbox).
const LINE_EVERY_ENV: &str = "PAGEPORT_PROGRESS_INTERVAL_MS";

/// How often the spinner's message is refreshed on a terminal.
const SPINNER_REFRESH: Duration = Duration::from_millis(150);

/// Runs `work` while showing what the connections' clients read; `activity` names the work
/// ("planning", "verifying").
pub(crate) fn show<T>(connections: &Connections, activity: &str, work: impl FnOnce() -> T) -> T {
    let clients: Vec<(String, StoreClient)> = connections
        .stores()
        .into_iter()
        .map(|(name, client)| (name.to_owned(), client.clone()))
        .collect();
    let watcher = Watcher::start(clients, activity.to_owned());
    let result = work();
    watcher.stop();
    result
}

/// The background thread that shows progress until stopped.
struct Watcher {
    stop: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Watcher {
    fn start(clients: Vec<(String, StoreClient)>, activity: String) -> Self {
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let interactive = std::io::stderr().is_terminal();
        let every = line_interval();
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("pageport-progress".to_owned())
            .spawn(move || {
                let snapshot = Snapshot::new(clients);
                if interactive {
                    spin(&snapshot, &activity, &flag);
                } else {
                    print_lines(&snapshot, &activity, &flag, every);
                }
            })
            .ok();
        Self { stop, thread }
    }

    fn stop(mut self) {
        let (lock, wake) = &*self.stop;
        *lock.lock().unwrap_or_else(|p| p.into_inner()) = true;
        wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Waits up to `timeout` for the stop flag; true when stopped.
fn stopped_within(flag: &(Mutex<bool>, Condvar), timeout: Duration) -> bool {
    let (lock, wake) = flag;
    let guard = lock.lock().unwrap_or_else(|p| p.into_inner());
    let (guard, _) = wake
        .wait_timeout_while(guard, timeout, |stopped| !*stopped)
        .unwrap_or_else(|p| p.into_inner());
    *guard
}

/// A spinner whose message says what is being read.
fn spin(snapshot: &Snapshot, activity: &str, flag: &(Mutex<bool>, Condvar)) {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed:>4} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    loop {
        bar.set_message(terminal::line(&format!(
            "{activity}: {}",
            snapshot.describe()
        )));
        bar.tick();
        if stopped_within(flag, SPINNER_REFRESH) {
            break;
        }
    }
    bar.finish_and_clear();
}

/// A line every `every`, the first only after `every` has passed: a quick read prints nothing.
fn print_lines(
    snapshot: &Snapshot,
    activity: &str,
    flag: &(Mutex<bool>, Condvar),
    every: Duration,
) {
    let started = Instant::now();
    while !stopped_within(flag, every) {
        let seconds = started.elapsed().as_secs();
        crate::output::status(&format!(
            "still {activity} after {seconds} s: {}",
            snapshot.describe()
        ));
    }
}

/// The line interval: [`LINE_EVERY`] unless the environment sets another (at least 1 ms).
fn line_interval() -> Duration {
    std::env::var(LINE_EVERY_ENV)
        .ok()
        .and_then(|text| text.parse::<u64>().ok())
        .map_or(LINE_EVERY, |ms| Duration::from_millis(ms.max(1)))
}

/// The clients watched, and how to say what they are doing.
struct Snapshot {
    clients: Vec<(String, StoreClient)>,
}

impl Snapshot {
    fn new(clients: Vec<(String, StoreClient)>) -> Self {
        Self { clients }
    }

    /// `staging 42 requests (pages), production 17 requests (page-widget documents); waited
    /// 3.1 s for the quota`.
    fn describe(&self) -> String {
        let mut counts = Vec::new();
        let mut waited = Duration::ZERO;
        for (name, client) in &self.clients {
            let stats = client.stats();
            waited += stats.waited;
            counts.push(match client.last_call() {
                Some(call) => format!("{name} {} requests ({})", stats.requests, subject(&call)),
                None => format!("{name} {} requests", stats.requests),
            });
        }
        let mut text = counts.join(", ");
        if !waited.is_zero() {
            text.push_str(&format!(
                "; waited {:.1} s for the quota",
                waited.as_secs_f64()
            ));
        }
        text
    }
}

/// What a request reads, in words: `GET /content/pages` → `pages`.
fn subject(call: &str) -> &'static str {
    let path = call.split_once(' ').map_or(call, |(_, path)| path);
    let table: [(&str, &str); 8] = [
        ("/content/page-widgets", "page-widget documents"),
        ("/content/pages", "pages"),
        ("/content/widget-templates", "widget templates"),
        ("/catalog/products", "products"),
        ("/catalog/categories", "categories"),
        ("/catalog/trees", "category trees"),
        ("/catalog/brands", "brands"),
        ("/channels", "channels"),
    ];
    table
        .iter()
        .find(|(prefix, _)| path.starts_with(prefix))
        .map_or("the store", |(_, words)| words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_a_request_reads() {
        assert_eq!(subject("GET /content/pages"), "pages");
        assert_eq!(
            subject("GET /content/page-widgets"),
            "page-widget documents"
        );
        assert_eq!(subject("GET /catalog/trees/categories"), "category trees");
        assert_eq!(subject("GET /channels/1/site"), "channels");
        assert_eq!(subject("GET /somewhere/else"), "the store");
    }

    #[test]
    fn a_stop_ends_the_wait_at_once() {
        let flag = (Mutex::new(false), Condvar::new());
        assert!(!stopped_within(&flag, Duration::from_millis(1)));
        *flag.0.lock().unwrap_or_else(|p| p.into_inner()) = true;
        assert!(stopped_within(&flag, Duration::from_secs(3600)));
    }
}
