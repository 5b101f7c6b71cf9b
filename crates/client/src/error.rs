//! The client's error type. Every variant that concerns a request names its method and API path
//! (relative to `/stores/{store_hash}/v3`), never the access token.

use pageport_model::{ApiErrorBody, StoreHash};
use reqwest::Method;
use std::sync::Arc;
use std::time::Duration;

/// Everything that can go wrong building a client or talking to a store.
///
/// Cheap to clone (causes are behind `Arc`), so one error can be reported for every item of a
/// failed batch.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The store answered with an error status (other than 401/403).
    #[error("`{method} {path}` failed with {status}: {}", body.summary())]
    Api {
        /// The HTTP method.
        method: Method,
        /// The API path with its query string.
        path: String,
        /// The HTTP status.
        status: u16,
        /// BigCommerce's error body, parsed leniently.
        body: Box<ApiErrorBody>,
    },
    /// The store refused the access token (401) or its scopes (403).
    #[error("`{method} {path}` was refused with {status}: {}", refusal_advice(*status, store_hash, required_scope))]
    Unauthorized {
        /// The HTTP method.
        method: Method,
        /// The API path with its query string.
        path: String,
        /// 401 or 403.
        status: u16,
        /// The store the token was sent to.
        store_hash: StoreHash,
        /// The OAuth scope this endpoint needs.
        required_scope: &'static str,
        /// The error body, if the store sent one.
        body: Box<ApiErrorBody>,
    },
    /// The request could not be sent or its answer could not be read (connection refused or
    /// reset, timeout, broken body).
    #[error("`{method} {path}` could not reach the store or read its answer")]
    Transport {
        /// The HTTP method.
        method: Method,
        /// The API path with its query string.
        path: String,
        /// The cause.
        #[source]
        source: Arc<reqwest::Error>,
    },
    /// A success answer whose body is not the JSON this endpoint documents.
    #[error("`{method} {path}` answered {status} with a body that does not match the API")]
    Decode {
        /// The HTTP method.
        method: Method,
        /// The API path with its query string.
        path: String,
        /// The HTTP status of the answer.
        status: u16,
        /// The cause.
        #[source]
        source: Arc<serde_json::Error>,
    },
    /// A success answer whose body is larger than the client reads (see
    /// [`crate::StoreClientBuilder::max_response_bytes`]).
    #[error(
        "`{method} {path}` answered {status} with a body larger than {limit} bytes; reading stopped at the limit to keep memory bounded"
    )]
    ResponseTooLarge {
        /// The HTTP method.
        method: Method,
        /// The API path with its query string.
        path: String,
        /// The HTTP status of the answer.
        status: u16,
        /// The size limit in bytes.
        limit: u64,
    },
    /// A success answer whose JSON nests arrays and objects deeper than the client decodes.
    #[error(
        "`{method} {path}` answered {status} with JSON nested more than {limit} levels deep; it was refused rather than decoded"
    )]
    ResponseTooDeep {
        /// The HTTP method.
        method: Method,
        /// The API path with its query string.
        path: String,
        /// The HTTP status of the answer.
        status: u16,
        /// The deepest nesting accepted.
        limit: usize,
    },
    /// A request body could not be serialized to JSON.
    #[error("the body of `{method} {path}` cannot be serialized to JSON")]
    Encode {
        /// The HTTP method.
        method: Method,
        /// The API path with its query string.
        path: String,
        /// The cause.
        #[source]
        source: Arc<serde_json::Error>,
    },
    /// The store answered in a way the API does not allow (e.g. pagination that never ends).
    #[error("`{method} {path}` answered unexpectedly: {reason}")]
    Protocol {
        /// The HTTP method.
        method: Method,
        /// The API path with its query string.
        path: String,
        /// What was wrong.
        reason: String,
    },
    /// A write that is not safe to repeat was sent, but its answer was lost (timeout, dropped
    /// connection or 5xx): it may or may not have been applied. Re-read the store by natural key
    /// before trying again.
    #[error(
        "`{method} {path}` may or may not have been applied (its answer was lost); re-read the store before retrying"
    )]
    OutcomeUnknown {
        /// The HTTP method.
        method: Method,
        /// The API path with its query string.
        path: String,
        /// The failure that made the outcome unknown.
        #[source]
        source: Box<ClientError>,
    },
    /// Retries and waits for one call would run past the configured total deadline.
    #[error("`{method} {path}` gave up after `{elapsed:?}`: the total deadline is `{deadline:?}`")]
    DeadlineExceeded {
        /// The HTTP method.
        method: Method,
        /// The API path with its query string.
        path: String,
        /// Time spent on the call so far.
        elapsed: Duration,
        /// The configured total deadline.
        deadline: Duration,
        /// The last failure before giving up, if the call failed at least once.
        #[source]
        last: Option<Box<ClientError>>,
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

impl ClientError {
    /// The HTTP status the store answered with, when this error comes from an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. } | ClientError::Unauthorized { status, .. } => {
                Some(*status)
            }
            ClientError::OutcomeUnknown { source, .. } => source.status(),
            _ => None,
        }
    }

    /// BigCommerce's error body, when the store sent one.
    pub fn api_body(&self) -> Option<&ApiErrorBody> {
        match self {
            ClientError::Api { body, .. } | ClientError::Unauthorized { body, .. } => {
                Some(body.as_ref())
            }
            _ => None,
        }
    }

    /// True for a 404 answer.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ClientError::Api { status: 404, .. })
    }

    /// True when a write may or may not have been applied.
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, ClientError::OutcomeUnknown { .. })
    }

    /// True when the store rejected this one request's content (a 4xx other than 401, 403 and
    /// 429): other requests are likely to succeed, so bulk helpers go on with the other items.
    pub fn is_item_error(&self) -> bool {
        matches!(self, ClientError::Api { status, .. } if (400..500).contains(status) && *status != 429)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_names_method_path_status_and_body() {
        let err = ClientError::Api {
            method: Method::POST,
            path: "/content/pages".into(),
            status: 422,
            body: Box::new(ApiErrorBody {
                detail: Some("missing the required field: body".into()),
                ..ApiErrorBody::new(422, "Input is invalid")
            }),
        };
        assert_eq!(
            err.to_string(),
            "`POST /content/pages` failed with 422: Input is invalid: missing the required field: body"
        );
        assert!(err.is_item_error());
        assert_eq!(err.status(), Some(422));
    }

    #[test]
    fn refusals_explain_what_to_check() {
        let refused = |status| ClientError::Unauthorized {
            method: Method::GET,
            path: "/channels".into(),
            status,
            store_hash: StoreHash::from("abc123"),
            required_scope: "store_channel_settings",
            body: Box::default(),
        };
        let text = refused(401).to_string();
        assert!(text.contains("check the token"), "{text}");
        assert!(text.contains("`abc123`"), "{text}");
        let text = refused(403).to_string();
        assert!(text.contains("`store_channel_settings` scope"), "{text}");
        assert!(!refused(403).is_item_error());
    }
}
