//! Retry decisions and backoff.
//!
//! What may be sent again depends on whether repeating the request is harmless:
//!
//! | failure | repeatable request (GET, PUT, DELETE, page-widgets POST) | create (POST) |
//! |---|---|---|
//! | 429 | retry after the longer of the store's wait and a growing backoff | retry (a 429 is refused before processing) |
//! | 500, 502, 503, 504 | retry with backoff | outcome unknown: never repeated blindly |
//! | connection never established | retry with backoff | retry (nothing was sent) |
//! | timeout, reset or broken body after sending | retry with backoff | outcome unknown |
//! | any other status | final | final |
//!
//! A create answered with 5xx is treated as unknown rather than failed: the store may have
//! written the object before failing (decided conservatively; no source says otherwise).

use rand::Rng;
use std::time::Duration;

/// Whether sending a request twice has the same effect as sending it once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repeat {
    /// GET, PUT, DELETE, and the page-widgets POST (a full replace).
    Safe,
    /// A create: a repeat may create a duplicate.
    Unsafe,
}

/// How a failed attempt failed when no answer came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TransportFailure {
    /// The connection was never established: the store cannot have seen the request.
    NotSent,
    /// The request may have reached the store (timeout, reset, broken answer).
    AfterSending,
}

impl TransportFailure {
    /// Classifies a reqwest error.
    pub(crate) fn of(error: &reqwest::Error) -> Self {
        if error.is_connect() {
            TransportFailure::NotSent
        } else {
            TransportFailure::AfterSending
        }
    }
}

/// What to do after one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// A 2xx answer.
    Success,
    /// A final error answer.
    Fail,
    /// A 429: wait as the store says, then retry.
    RateLimited,
    /// Retry after a backoff.
    Backoff,
    /// The request may or may not have been applied; do not repeat it.
    Unknown,
}

/// The verdict on an answer's status.
pub(crate) fn judge_status(status: u16, repeat: Repeat) -> Verdict {
    match status {
        200..=299 => Verdict::Success,
        429 => Verdict::RateLimited,
        500 | 502 | 503 | 504 => match repeat {
            Repeat::Safe => Verdict::Backoff,
            Repeat::Unsafe => Verdict::Unknown,
        },
        _ => Verdict::Fail,
    }
}

/// The verdict on an attempt that got no (complete) answer.
pub(crate) fn judge_transport(failure: TransportFailure, repeat: Repeat) -> Verdict {
    match (failure, repeat) {
        (TransportFailure::NotSent, _) | (_, Repeat::Safe) => Verdict::Backoff,
        (TransportFailure::AfterSending, Repeat::Unsafe) => Verdict::Unknown,
    }
}

/// The longest backoff before retry number `retry` (0-based): `base * 2^retry`, capped.
pub(crate) fn backoff_ceiling(retry: u32, base: Duration, cap: Duration) -> Duration {
    let factor = 2u32.checked_pow(retry).unwrap_or(u32::MAX);
    base.checked_mul(factor).unwrap_or(cap).min(cap)
}

/// "Full jitter": a uniformly random wait between zero and the ceiling, so many clients that
/// failed together do not retry together.
pub(crate) fn full_jitter(ceiling: Duration, rng: &mut impl Rng) -> Duration {
    let max = u64::try_from(ceiling.as_micros()).unwrap_or(u64::MAX);
    Duration::from_micros(rng.random_range(0..=max))
}

/// "Equal jitter": half the ceiling plus a random share of the other half, so the wait never
/// falls below half the ceiling and keeps growing with it while still spreading clients out.
pub(crate) fn equal_jitter(ceiling: Duration, rng: &mut impl Rng) -> Duration {
    let half = ceiling / 2;
    half + full_jitter(ceiling - half, rng)
}

