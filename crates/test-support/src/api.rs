//! Raw async calls to a sandbox: a store's v3 API with a given token, and the admin API. The
//! whole answer comes back as an [`Answer`], so tests can check statuses, headers and bodies.

use crate::http::http;
use crate::sandbox::STAGING_TOKEN;
use pageport_sandbox::RunningSandbox;

/// The URL of a BigCommerce v3 path of a store, e.g. `url(&sb, "staging", "/content/pages")`.
pub fn url(sandbox: &RunningSandbox, store: &str, path: &str) -> String {
    format!("{}/stores/{store}/v3{path}", sandbox.base_url())
}

/// The URL of an admin path, e.g. `admin_url(&sb, "/requests")`.
pub fn admin_url(sandbox: &RunningSandbox, path: &str) -> String {
    format!(
        "{}{}{path}",
        sandbox.base_url(),
        pageport_sandbox::ADMIN_PREFIX
    )
}

/// One answer: status, headers and the body as JSON (`Null` when empty or not JSON).
#[derive(Debug)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body as JSON.
    pub body: serde_json::Value,
}

impl Answer {
    /// A header's value as text ("" when absent).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// A header's value as a number (panics when absent or not a number).
    pub fn header_u64(&self, name: &str) -> u64 {
        self.header(name)
            .parse()
            .unwrap_or_else(|_| panic!("header {name} is `{}`", self.header(name)))
    }
}

/// Reads a response into an [`Answer`].
pub async fn read(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body readable");
    let body = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    Answer {
        status,
        headers,
        body,
    }
}

/// Raw calls to one store's v3 API with a given token.
pub struct StoreApi<'a> {
    sandbox: &'a RunningSandbox,
    store: &'a str,
    token: &'a str,
    http: reqwest::Client,
}

impl<'a> StoreApi<'a> {
    /// Calls `store` with `token`.
    pub fn new(sandbox: &'a RunningSandbox, store: &'a str, token: &'a str) -> Self {
        Self {
            sandbox,
            store,
            token,
            http: http(),
        }
    }

    /// Calls the `staging` store with its own token.
    pub fn staging(sandbox: &'a RunningSandbox) -> Self {
        Self::new(sandbox, "staging", STAGING_TOKEN)
    }

    /// `GET` a v3 path (query included).
    pub async fn get(&self, path: &str) -> Answer {
        self.send(self.http.get(url(self.sandbox, self.store, path)))
            .await
    }

    /// `POST` JSON to a v3 path.
    pub async fn post(&self, path: &str, body: &serde_json::Value) -> Answer {
        self.send(
            self.http
                .post(url(self.sandbox, self.store, path))
                .json(body),
        )
        .await
    }

    /// `PUT` JSON to a v3 path.
    pub async fn put(&self, path: &str, body: &serde_json::Value) -> Answer {
        self.send(
            self.http
                .put(url(self.sandbox, self.store, path))
                .json(body),
        )
        .await
    }

    /// `DELETE` a v3 path (query included).
    pub async fn delete(&self, path: &str) -> Answer {
        self.send(self.http.delete(url(self.sandbox, self.store, path)))
            .await
    }

    /// Sends a request with the token and reads the whole answer.
    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        read(
            request
                .header("X-Auth-Token", self.token)
                .send()
                .await
                .expect("answered"),
        )
        .await
    }
}

/// `GET` an admin path.
pub async fn admin_get(sandbox: &RunningSandbox, path: &str) -> Answer {
    read(
        http()
            .get(admin_url(sandbox, path))
            .send()
            .await
            .expect("answered"),
    )
    .await
}

/// Replaces the fault configuration through the admin API.
pub async fn set_faults(sandbox: &RunningSandbox, faults: serde_json::Value) {
    let response = http()
        .put(admin_url(sandbox, "/faults"))
        .json(&faults)
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200, "faults accepted");
}
