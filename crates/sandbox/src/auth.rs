//! `X-Auth-Token` authentication: each store opens with its own token only.

use crate::error;
use crate::server::StoreCtx;
use crate::state::Sandbox;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;

/// Checks the request's token against the store named in its path.
///
/// A missing or unknown token gets 401; the token of another store gets 403 and nothing of this
/// store ([SC]: 403 = valid credentials without access). A path that names no store
/// (`/stores/{store_hash}/v3/...`) gets 404; an unknown store hash is answered like a known one
/// with a wrong token (401, or 403 for another store's token), so store hashes cannot be probed.
pub(crate) fn authenticate(sandbox: &Sandbox, request: &Request) -> Result<StoreCtx, Response> {
    let store_hash = store_hash_of(request.uri().path()).ok_or_else(|| {
        error::pages_brief(
            StatusCode::NOT_FOUND,
            "The requested resource was not found",
        )
    })?;
    let token = request
        .headers()
        .get("x-auth-token")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let world = sandbox.world();
    // ASSUMPTION (CONTRACT §11 #7): 401/403 bodies use the Pages brief shape.
    if token.is_empty() {
        return Err(error::pages_brief(
            StatusCode::UNAUTHORIZED,
            "Missing X-Auth-Token header",
        ));
    }
    match world.stores.get(store_hash) {
        Some(store) if constant_time_eq(store.access_token.as_bytes(), token.as_bytes()) => {
            Ok(StoreCtx {
                store_hash: store_hash.to_owned(),
            })
        }
        _ if world
            .stores
            .values()
            .any(|other| constant_time_eq(other.access_token.as_bytes(), token.as_bytes())) =>
        {
            Err(error::pages_brief(
                StatusCode::FORBIDDEN,
                "This token does not grant access to this store",
            ))
        }
        None => Err(error::pages_brief(
            StatusCode::UNAUTHORIZED,
            "Invalid credentials",
        )),
        Some(_) => Err(error::pages_brief(
            StatusCode::UNAUTHORIZED,
            "Invalid credentials",
        )),
    }
}

/// The `{store_hash}` of a `/stores/{store_hash}/v3/...` path.
pub(crate) fn store_hash_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("/stores/")?;
    let (hash, tail) = rest.split_once('/')?;
    (tail.starts_with("v3") && !hash.is_empty()).then_some(hash)
}

/// Compares secrets without an early exit on the first differing byte.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_hash_comes_from_the_path() {
        assert_eq!(
            store_hash_of("/stores/abc123/v3/content/pages"),
            Some("abc123")
        );
        assert_eq!(store_hash_of("/stores//v3/content/pages"), None);
        assert_eq!(store_hash_of("/other/abc/v3"), None);
    }
}
