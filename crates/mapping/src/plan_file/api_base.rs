//! Reading `api_base`: `sandbox:<seed>` for the embedded sandbox, `https://…`, or plain
//! `http://` only to a loopback host (a token must never cross a network in clear text).

use crate::plan_file::ApiBase;

/// Reads an `api_base` value: `sandbox:<seed>`, `https://…`, or `http://` to a loopback host.
pub(super) fn parse_api_base(value: &str) -> Result<ApiBase, &'static str> {
    if let Some(seed) = value.strip_prefix("sandbox:") {
        let valid = !seed.is_empty()
            && seed
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        return if valid {
            Ok(ApiBase::Sandbox(seed.to_owned()))
        } else {
            Err("names no valid sandbox seed (letters, digits, `-` and `_`)")
        };
    }
    let (rest, secure) = if let Some(rest) = value.strip_prefix("https://") {
        (rest, true)
    } else if let Some(rest) = value.strip_prefix("http://") {
        (rest, false)
    } else {
        return Err("is neither an `https://` URL nor `sandbox:<seed>`");
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(
            "must not carry credentials (`user:password@`); the token goes in `access_token`",
        );
    }
    if rest.contains(['?', '#']) {
        return Err("must not have a query or fragment");
    }
    let host = host_of(authority);
    if host.is_empty() {
        return Err("has no host");
    }
    if !secure && !is_loopback(host) {
        return Err("uses plain http to a host that is not loopback; use https");
    }
    Ok(ApiBase::Url(value.trim_end_matches('/').to_owned()))
}

/// The host of a URL authority (`user@host:port`, `[::1]:8787`).
fn host_of(authority: &str) -> &str {
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    if let Some(bracketed) = host_port.strip_prefix('[') {
        return bracketed.split(']').next().unwrap_or_default();
    }
    host_port.split(':').next().unwrap_or_default()
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_base_accepts_https_loopback_http_and_sandbox() {
        assert_eq!(
            parse_api_base("https://api.bigcommerce.com/"),
            Ok(ApiBase::Url("https://api.bigcommerce.com".to_owned()))
        );
        assert!(parse_api_base("http://127.0.0.1:8787").is_ok());
        assert!(parse_api_base("http://localhost:8787/x").is_ok());
        assert!(parse_api_base("http://[::1]:8787").is_ok());
        assert_eq!(
            parse_api_base("sandbox:demo"),
            Ok(ApiBase::Sandbox("demo".to_owned()))
        );
    }

    #[test]
    fn api_base_refuses_remote_http_and_other_schemes() {
        assert!(parse_api_base("http://api.bigcommerce.com").is_err());
        assert!(parse_api_base("http://127.0.0.1.evil.com").is_err());
        assert!(parse_api_base("ftp://x").is_err());
        assert!(parse_api_base("https://").is_err());
        assert!(parse_api_base("sandbox:").is_err());
    }

    #[test]
    fn api_base_refuses_credentials_queries_and_fragments() {
        assert!(parse_api_base("https://user:pw@api.example.com").is_err());
        assert!(parse_api_base("https://api.example.com/?token=x").is_err());
        assert!(parse_api_base("https://api.example.com/#x").is_err());
    }
}
