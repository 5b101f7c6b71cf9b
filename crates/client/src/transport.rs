//! Sending one API call: pacing, the attempt itself, retries with backoff, and turning answers
//! into typed errors. Every endpoint module goes through [`StoreClient::execute`].

use crate::body::{self, Body};
use crate::client::StoreClient;
use crate::error::{ClientError, ClientErrorKind};
use crate::pacing::{Hold, WaitReason};
use crate::query::Query;
use crate::rate_headers::RateLimitHeaders;
use crate::retry::{self, Repeat, TransportFailure, Verdict};
use pageport_model::{ApiErrorBody, Envelope};
use reqwest::Method;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use secrecy::ExposeSecret;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The longest error text kept from a body that is not JSON.
const MAX_ERROR_TEXT: usize = 300;

/// One API call: method, path under `/stores/{hash}/v3`, query, JSON body, and whether it is
/// safe to repeat.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Query,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) repeat: Repeat,
}

impl Call {
    /// A GET.
    pub(crate) fn get(path: impl Into<String>, query: Query) -> Self {
        Self {
            method: Method::GET,
            path: path.into(),
            query,
            body: None,
            repeat: Repeat::Safe,
        }
    }

    /// A DELETE.
    pub(crate) fn delete(path: impl Into<String>, query: Query) -> Self {
        Self {
            method: Method::DELETE,
            ..Self::get(path, query)
        }
    }

    /// A call with a JSON body.
    pub(crate) fn with_json(
        method: Method,
        path: impl Into<String>,
        query: Query,
        body: &impl Serialize,
        repeat: Repeat,
    ) -> Result<Self, ClientError> {
        let path = path.into();
        let body = serde_json::to_vec(body).map_err(|source| {
            let source = Arc::new(source);
            ClientError::of_request(
                method.clone(),
                path.clone(),
                ClientErrorKind::Encode { source },
            )
        })?;
        Ok(Self {
            method,
            path,
            query,
            body: Some(body),
            repeat,
        })
    }

    /// An error concerning this call.
    pub(crate) fn error(&self, kind: ClientErrorKind) -> ClientError {
        ClientError::of_request(self.method.clone(), self.shown_path(), kind)
    }

    /// The path with its query string, as errors and logs show it.
    pub(crate) fn shown_path(&self) -> String {
        let query = self.query.encoded();
        if query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{query}", self.path)
        }
    }
}

/// A 2xx answer.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

/// Why an attempt got no answer.
enum Lost {
    /// Sending or reading failed.
    Transport(reqwest::Error),
    /// The request timeout passed first.
    TimedOut,
}

/// An answer of any status, with its rate-limit headers.
struct RawAnswer {
    status: u16,
    body: Body,
    rate: RateLimitHeaders,
}

impl StoreClient {
    /// Sends a call, pacing it under the store's quota and retrying what is safe to retry,
    /// until a 2xx answer, a final error, or the deadline.
    pub(crate) async fn execute(&self, call: &Call) -> Result<Answer, ClientError> {
        let inner = &self.inner;
        let url = inner.root.url(&call.path, &call.query.encoded());
        let clock = inner.clock();
        let started = clock.now();
        let mut retries: u32 = 0;
        let mut consecutive_429s: u32 = 0;
        let mut last: Option<ClientError> = None;
        loop {
            let in_flight = loop {
                match inner.pacer.try_send(inner.pacing.reserve) {
                    Ok(in_flight) => break in_flight,
                    Err(Hold::Wait(until, why)) => {
                        let pause = until.saturating_duration_since(clock.now());
                        self.pause(call, why, pause, started, &last).await?;
                    }
                    Err(Hold::ReserveNotBelowQuota { reserve, quota }) => {
                        return Err(call.error(ClientErrorKind::ReserveNotBelowQuota {
                            reserve,
                            quota,
                            store_hash: inner.store_hash.clone(),
                        }));
                    }
                }
            };
            inner.pacer.stats.request();
            inner.pacer.stats.calling(call.method.as_str(), &call.path);
            if retries > 0 {
                inner.pacer.stats.retry();
            }
            let (verdict, error, rate) = match self.attempt_in_time(call, &url, in_flight).await {
                Ok(raw) => {
                    let verdict = retry::judge_status(raw.status, call.repeat);
                    tracing::debug!(method = %call.method, path = %call.path, status = raw.status, "answered");
                    let body = match raw.body {
                        Body::Complete(body) => body,
                        Body::TooLarge { prefix } => {
                            tracing::warn!(method = %call.method, path = %call.path, status = raw.status,
                                limit = inner.max_response_bytes, "the answer's body is over the size limit");
                            if verdict == Verdict::Success {
                                return Err(self.too_large(call, raw.status));
                            }
                            // An error answer is still judged by its status; its text is cut.
                            prefix
                        }
                    };
                    if verdict == Verdict::Success {
                        return Ok(Answer {
                            status: raw.status,
                            body,
                        });
                    }
                    let error = self.status_error(call, raw.status, &body);
                    (verdict, error, Some(raw.rate))
                }
                Err(Lost::Transport(source)) => {
                    let verdict =
                        retry::judge_transport(TransportFailure::of(&source), call.repeat);
                    tracing::debug!(method = %call.method, path = %call.path, error = %source, "no answer");
                    let error = call.error(ClientErrorKind::Transport {
                        source: Arc::new(source),
                    });
                    (verdict, error, None)
                }
                Err(Lost::TimedOut) => {
                    let verdict =
                        retry::judge_transport(TransportFailure::AfterSending, call.repeat);
                    let timeout = inner.pacing.request_timeout;
                    tracing::debug!(method = %call.method, path = %call.path, ?timeout, "no answer in time");
                    (
                        verdict,
                        call.error(ClientErrorKind::TimedOut { timeout }),
                        None,
                    )
                }
            };
            if verdict == Verdict::RateLimited {
                inner.pacer.stats.rate_limited();
            }
            match verdict {
                // (`Success` was returned above.)
                Verdict::Success | Verdict::Fail => return Err(error),
                Verdict::Unknown => {
                    return Err(call.error(ClientErrorKind::OutcomeUnknown { source: error }));
                }
                Verdict::RateLimited | Verdict::Backoff if retries >= inner.pacing.max_retries => {
                    return Err(error);
                }
                Verdict::RateLimited | Verdict::Backoff => {
                    let named = rate.as_ref().and_then(RateLimitHeaders::rate_limited_wait);
                    last = Some(error);
                    if verdict == Verdict::RateLimited {
                        consecutive_429s += 1;
                        // However short a wait the store names, consecutive 429s back off on
                        // growing waits: the longer of the two applies.
                        let backoff = self.rate_limited_backoff(consecutive_429s);
                        match named {
                            // The pacer makes every task of the store wait; this one waits in
                            // its next `try_send`.
                            Some(wait) => inner.pacer.block_until(clock.now() + wait.max(backoff)),
                            // No headers: platform overload.
                            None => {
                                self.pause(call, WaitReason::Backoff, backoff, started, &last)
                                    .await?;
                            }
                        }
                    } else {
                        consecutive_429s = 0;
                        let backoff = self.backoff(retries);
                        self.pause(call, WaitReason::Backoff, backoff, started, &last)
                            .await?;
                    }
                    retries += 1;
                }
            }
        }
    }

