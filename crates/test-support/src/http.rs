//! Plain reqwest clients, for talking to a sandbox without pageport's client.

use crate::tls::install_crypto_provider;

/// An async HTTP client.
pub fn http() -> reqwest::Client {
    install_crypto_provider();
    reqwest::Client::builder().build().expect("http client")
}

/// A blocking HTTP client, for sync tests.
pub fn blocking_http() -> reqwest::blocking::Client {
    install_crypto_provider();
    reqwest::blocking::Client::builder()
        .build()
        .expect("http client")
}
