//! Changing a sandbox store the way another user (or app) of the store would, through the
//! BigCommerce API with blocking HTTP, for sync tests: preparing content, and changing a target
//! behind a saved plan's back.

use crate::http::blocking_http;
use crate::sandbox::{PRODUCTION_TOKEN, STAGING_TOKEN, SandboxExt};
use pageport_sandbox::RunningSandbox;
use serde_json::{Value, json};

/// One store of a sandbox of [`crate::sandbox::two_stores_config`], reached over HTTP with its token.
pub struct StoreApi {
    base: String,
    token: &'static str,
}

impl StoreApi {
    /// The `staging` store.
    pub fn staging(sandbox: &RunningSandbox) -> Self {
        Self {
            base: format!("{}/stores/staging/v3", sandbox.base_url()),
            token: STAGING_TOKEN,
        }
    }

    /// The `production` store.
    pub fn production(sandbox: &RunningSandbox) -> Self {
        Self {
            base: format!("{}/stores/production/v3", sandbox.base_url()),
            token: PRODUCTION_TOKEN,
        }
    }

    /// Sends a request with a JSON body (or none) and returns the status and the JSON answer
    /// (`null` for an empty body).
    pub fn send(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> (u16, Value) {
        let mut request = blocking_http()
            .request(method, format!("{}{path}", self.base))
            .header("X-Auth-Token", self.token)
            .header("Accept", "application/json");
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().expect("the sandbox answers");
        let status = response.status().as_u16();
        let text = response.text().expect("a readable body");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
        };
        (status, value)
    }

    /// Sends a write that must succeed; returns its answer.
    #[track_caller]
    pub fn write(&self, method: reqwest::Method, path: &str, body: &Value) -> Value {
        let (status, answer) = self.send(method.clone(), path, Some(body));
        assert!(
            (200..300).contains(&status),
            "{method} {path} answered {status}: {answer}"
        );
        answer
    }

    /// Creates one page (`POST /content/pages`) and returns its id.
    #[track_caller]
    pub fn create_page(&self, page: Value) -> u64 {
        let answer = self.write(reqwest::Method::POST, "/content/pages", &json!([page]));
        answer["data"][0]["id"]
            .as_u64()
            .unwrap_or_else(|| panic!("no page id in {answer}"))
    }

    /// Changes fields of one page (`PUT /content/pages/{id}`), as a merchant editing it would.
    #[track_caller]
    pub fn update_page(&self, id: u64, fields: Value) -> Value {
        self.write(
            reqwest::Method::PUT,
            &format!("/content/pages/{id}"),
            &fields,
        )
    }

    /// Deletes one page (`DELETE /content/pages/{id}`).
    #[track_caller]
    pub fn delete_page(&self, id: u64) {
        let (status, answer) = self.send(
            reqwest::Method::DELETE,
            &format!("/content/pages/{id}"),
            None,
        );
        assert_eq!(status, 204, "deleting page {id}: {answer}");
    }

    /// Publishes a Page Widgets document of channel 1 (`POST /content/page-widgets`).
    #[track_caller]
    pub fn publish(&self, template_file: &str, regions: Value) {
        self.write(
            reqwest::Method::POST,
            "/content/page-widgets",
            &json!({"channel_id": 1, "template_file": template_file, "regions": regions}),
        );
    }

    /// Publishes the Page Widgets document of one entity of channel 1 (`pages/category` 18, …).
    #[track_caller]
    pub fn publish_entity(&self, template_file: &str, entity_id: &str, regions: Value) {
        self.write(
            reqwest::Method::POST,
            "/content/page-widgets",
            &json!({"channel_id": 1, "template_file": template_file, "entity_id": entity_id,
                    "regions": regions}),
        );
    }

    /// Creates a category (`POST /catalog/categories`) and returns it as the store answers.
    #[track_caller]
    pub fn create_category(&self, parent_id: u64, name: &str) -> Value {
        let answer = self.write(
            reqwest::Method::POST,
            "/catalog/categories",
            &json!({"parent_id": parent_id, "name": name}),
        );
        answer["data"].clone()
    }

    /// Creates a storefront channel (`POST /channels`) and returns its id.
    #[track_caller]
    pub fn create_channel(&self, name: &str) -> u64 {
        let answer = self.write(
            reqwest::Method::POST,
            "/channels",
            &json!({"name": name, "type": "storefront", "platform": "bigcommerce"}),
        );
        answer["data"]["id"]
            .as_u64()
            .unwrap_or_else(|| panic!("no channel id in {answer}"))
    }
}

/// The uuid of the widget template named `name` in a store (as its state holds it).
#[track_caller]
pub fn template_uuid(sandbox: &RunningSandbox, store: &str, name: &str) -> String {
    sandbox
        .store(store)
        .widget_templates
        .iter()
        .find(|(_, template)| template.name == name)
        .map(|(uuid, _)| uuid.clone())
        .unwrap_or_else(|| panic!("store `{store}` has no widget template {name:?}"))
}

/// Gives production content the demo migration updates and overwrites, as someone using the
/// store would have made it: an `About Us` page (same name and url as staging's, so the plan
/// updates it) with an older body, and a home page with one text widget.
pub fn prepare_production(sandbox: &RunningSandbox) {
    let production = StoreApi::production(sandbox);
    production.create_page(json!({
        "name": "About Us",
        "type": "page",
        "channel_id": 1,
        "url": "/about-us/",
        "body": "<p>Old production text.</p>",
        "meta_title": "About",
        "sort_order": 7,
        "is_visible": true
    }));
    let text = template_uuid(sandbox, "production", "Text");
    production.publish(
        "pages/home",
        json!([{"name": "home_below_menu", "children": [
            {"type": "widget", "widget_template_uuid": text, "name": "Old welcome",
             "configuration": {"text": "Welcome to production"}}
        ]}]),
    );
}
