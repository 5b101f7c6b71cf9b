//! A channel's site (`/channels/{channel_id}/site`): the URLs a storefront is served at. Read
//! and create are implemented; update and delete answer 405 naming what is missing.

use crate::error;
use crate::query::QueryParams;
use crate::server::StoreCtx;
use crate::state::{Sandbox, StoreState};
use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router, routing::get};
use pageport_model::{ChannelId, Site, SiteUrl};
use serde_json::{Value, json};

const ITEM: &str = "/stores/{store_hash}/v3/channels/{channel_id}/site";

/// The routes of a channel's site.
pub(crate) fn routes() -> Router<Sandbox> {
    Router::new().route(
        ITEM,
        get(fetch)
            .post(create)
            .put(not_implemented)
            .delete(not_implemented),
    )
}

/// The site a new store's default storefront is served at, as BigCommerce names it.
pub(crate) fn default_site(store_hash: &str, channel: ChannelId) -> Site {
    build_site(
        channel,
        &format!("https://store-{store_hash}.mybigcommerce.com/"),
        "2024-01-01T00:00:00Z",
    )
}

/// `GET /channels/{channel_id}/site`.
async fn fetch(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Path((_, channel_id)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    if let Err(refused) = QueryParams::accept(pairs, &[]) {
        return refused;
    }
    let found = channel(&channel_id).and_then(|channel| {
        sandbox
            .read_store(&ctx.store_hash, |store| store.sites.get(&channel).cloned())
            .flatten()
    });
    // ASSUMPTION: a channel without a site (or an unknown channel) answers 404; the Channels
    // API reference documents only the 200.
    match found {
        Some(site) => Json(json!({"data": site, "meta": {}})).into_response(),
        None => error::fields_error(StatusCode::NOT_FOUND, "Not found", json!({})),
    }
}

/// `POST /channels/{channel_id}/site` with `{"url": …}`: 200 with the new site.
async fn create(
    State(sandbox): State<Sandbox>,
    Extension(ctx): Extension<StoreCtx>,
    Path((_, channel_id)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Response {
    if let Err(refused) = QueryParams::accept(pairs, &[]) {
        return refused;
    }
    let Some(channel) = channel(&channel_id) else {
        return error::fields_error(StatusCode::NOT_FOUND, "Not found", json!({}));
    };
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let url = match body.get("url") {
        Some(Value::String(url)) if is_absolute_http(url) => url.clone(),
        Some(Value::String(_)) => {
            return unprocessable(json!({"url": "must be a fully qualified http(s) URL"}));
        }
        Some(_) => return unprocessable(json!({"url": "error.expected.jsstring"})),
        None => return unprocessable(json!({"url": "error.path.missing"})),
    };
    if let Some(other) = body.get("channel_id")
        && other.as_u64() != Some(channel.0)
    {
        return unprocessable(json!({"channel_id": "must match the channel in the path"}));
    }
    let now = crate::timestamps::channels_now();
    let created = sandbox.write_store(&ctx.store_hash, |store: &mut StoreState| {
        if !store.channels.contains_key(&channel) {
            return Err(error::fields_error(
                StatusCode::NOT_FOUND,
                "Not found",
                json!({}),
            ));
        }
        // ASSUMPTION: each channel has zero or one site (site_Post), so a second create is a
        // 422 rather than a replace.
        if store.sites.contains_key(&channel) {
            return Err(unprocessable(
                json!({"channel_id": "this channel already has a site"}),
            ));
        }
        let site = build_site(channel, &url, &now);
        store.sites.insert(channel, site.clone());
        Ok(site)
    });
    match created {
        None => crate::routes::not_found().await,
        Some(Err(refused)) => refused,
        Some(Ok(site)) => Json(json!({"data": site, "meta": {}})).into_response(),
    }
}

/// PUT and DELETE of a site: not emulated, so refused loudly rather than ignored.
async fn not_implemented() -> Response {
    error::fields_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "the sandbox does not implement updating or deleting a channel's site",
        json!({}),
    )
}

/// The channel id of the path, if it is a number.
fn channel(segment: &str) -> Option<ChannelId> {
    segment.parse::<u64>().ok().map(ChannelId)
}

fn is_absolute_http(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
}

fn unprocessable(errors: Value) -> Response {
    error::fields_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "JSON data is missing or invalid",
        errors,
    )
}

/// A site whose primary, canonical and checkout URLs are `url`; its id is derived from the
/// channel, which has at most one site.
pub(crate) fn build_site(channel: ChannelId, url: &str, now: &str) -> Site {
    let stamped = |kind: &str| {
        let mut extra = pageport_model::Extra::new();
        extra.insert("created_at".into(), now.into());
        extra.insert("updated_at".into(), now.into());
        SiteUrl {
            url: url.to_owned(),
            url_type: Some(kind.to_owned()),
            extra,
        }
    };
    let mut extra = pageport_model::Extra::new();
    extra.insert("created_at".into(), now.into());
    extra.insert("updated_at".into(), now.into());
    extra.insert("ssl_status".into(), "shared".into());
    extra.insert("is_checkout_url_customized".into(), false.into());
    Site {
        id: 1000 + channel.0,
        url: url.to_owned(),
        channel_id: channel,
        urls: ["primary", "canonical", "checkout"]
            .into_iter()
            .map(stamped)
            .collect(),
        extra,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_urls_name_a_site() {
        assert!(is_absolute_http("https://kittens.example/"));
        assert!(is_absolute_http("http://kittens.example"));
        for bad in [
            "kittens.example",
            "https://",
            "https:///path",
            "ftp://kittens.example/",
        ] {
            assert!(!is_absolute_http(bad), "{bad}");
        }
    }
}
