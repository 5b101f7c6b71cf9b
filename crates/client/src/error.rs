//! The client's error type: [`ClientError`], the request it concerns (a [`RequestLine`], never
//! the access token) and its cause (a [`ClientErrorKind`]). Paths are relative to
//! `/stores/{store_hash}/v3`.

use pageport_model::{ApiErrorBody, StoreHash};
use reqwest::Method;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Everything that can go wrong building a client or talking to a store: the request it
/// concerns, if any, and what went wrong.
///
/// Small (the cause is boxed) and cheap to clone (causes are behind `Arc`), so one error can be
/// reported for every item of a failed batch and returned without boxing.
#[derive(Debug, Clone)]
pub struct ClientError {
    request: Option<RequestLine>,
    kind: Box<ClientErrorKind>,
}

/// The method and API path (with its query string) of the request an error concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    method: Method,
    path: String,
}

impl RequestLine {
    /// A request line from its method and API path.
    pub(crate) fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The API path with its query string.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl fmt::Display for RequestLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// What went wrong. The messages of request errors say what happened to the request;
/// [`ClientError`] puts the request line in front of them.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum ClientErrorKind {
    /// The store answered with an error status (other than 401/403).
    #[error("failed with {status}: {}", body.summary())]
    Api {
        /// The HTTP status.
        status: u16,
        /// BigCommerce's error body, parsed leniently.
        body: ApiErrorBody,
    },
    /// The store refused the access token (401) or its scopes (403).
    #[error("was refused with {status}: {}", refusal_advice(*status, store_hash, required_scope))]
    Unauthorized {
        /// 401 or 403.
        status: u16,
        /// The store the token was sent to.
        store_hash: StoreHash,
        /// The OAuth scope this endpoint needs.
        required_scope: &'static str,
        /// The error body, if the store sent one.
        body: ApiErrorBody,
    },
    /// The request could not be sent or its answer could not be read (connection refused or
    /// reset, broken body).
    #[error("could not reach the store or read its answer")]
    Transport {
        /// The cause.
        #[source]
        source: Arc<reqwest::Error>,
    },
    /// No complete answer came within the request timeout (measured on the client's clock).
    #[error("got no complete answer within `{timeout:?}`")]
    TimedOut {
        /// The request timeout.
        timeout: Duration,
    },
    /// A success answer whose body is not the JSON this endpoint documents.
    #[error("answered {status} with a body that does not match the API")]
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// The cause.
        #[source]
        source: Arc<serde_json::Error>,
    },
    /// A success answer whose body is larger than the client reads (see
    /// [`crate::StoreClientBuilder::max_response_bytes`]).
    #[error(
        "answered {status} with a body larger than {limit} bytes; reading stopped at the limit to keep memory bounded"
    )]
    ResponseTooLarge {
        /// The HTTP status of the answer.
        status: u16,
        /// The size limit in bytes.
        limit: u64,
    },
    /// A success answer whose JSON nests arrays and objects deeper than the client decodes.
    #[error(
        "answered {status} with JSON nested more than {limit} levels deep; it was refused rather than decoded"
    )]
    ResponseTooDeep {
        /// The HTTP status of the answer.
        status: u16,
        /// The deepest nesting accepted.
        limit: usize,
    },
    /// A request body could not be serialized to JSON.
    #[error("the request body cannot be serialized to JSON")]
    Encode {
        /// The cause.
        #[source]
        source: Arc<serde_json::Error>,
    },
    /// The store answered in a way the API does not allow (e.g. pagination that never ends).
    #[error("answered unexpectedly: {reason}")]
    Protocol {
        /// What was wrong.
        reason: String,
    },
    /// The configured quota reserve is at or above the store's quota per window: every request
    /// would eat into the reserve, so the client would wait forever. Refused before sending.
    #[error(
        "was not sent: the quota reserve `{reserve}` is not below the request quota `{quota}` per window that store `{store_hash}` reports, so no request could ever be sent; set `quota_reserve` (the client's `PacingConfig::reserve`) below `{quota}`, or leave it unset to keep 10% of the quota"
    )]
    ReserveNotBelowQuota {
        /// The configured reserve (`quota_reserve` in the plan).
        reserve: u32,
        /// The store's quota per window (`X-Rate-Limit-Requests-Quota`).
        quota: u32,
        /// The store that reported the quota.
        store_hash: StoreHash,
    },
    /// A write that is not safe to repeat was sent, but its answer was lost (timeout, dropped
    /// connection or 5xx): it may or may not have been applied. Re-read the store by natural key
    /// before trying again.
    #[error(
        "may or may not have been applied (its answer was lost); re-read the store before retrying"
    )]
    OutcomeUnknown {
        /// The failure that made the outcome unknown.
        #[source]
        source: ClientError,
    },
    /// Retries and waits for one call would run past the configured total deadline.
    #[error("gave up after `{elapsed:?}`: the total deadline is `{deadline:?}`")]
    DeadlineExceeded {
        /// Time spent on the call so far.
        elapsed: Duration,
        /// The configured total deadline.
        deadline: Duration,
        /// The last failure before giving up, if the call failed at least once.
        #[source]
        last: Option<ClientError>,
    },
    /// A base URL over plain `http` to a host that is not loopback.
    #[error(
        "base URL `{url}` uses plain http to a host that is not loopback; use https (http is allowed only for 127.0.0.0/8, ::1 and localhost)"
    )]
    InsecureBaseUrl {
        /// The base URL, without credentials.
        url: String,
    },
    /// A base URL that cannot be used at all.
    #[error("base URL `{url}` is not usable")]
    InvalidBaseUrl {
        /// The base URL as given (credentials removed when it parsed).
        url: String,
        /// What is wrong with it.
        #[source]
        problem: BaseUrlProblem,
    },
    /// A store hash that cannot be a URL path segment.
    #[error("store hash `{store_hash}` is invalid: use letters, digits, `-` and `_` only")]
    InvalidStoreHash {
        /// The store hash given.
        store_hash: String,
    },
    /// The access token cannot be sent in an HTTP header (the token itself is not shown).
    #[error("the access token contains characters an HTTP header cannot carry")]
    InvalidAccessToken,
    /// A required builder setting was not given.
    #[error("the client builder needs `{setting}`")]
    MissingSetting {
        /// The builder method to call.
        setting: &'static str,
    },
    /// A builder setting is out of range.
    #[error("client setting `{setting}` is invalid: {reason}")]
    InvalidSetting {
        /// The builder setting.
        setting: &'static str,
        /// Why it is invalid.
        reason: String,
    },
    /// A page given to `update_pages` has no `id`.
    #[error("page `{name}` (input #{index}) has no `id`, so it cannot be updated")]
    PageWithoutId {
        /// The page's position in the input.
        index: usize,
        /// The page's name.
        name: String,
    },
    /// The HTTP client could not be built (TLS setup).
    #[error("cannot build the HTTP client")]
    HttpClient {
        /// The cause.
        #[source]
        source: Arc<reqwest::Error>,
    },
}

