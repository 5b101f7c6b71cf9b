//! Every JSON example of the API doc seeds and the OpenAPI files, read into its model type and
//! written back: the result must be the same JSON value (nothing dropped or added, `null` kept
//! apart from absent, `"77"` kept apart from `77`).
//!
//! Each fixture in `tests/fixtures/` is its own `#[test]`, named after the file, so a failure
//! names the example; `tests/fixtures/README.md` gives each one's source file and line.
//!
//! - [`meaning`] — what the examples mean, read through the model
//! - [`refusals`] — what the model must refuse

mod meaning;
mod refusals;

use pageport_model::{
    ApiErrorBody, Channel, ChannelCreate, Envelope, OneOrMany, Page, PageWidgets,
    PageWidgetsPublish, Product, WidgetTemplate, WidgetTemplateCreate,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The fixtures directory.
fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fixture's JSON, by file stem.
fn load(name: &str) -> Value {
    let path = fixtures_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read `{}`: {err}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("`{name}` is not valid JSON: {err}"))
}

/// Reads a fixture into `T`, writes it back, and fails on the first difference.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let type_name = std::any::type_name::<T>();
    let original = load(name);
    let typed: T = serde_json::from_value(original.clone())
        .unwrap_or_else(|err| panic!("`{name}` does not read as `{type_name}`: {err}"));
    let written = serde_json::to_value(&typed).expect("model types serialize");
    if let Some(difference) = first_difference(&original, &written, String::new()) {
        panic!("`{name}` changed on its round trip through `{type_name}`: {difference}");
    }
    typed
}

/// The first place, as a JSON pointer, where `written` differs from `original`.
fn first_difference(original: &Value, written: &Value, at: String) -> Option<String> {
    match (original, written) {
        (Value::Object(a), Value::Object(b)) => {
            if let Some(key) = a.keys().find(|k| !b.contains_key(*k)) {
                return Some(format!("`{at}/{key}` was dropped"));
            }
            if let Some(key) = b.keys().find(|k| !a.contains_key(*k)) {
                return Some(format!("`{at}/{key}` was added"));
            }
            a.iter()
                .find_map(|(k, v)| first_difference(v, &b[k], format!("{at}/{k}")))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, format!("{at}/{i}"))),
        _ if original == written => None,
        _ => Some(format!("`{at}` was `{original}`, became `{written}`")),
    }
}

macro_rules! round_trip_tests {
    ($($test:ident: $ty:ty = $file:literal;)+) => {
        $(
            #[test]
            fn $test() {
                round_trip::<$ty>($file);
            }
        )+

        /// Every fixture with a round-trip test above.
        const ROUND_TRIPPED: &[&str] = &[$($file),+];
    };
}

