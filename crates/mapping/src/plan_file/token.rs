//! The access token type: a secret that no `Debug`, `Display` or log line can reveal.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// A store's API access token (`X-Auth-Token`), held so that it is never printed.
///
/// `Debug` and `Display` show `***`; only [`AccessToken::expose`] gives the value, and only the
/// client should call it when it builds a request.
#[derive(Clone)]
pub struct AccessToken(SecretString);

impl AccessToken {
    /// Wraps a token value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(SecretString::from(value.into()))
    }

    /// The token value, for the one place that must send it (the HTTP client).
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let token = AccessToken::new("s3cr3t-token-value");
        assert_eq!(format!("{token}"), "***");
        assert_eq!(format!("{token:?}"), "AccessToken(***)");
        assert_eq!(format!("{token:#?}"), "AccessToken(***)");
        assert!(!format!("{:?}", Some(&token)).contains("s3cr3t"));
        assert_eq!(token.expose(), "s3cr3t-token-value");
    }
}