/// Why a base URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BaseUrlProblem {
    /// It does not parse as a URL.
    #[error("it is not a URL: {0}")]
    Parse(#[from] url::ParseError),
    /// Its scheme is neither http nor https.
    #[error("scheme `{0}` is not supported; use https")]
    Scheme(String),
    /// It has no host.
    #[error("it has no host")]
    NoHost,
    /// It embeds a user name or password (tokens go in `access_token`, never in the URL).
    #[error("it embeds credentials; give the token with `access_token` instead")]
    Credentials,
    /// It has a query string or fragment.
    #[error("it has a query string or fragment")]
    QueryOrFragment,
}

fn refusal_advice(status: u16, store: &StoreHash, scope: &str) -> String {
    if status == 401 {
        format!(
            "the access token is missing, invalid or revoked for store `{store}`; check the token configured for this store"
        )
    } else {
        format!(
            "the access token of store `{store}` lacks the `{scope}` scope this call needs (or the call would exceed a platform limit); check the API account's scopes"
        )
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.request, &*self.kind) {
            (Some(request), ClientErrorKind::Encode { .. }) => {
                write!(f, "the body of `{request}` cannot be serialized to JSON")
            }
            (Some(request), kind) => write!(f, "`{request}` {kind}"),
            (None, kind) => kind.fmt(f),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        // The kind is this error's message, not its cause: its own source comes next.
        std::error::Error::source(&*self.kind)
    }
}

impl From<ClientErrorKind> for ClientError {
    fn from(kind: ClientErrorKind) -> Self {
        Self {
            request: None,
            kind: Box::new(kind),
        }
    }
}

impl ClientError {
    /// An error concerning one request.
    pub(crate) fn of_request(
        method: Method,
        path: impl Into<String>,
        kind: ClientErrorKind,
    ) -> Self {
        Self {
            request: Some(RequestLine::new(method, path)),
            kind: Box::new(kind),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ClientErrorKind {
        &self.kind
    }

    /// What went wrong, owned.
    pub fn into_kind(self) -> ClientErrorKind {
        *self.kind
    }

    /// The request this error concerns; `None` for errors building the client or checking input.
    pub fn request(&self) -> Option<&RequestLine> {
        self.request.as_ref()
    }

    /// The HTTP status the store answered with, when this error comes from an answer.
    pub fn status(&self) -> Option<u16> {
        match self.kind() {
            ClientErrorKind::Api { status, .. } | ClientErrorKind::Unauthorized { status, .. } => {
                Some(*status)
            }
            ClientErrorKind::OutcomeUnknown { source } => source.status(),
            _ => None,
        }
    }

    /// BigCommerce's error body, when the store sent one.
    pub fn api_body(&self) -> Option<&ApiErrorBody> {
        match self.kind() {
            ClientErrorKind::Api { body, .. } | ClientErrorKind::Unauthorized { body, .. } => {
                Some(body)
            }
            _ => None,
        }
    }

    /// The failure behind this one: what made an outcome unknown, or the last failure before a
    /// deadline passed.
    pub fn cause(&self) -> Option<&ClientError> {
        match self.kind() {
            ClientErrorKind::OutcomeUnknown { source } => Some(source),
            ClientErrorKind::DeadlineExceeded { last, .. } => last.as_ref(),
            _ => None,
        }
    }

    /// True for a 404 answer.
    pub fn is_not_found(&self) -> bool {
        matches!(self.kind(), ClientErrorKind::Api { status: 404, .. })
    }

    /// True when the store refused the access token (401) or its scopes (403).
    pub fn is_unauthorized(&self) -> bool {
        matches!(self.kind(), ClientErrorKind::Unauthorized { .. })
    }

    /// True when a write may or may not have been applied.
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self.kind(), ClientErrorKind::OutcomeUnknown { .. })
    }