    /// The backoff before retry number `retry` (0-based): full jitter under a doubling ceiling.
    fn backoff(&self, retry: u32) -> Duration {
        let pacing = &self.inner.pacing;
        let ceiling = retry::backoff_ceiling(retry, pacing.backoff_base, pacing.backoff_cap);
        retry::full_jitter(ceiling, &mut *self.jitter())
    }

    /// The least wait after the `nth` consecutive 429 of one call.
    fn rate_limited_backoff(&self, nth: u32) -> Duration {
        let pacing = &self.inner.pacing;
        retry::rate_limited_backoff(
            nth,
            pacing.backoff_base,
            pacing.backoff_cap,
            &mut *self.jitter(),
        )
    }

    fn jitter(&self) -> std::sync::MutexGuard<'_, rand::rngs::StdRng> {
        // An RNG cannot be left inconsistent by a panic elsewhere.
        self.inner
            .jitter
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// One attempt, abandoned when the clock passes the request timeout (the attempt and its
    /// connection are dropped, which the pacer counts as a request without an answer).
    async fn attempt_in_time(
        &self,
        call: &Call,
        url: &str,
        in_flight: crate::pacing::InFlight,
    ) -> Result<RawAnswer, Lost> {
        let clock = self.inner.clock();
        let expiry = clock.deadline(clock.now() + self.inner.pacing.request_timeout);
        tokio::select! {
            // An answer that is complete when the clock runs out still counts.
            biased;
            answer = self.attempt(call, url, in_flight) => answer.map_err(Lost::Transport),
            () = expiry => Err(Lost::TimedOut),
        }
    }