/// The least wait after the `nth` consecutive 429 of a call (1-based): an equal-jitter backoff
/// whose ceiling starts at `base` and doubles up to `cap`. A store that names a shorter wait (or
/// none, or `0`) still gets this much, so a burst of 429s is spread over growing waits instead
/// of exhausting the retries within milliseconds.
pub(crate) fn rate_limited_backoff(
    nth: u32,
    base: Duration,
    cap: Duration,
    rng: &mut impl Rng,
) -> Duration {
    equal_jitter(backoff_ceiling(nth.saturating_sub(1), base, cap), rng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn ceilings_double_then_cap() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(2);
        let ceilings: Vec<u128> = (0..7)
            .map(|retry| backoff_ceiling(retry, base, cap).as_millis())
            .collect();
        assert_eq!(ceilings, vec![100, 200, 400, 800, 1600, 2000, 2000]);
        assert_eq!(backoff_ceiling(80, base, cap), cap, "no overflow");
    }

    #[test]
    fn jitter_stays_within_the_ceiling_and_spreads() {
        let mut rng = StdRng::seed_from_u64(7);
        let ceiling = Duration::from_millis(400);
        let draws: Vec<Duration> = (0..200).map(|_| full_jitter(ceiling, &mut rng)).collect();
        assert!(draws.iter().all(|d| *d <= ceiling));
        assert!(draws.iter().any(|d| *d < ceiling / 4));
        assert!(draws.iter().any(|d| *d > ceiling * 3 / 4));
        assert_eq!(full_jitter(Duration::ZERO, &mut rng), Duration::ZERO);
    }

    #[test]
    fn waits_after_consecutive_429s_grow_within_their_bounds() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_millis(1_000);
        let mut rng = StdRng::seed_from_u64(3);
        for nth in 1..=8 {
            let ceiling = backoff_ceiling(nth - 1, base, cap);
            for _ in 0..50 {
                let wait = rate_limited_backoff(nth, base, cap, &mut rng);
                assert!(wait >= ceiling / 2 && wait <= ceiling, "{nth}: {wait:?}");
            }
        }
        // The floor of each wait is the ceiling of the one before: waits never shrink.
        assert_eq!(
            backoff_ceiling(1, base, cap) / 2,
            backoff_ceiling(0, base, cap)
        );
        let draws = |seed| {
            let mut rng = StdRng::seed_from_u64(seed);
            (1..=5)
                .map(|nth| rate_limited_backoff(nth, base, cap, &mut rng))
                .collect::<Vec<_>>()
        };
        assert_eq!(draws(9), draws(9), "a seed makes the jitter repeatable");
    }

    #[test]
    fn creates_are_never_repeated_after_an_ambiguous_failure() {
        for status in [500, 502, 503, 504] {
            assert_eq!(judge_status(status, Repeat::Safe), Verdict::Backoff);
            assert_eq!(judge_status(status, Repeat::Unsafe), Verdict::Unknown);
        }
        assert_eq!(
            judge_transport(TransportFailure::AfterSending, Repeat::Unsafe),
            Verdict::Unknown
        );
        assert_eq!(
            judge_transport(TransportFailure::AfterSending, Repeat::Safe),
            Verdict::Backoff
        );
        assert_eq!(
            judge_transport(TransportFailure::NotSent, Repeat::Unsafe),
            Verdict::Backoff
        );
    }

    #[test]
    fn rate_limits_are_retried_for_everyone_and_client_errors_for_nobody() {
        assert_eq!(judge_status(429, Repeat::Unsafe), Verdict::RateLimited);
        assert_eq!(judge_status(429, Repeat::Safe), Verdict::RateLimited);
        for status in [400, 401, 403, 404, 409, 413, 422, 501, 507] {
            assert_eq!(
                judge_status(status, Repeat::Safe),
                Verdict::Fail,
                "{status}"
            );
        }
        for status in [200, 201, 204, 207] {
            assert_eq!(judge_status(status, Repeat::Unsafe), Verdict::Success);
        }
    }
}
