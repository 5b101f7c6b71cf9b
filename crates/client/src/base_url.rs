//! The base URL policy and the API root of one store.
//!
//! Plain `http` is accepted only for loopback hosts (`127.0.0.0/8`, `::1`, `localhost`), so an
//! access token can never cross a network unencrypted; URLs with credentials, a query or a
//! fragment are refused.

use crate::error::{BaseUrlProblem, ClientError, ClientErrorKind};
use pageport_model::StoreHash;
use url::{Host, Url};

/// BigCommerce's API host, used when no base URL is given.
pub const DEFAULT_BASE_URL: &str = "https://api.bigcommerce.com";

/// Where one store's v3 API lives: `{base}/stores/{store_hash}/v3`.
#[derive(Debug, Clone)]
pub(crate) struct ApiRoot {
    /// The base URL without a trailing slash, as shown to users.
    base: String,
    /// `{base}/stores/{store_hash}/v3`.
    root: String,
    /// Whether the host is loopback (then no proxy is used).
    loopback: bool,
}

impl ApiRoot {
    /// Checks `base` against the policy and builds the root for `store_hash`.
    pub(crate) fn new(base: &str, store_hash: &StoreHash) -> Result<Self, ClientError> {
        let url = check_base_url(base)?;
        check_store_hash(store_hash)?;
        let base = url.as_str().trim_end_matches('/').to_owned();
        let loopback = url.host().as_ref().is_some_and(is_loopback);
        Ok(Self {
            root: format!("{base}/stores/{store_hash}/v3"),
            base,
            loopback,
        })
    }

    /// The base URL without a trailing slash.
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// True when the host is loopback.
    pub(crate) fn is_loopback(&self) -> bool {
        self.loopback
    }

    /// The full URL of an API path (starting with `/`) and its encoded query (may be empty).
    pub(crate) fn url(&self, path: &str, query: &str) -> String {
        if query.is_empty() {
            format!("{}{path}", self.root)
        } else {
            format!("{}{path}?{query}", self.root)
        }
    }
}

/// Parses a base URL and applies the policy: http(s) only, no credentials, query or fragment,
/// plain http only to loopback.
pub(crate) fn check_base_url(base: &str) -> Result<Url, ClientError> {
    let invalid =
        |url: String, problem| ClientError::from(ClientErrorKind::InvalidBaseUrl { url, problem });
    let url = match Url::parse(base.trim()) {
        Ok(url) => url,
        Err(err) => return Err(invalid(redact_unparsed(base), BaseUrlProblem::Parse(err))),
    };
    if !url.username().is_empty() || url.password().is_some() {
        let mut shown = url.clone();
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        return Err(invalid(shown.to_string(), BaseUrlProblem::Credentials));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(url.to_string(), BaseUrlProblem::QueryOrFragment));
    }
    let Some(host) = url.host() else {
        return Err(invalid(url.to_string(), BaseUrlProblem::NoHost));
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&host) => Ok(url),
        "http" => Err(ClientErrorKind::InsecureBaseUrl {
            url: url.to_string(),
        }
        .into()),
        other => Err(invalid(
            url.to_string(),
            BaseUrlProblem::Scheme(other.to_owned()),
        )),
    }
}

/// A URL that did not parse, with anything between `//` and `@` hidden (it may be a password).
fn redact_unparsed(base: &str) -> String {
    match (base.find("://"), base.rfind('@')) {
        (Some(start), Some(at)) if at > start => {
            format!("{}<redacted>{}", &base[..start + 3], &base[at..])
        }
        _ => base.to_owned(),
    }
}

/// True for `127.0.0.0/8`, `::1` and `localhost`.
fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => {
            let name = name.trim_end_matches('.');
            name.eq_ignore_ascii_case("localhost")
        }
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// A store hash must be a safe path segment.
fn check_store_hash(store_hash: &StoreHash) -> Result<(), ClientError> {
    let value = store_hash.as_str();
    let valid = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(ClientErrorKind::InvalidStoreHash {
            store_hash: value.to_owned(),
        }
        .into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(base: &str) -> Result<ApiRoot, ClientError> {
        ApiRoot::new(base, &StoreHash::from("abc123"))
    }

    #[test]
    fn https_is_accepted_anywhere() {
        let root = root("https://api.bigcommerce.com/").expect("https accepted");
        assert_eq!(
            root.url("/content/pages", "page=2"),
            "https://api.bigcommerce.com/stores/abc123/v3/content/pages?page=2"
        );
        assert!(!root.is_loopback());
    }

    #[test]
    fn plain_http_is_accepted_only_for_loopback() {
        for base in [
            "http://127.0.0.1:8787",
            "http://127.3.4.5",
            "http://[::1]:9000",
            "http://localhost:8787",
            "http://LOCALHOST",
        ] {
            let root = root(base).unwrap_or_else(|e| panic!("{base} refused: {e}"));
            assert!(root.is_loopback(), "{base}");
        }
        for base in [
            "http://api.bigcommerce.com",
            "http://10.0.0.1:8787",
            "http://[::2]",
            "http://localhost.evil.example",
            "http://128.0.0.1",
        ] {
            assert!(
                matches!(
                    root(base).map_err(ClientError::into_kind),
                    Err(ClientErrorKind::InsecureBaseUrl { .. })
                ),
                "{base} accepted"
            );
        }
    }

    #[test]
    fn a_path_prefix_is_kept() {
        let root = root("http://127.0.0.1:8787/proxy/").expect("accepted");
        assert_eq!(
            root.url("/channels", ""),
            "http://127.0.0.1:8787/proxy/stores/abc123/v3/channels"
        );
    }

    #[test]
    fn unusable_urls_are_refused_without_echoing_credentials() {
        let err = root("https://user:s3cret@api.example.com").expect_err("credentials refused");
        assert!(matches!(
            err.kind(),
            ClientErrorKind::InvalidBaseUrl {
                problem: BaseUrlProblem::Credentials,
                ..
            }
        ));
        assert!(!format!("{err} {err:?}").contains("s3cret"));
        let err = root("ht!tp://user:s3cret@").expect_err("garbage refused");
        assert!(!format!("{err} {err:?}").contains("s3cret"), "{err:?}");
        assert!(matches!(
            root("ftp://example.com").map_err(ClientError::into_kind),
            Err(ClientErrorKind::InvalidBaseUrl {
                problem: BaseUrlProblem::Scheme(_),
                ..
            })
        ));
        assert!(matches!(
            root("https://example.com/?a=b").map_err(ClientError::into_kind),
            Err(ClientErrorKind::InvalidBaseUrl {
                problem: BaseUrlProblem::QueryOrFragment,
                ..
            })
        ));
    }

    #[test]
    fn store_hash_must_be_a_plain_segment() {
        for bad in ["", "../x", "a/b", "a b", "a?b"] {
            assert!(
                matches!(
                    ApiRoot::new(DEFAULT_BASE_URL, &StoreHash::from(bad))
                        .map_err(ClientError::into_kind),
                    Err(ClientErrorKind::InvalidStoreHash { .. })
                ),
                "{bad:?} accepted"
            );
        }
        assert!(ApiRoot::new(DEFAULT_BASE_URL, &StoreHash::from("Ab-c_9")).is_ok());
    }
}