    /// One attempt: send, read the whole answer, feed its headers to the pacer.
    async fn attempt(
        &self,
        call: &Call,
        url: &str,
        in_flight: crate::pacing::InFlight,
    ) -> Result<RawAnswer, reqwest::Error> {
        let inner = &self.inner;
        let mut request = inner
            .http
            .request(call.method.clone(), url)
            .header(ACCEPT, "application/json")
            .header("x-auth-token", inner.auth.clone());
        if let Some(body) = &call.body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => {
                in_flight.finish(None);
                return Err(error);
            }
        };
        let status = response.status().as_u16();
        let rate = RateLimitHeaders::parse(response.headers());
        in_flight.finish(Some(&rate));
        let body = body::read_capped(response, inner.max_response_bytes).await?;
        Ok(RawAnswer { status, body, rate })
    }

    /// The error for a 2xx answer whose body is over the size limit. A create was applied but
    /// its answer cannot be read, so its outcome is unknown to the caller, who reconciles.
    fn too_large(&self, call: &Call, status: u16) -> ClientError {
        let error = call.error(ClientErrorKind::ResponseTooLarge {
            status,
            limit: self.inner.max_response_bytes,
        });
        match call.repeat {
            Repeat::Safe => error,
            Repeat::Unsafe => call.error(ClientErrorKind::OutcomeUnknown { source: error }),
        }
    }

    /// Waits, unless the wait would pass the call's deadline; logs and counts it.
    async fn pause(
        &self,
        call: &Call,
        why: WaitReason,
        pause: Duration,
        started: Instant,
        last: &Option<ClientError>,
    ) -> Result<(), ClientError> {
        let deadline = self.inner.pacing.total_deadline;
        let clock = self.inner.clock();
        let elapsed = clock.now().saturating_duration_since(started);
        if elapsed + pause > deadline {
            return Err(call.error(ClientErrorKind::DeadlineExceeded {
                elapsed,
                deadline,
                last: last.clone(),
            }));
        }
        let wait_ms = u64::try_from(pause.as_millis()).unwrap_or(u64::MAX);
        match why {
            WaitReason::Backoff => tracing::info!(
                store = %self.inner.store_hash, method = %call.method, path = %call.path,
                wait_ms, reason = why.as_str(), "waiting before a retry"
            ),
            _ => tracing::info!(
                store = %self.inner.store_hash, method = %call.method, path = %call.path,
                wait_ms, reason = why.as_str(), "waiting for the store's request quota"
            ),
        }
        self.inner.pacer.stats.waited(pause);
        clock.sleep(pause).await;
        Ok(())
    }

    /// The typed error for a non-2xx answer.
    pub(crate) fn status_error(&self, call: &Call, status: u16, body: &[u8]) -> ClientError {
        let body = self.error_body(status, body);
        if status == 401 || status == 403 {
            call.error(ClientErrorKind::Unauthorized {
                status,
                store_hash: self.inner.store_hash.clone(),
                required_scope: required_scope(&call.path),
                body,
            })
        } else {
            call.error(ClientErrorKind::Api { status, body })
        }
    }

    /// Parses an error body leniently: BigCommerce's JSON, else the text as the title. The
    /// access token is scrubbed from it, in case anything on the way echoed it.
    fn error_body(&self, status: u16, body: &[u8]) -> ApiErrorBody {
        let token = self.inner.token.expose_secret().trim();
        let mut text = String::from_utf8_lossy(body).into_owned();
        if !token.is_empty() && text.contains(token) {
            text = text.replace(token, "<redacted>");
        }
        if let Ok(mut parsed) = serde_json::from_str::<ApiErrorBody>(&text) {
            // The category trees API nests its error under `errors` ([CT] `ErrorResponse`:
            // `{errors: {status, title, type, errors}, meta}`): read the inner one.
            if parsed.title.is_none()
                && let Some(inner) = parsed.errors.as_ref().filter(|e| e.get("title").is_some())
                && let Ok(inner) = serde_json::from_value::<ApiErrorBody>(inner.clone())
            {
                parsed = inner;
            }
            parsed.status.get_or_insert(status);
            return parsed;
        }
        let text = text.trim();
        let title = if text.is_empty() {
            reqwest::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("no error body")
                .to_owned()
        } else {
            text.chars().take(MAX_ERROR_TEXT).collect()
        };
        ApiErrorBody {
            status: Some(status),
            title: Some(title),
            ..ApiErrorBody::default()
        }
    }

    /// Sends a call and decodes the `data` of its envelope.
    pub(crate) async fn fetch<T: DeserializeOwned>(&self, call: &Call) -> Result<T, ClientError> {
        let answer = self.execute(call).await?;
        body::decode::<Envelope<T>>(call, &answer).map(|envelope| envelope.data)
    }

    /// Like [`StoreClient::fetch`], with a 404 answer as `None`.
    pub(crate) async fn fetch_optional<T: DeserializeOwned>(
        &self,
        call: &Call,
    ) -> Result<Option<T>, ClientError> {
        match self.fetch(call).await {
            Ok(data) => Ok(Some(data)),
            Err(error) if error.is_not_found() => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// The OAuth scope an API path needs (CONTRACT §1).
fn required_scope(path: &str) -> &'static str {
    if path.starts_with("/content") {
        "store_v2_content"
    } else if path.starts_with("/channels") {
        "store_channel_settings"
    } else if path.starts_with("/catalog") {
        "store_v2_products"
    } else {
        "the endpoint's"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_follow_the_api_family() {
        assert_eq!(required_scope("/content/pages"), "store_v2_content");
        assert_eq!(required_scope("/content/page-widgets"), "store_v2_content");
        assert_eq!(required_scope("/channels"), "store_channel_settings");
        assert_eq!(required_scope("/catalog/products"), "store_v2_products");
    }

    #[test]
    fn shown_path_has_the_query_but_not_the_host() {
        let mut query = Query::new();
        query.push("channel_id", 1).push("page", 2);
        let call = Call::get("/content/pages", query);
        assert_eq!(call.shown_path(), "/content/pages?channel_id=1&page=2");
        assert_eq!(
            Call::get("/channels", Query::new()).shown_path(),
            "/channels"
        );
    }
}