round_trip_tests! {
    // Seeds: page widgets.
    page_widgets_get_snapshot_response: Envelope<PageWidgets> = "page-widgets-get-snapshot-response";
    page_widgets_guide_snapshot_response: Envelope<PageWidgets> = "page-widgets-guide-snapshot-response";
    page_widgets_guide_publish_request: PageWidgetsPublish = "page-widgets-guide-publish-request";
    // Seeds: pages.
    pages_create_request_artifact: Page = "pages-create-request-artifact";
    pages_create_request_array: Vec<Page> = "pages-create-request-array";
    pages_create_request_object: Page = "pages-create-request-object";
    pages_create_response: Envelope<OneOrMany<Page>> = "pages-create-response";
    pages_v3_reference_get_pages_response: Envelope<Vec<Page>> = "pages-v3-reference-get-pages-response";
    pages_v3_reference_create_pages_request: Page = "pages-v3-reference-create-pages-request";
    pages_v3_reference_create_pages_response: Envelope<OneOrMany<Page>> = "pages-v3-reference-create-pages-response";
    pages_v3_reference_update_pages_request: Page = "pages-v3-reference-update-pages-request";
    pages_v3_reference_update_pages_response: Envelope<Vec<Page>> = "pages-v3-reference-update-pages-response";
    pages_v3_reference_get_page_response: Envelope<OneOrMany<Page>> = "pages-v3-reference-get-page-response";
    pages_v3_reference_update_page_request: Page = "pages-v3-reference-update-page-request";
    pages_v3_reference_update_page_response: Envelope<OneOrMany<Page>> = "pages-v3-reference-update-page-response";
    // OpenAPI: pages.
    openapi_pages_create_pages_request_array: Vec<Page> = "openapi-pages-create-pages-request-array";
    openapi_pages_update_pages_response: Envelope<Vec<Page>> = "openapi-pages-update-pages-response";
    openapi_pages_update_pages_404: ApiErrorBody = "openapi-pages-update-pages-404";
    openapi_pages_update_pages_422: ApiErrorBody = "openapi-pages-update-pages-422";
    openapi_pages_delete_pages_404: ApiErrorBody = "openapi-pages-delete-pages-404";
    openapi_pages_delete_pages_422: ApiErrorBody = "openapi-pages-delete-pages-422";
    openapi_pages_get_page_blog_response: Envelope<OneOrMany<Page>> = "openapi-pages-get-page-blog-response";
    openapi_pages_get_page_contact_form_response: Envelope<OneOrMany<Page>> = "openapi-pages-get-page-contact-form-response";
    openapi_pages_get_page_page_response: Envelope<OneOrMany<Page>> = "openapi-pages-get-page-page-response";
    openapi_pages_get_page_raw_response: Envelope<OneOrMany<Page>> = "openapi-pages-get-page-raw-response";
    openapi_pages_get_page_link_response: Envelope<OneOrMany<Page>> = "openapi-pages-get-page-link-response";
    openapi_pages_get_page_404: ApiErrorBody = "openapi-pages-get-page-404";
    openapi_pages_get_page_422: ApiErrorBody = "openapi-pages-get-page-422";
    openapi_pages_2025_05_14_create_pages_request_array: Vec<Page> = "openapi-pages-2025-05-14-create-pages-request-array";
    openapi_pages_2025_05_14_get_page_feed_response: Envelope<OneOrMany<Page>> = "openapi-pages-2025-05-14-get-page-feed-response";
    // OpenAPI: page widgets.
    openapi_page_widgets_snapshot_response: Envelope<PageWidgets> = "openapi-page-widgets-snapshot-response";
    // OpenAPI: widget templates.
    openapi_widgets_create_widget_template_request: WidgetTemplateCreate = "openapi-widgets-create-widget-template-request";
    openapi_widgets_create_widget_template_request_custom_configuration: WidgetTemplateCreate = "openapi-widgets-create-widget-template-request-custom-configuration";
    openapi_widgets_widget_template_response: Envelope<WidgetTemplate> = "openapi-widgets-widget-template-response";
    openapi_widgets_widget_templates_response: Envelope<Vec<WidgetTemplate>> = "openapi-widgets-widget-templates-response";
    openapi_widgets_404: ApiErrorBody = "openapi-widgets-404";
    // OpenAPI: channels.
    openapi_channels_create_channel_request: ChannelCreate = "openapi-channels-create-channel-request";
    openapi_channels_channels_response: Envelope<Vec<Channel>> = "openapi-channels-channels-response";
    openapi_channels_channel_response: Envelope<Channel> = "openapi-channels-channel-response";
    openapi_channels_channel_with_currencies_response: Envelope<Channel> = "openapi-channels-channel-with-currencies-response";
    openapi_channels_404: ApiErrorBody = "openapi-channels-404";
    openapi_channels_422: ApiErrorBody = "openapi-channels-422";
    // OpenAPI: products.
    openapi_products_product_response: Envelope<Product> = "openapi-products-product-response";
    openapi_products_create_product_response_unwrapped: Product = "openapi-products-create-product-response-unwrapped";
    openapi_products_update_products_413: ApiErrorBody = "openapi-products-update-products-413";
}

#[test]
fn every_fixture_has_a_round_trip_test_and_a_readme_entry() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|entry| entry.expect("dir entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            path.file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let tested: BTreeSet<String> = ROUND_TRIPPED.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        on_disk, tested,
        "fixtures on disk vs fixtures round-tripped"
    );
    let readme = std::fs::read_to_string(fixtures_dir().join("README.md")).expect("README.md");
    for name in &on_disk {
        assert!(
            readme.contains(&format!("`{name}.json`")),
            "README.md does not list `{name}.json`"
        );
    }
}

#[test]
fn the_round_trip_check_names_what_changed() {
    let original = json!({"a": {"id": "77", "keywords": null, "list": [1, 2]}});
    let cases = [
        (
            json!({"a": {"id": 77, "keywords": null, "list": [1, 2]}}),
            "`/a/id` was `\"77\"`, became `77`",
        ),
        (
            json!({"a": {"id": "77", "list": [1, 2]}}),
            "`/a/keywords` was dropped",
        ),
        (
            json!({"a": {"id": "77", "keywords": null, "list": [1, 2], "meta": {}}}),
            "`/a/meta` was added",
        ),
        (
            json!({"a": {"id": "77", "keywords": null, "list": [1]}}),
            "`/a/list` was `[1,2]`, became `[1]`",
        ),
    ];
    for (written, expected) in cases {
        let found = first_difference(&original, &written, String::new());
        assert_eq!(found.as_deref(), Some(expected));
    }
    assert_eq!(first_difference(&original, &original, String::new()), None);
}