    /// True when retries and waits would have run past the call's total deadline.
    pub fn is_deadline_exceeded(&self) -> bool {
        matches!(self.kind(), ClientErrorKind::DeadlineExceeded { .. })
    }

    /// True when the store could not be reached or its answer could not be read.
    pub fn is_transport(&self) -> bool {
        matches!(self.kind(), ClientErrorKind::Transport { .. })
    }

    /// True when no complete answer came within the request timeout.
    pub fn is_timed_out(&self) -> bool {
        matches!(self.kind(), ClientErrorKind::TimedOut { .. })
    }

    /// True when the store rejected this one request's content (a 4xx other than 401, 403 and
    /// 429): other requests are likely to succeed, so bulk helpers go on with the other items.
    pub fn is_item_error(&self) -> bool {
        matches!(self.kind(), ClientErrorKind::Api { status, .. } if (400..500).contains(status) && *status != 429)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn api_error_names_method_path_status_and_body() {
        let err = ClientError::of_request(
            Method::POST,
            "/content/pages",
            ClientErrorKind::Api {
                status: 422,
                body: ApiErrorBody {
                    detail: Some("missing the required field: body".into()),
                    ..ApiErrorBody::new(422, "Input is invalid")
                },
            },
        );
        assert_eq!(
            err.to_string(),
            "`POST /content/pages` failed with 422: Input is invalid: missing the required field: body"
        );
        assert!(err.is_item_error());
        assert_eq!(err.status(), Some(422));
        let request = err.request().expect("a request error");
        assert_eq!(
            (request.method(), request.path()),
            (&Method::POST, "/content/pages")
        );
    }

    #[test]
    fn refusals_explain_what_to_check() {
        let refused = |status| {
            ClientError::of_request(
                Method::GET,
                "/channels",
                ClientErrorKind::Unauthorized {
                    status,
                    store_hash: StoreHash::from("abc123"),
                    required_scope: "store_channel_settings",
                    body: ApiErrorBody::default(),
                },
            )
        };
        let text = refused(401).to_string();
        assert!(text.contains("check the token"), "{text}");
        assert!(text.contains("`abc123`"), "{text}");
        let text = refused(403).to_string();
        assert!(text.contains("`store_channel_settings` scope"), "{text}");
        assert!(!refused(403).is_item_error());
        assert!(refused(403).is_unauthorized());
    }

    #[test]
    fn messages_put_the_request_where_they_always_did() {
        let encode = serde_json::from_str::<u8>("x").expect_err("not a number");
        let err = ClientError::of_request(
            Method::PUT,
            "/content/pages",
            ClientErrorKind::Encode {
                source: Arc::new(encode),
            },
        );
        assert_eq!(
            err.to_string(),
            "the body of `PUT /content/pages` cannot be serialized to JSON"
        );
        assert!(err.source().is_some(), "the serde error is the cause");
        let lost = ClientError::of_request(
            Method::POST,
            "/channels",
            ClientErrorKind::OutcomeUnknown {
                source: ClientError::of_request(
                    Method::POST,
                    "/channels",
                    ClientErrorKind::Protocol {
                        reason: "no body".into(),
                    },
                ),
            },
        );
        assert_eq!(
            lost.to_string(),
            "`POST /channels` may or may not have been applied (its answer was lost); re-read the store before retrying"
        );
        assert_eq!(
            lost.source().map(ToString::to_string).as_deref(),
            Some("`POST /channels` answered unexpectedly: no body"),
            "the chain goes from error to error, without repeating a message"
        );
        assert!(lost.cause().is_some_and(|cause| cause.request().is_some()));
        let built = ClientError::from(ClientErrorKind::MissingSetting {
            setting: "store_hash",
        });
        assert_eq!(built.to_string(), "the client builder needs `store_hash`");
        assert!(built.request().is_none());
    }
}
