//! rustls needs a process-wide crypto provider before the first client is built.

/// Installs rustls' `ring` provider for this process; a second call changes nothing.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
