//! The demo sandbox (staging → production) over real HTTP, the demo migration plan built the
//! way the CLI builds it, and a normalised view of a store for comparing runs across sandboxes
//! (ids and minted uuids differ between sandboxes; names do not).

use pageport_apply::ApplyOptions;
use pageport_apply::inventory_reader::{read_documents, read_inventory};
use pageport_client::{PacingConfig, StoreClient};
use pageport_extract::{DocumentSelector, ExtractRequest, PageFilter};
use pageport_mapping::PlanFile;
use pageport_model::{
    Bundle, ChannelId, Page, PageType, PageWidgetsKey, PageWidgetsPublish, StoreHash,
};
use pageport_plan::{MigrationPlan, Planner};
use pageport_sandbox::state::StoreState;
use pageport_sandbox::{RunningSandbox, SandboxConfig, Seed};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;
use tempfile::TempDir;

/// A running demo sandbox with clients of both stores and a state directory for runs.
pub struct Demo {
    pub sandbox: RunningSandbox,
    pub staging: StoreClient,
    pub production: StoreClient,
    pub plan_file: PlanFile,
    pub state: TempDir,
}

impl Demo {
    /// The demo sandbox without quota, adjusted by `tweak`.
    pub fn start(tweak: impl FnOnce(&mut SandboxConfig)) -> Self {
        let mut config = SandboxConfig::with_stores([
            ("staging", "staging-token"),
            ("production", "production-token"),
        ]);
        config.seed = Some(Seed::Demo);
        config.quota = None;
        tweak(&mut config);
        let sandbox = RunningSandbox::start(config).unwrap();
        let staging = client(&sandbox, "staging", "staging-token");
        let production = client(&sandbox, "production", "production-token");
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../migrations.example.yaml");
        let text = std::fs::read_to_string(path).unwrap();
        let plan_file = PlanFile::from_str(&text, path, &|_| None).unwrap();
        Self {
            sandbox,
            staging,
            production,
            plan_file,
            state: tempfile::tempdir().unwrap(),
        }
    }

    /// Apply options with runs under this demo's state directory.
    pub fn options(&self) -> ApplyOptions {
        ApplyOptions::new(self.state.path())
    }

    /// The production store's content now.
    pub fn production_state(&self) -> StoreState {
        self.sandbox.sandbox().store_state("production").unwrap()
    }

    /// Write requests the sandbox received so far.
    pub fn writes(&self) -> usize {
        let requests = self.sandbox.sandbox().requests();
        requests.iter().filter(|r| r.is_write()).count()
    }

    /// Extracts the plan's selection from staging, as `pageport extract` does.
    pub async fn bundle(&self) -> Bundle {
        let request = ExtractRequest {
            channel_id: ChannelId(1),
            pages: PageFilter::All,
            documents: vec![
                DocumentSelector::Global,
                DocumentSelector::Template {
                    template_file: "pages/home".into(),
                    entity_ids: None,
                },
                DocumentSelector::Template {
                    template_file: "pages/page".into(),
                    entity_ids: None,
                },
                DocumentSelector::Template {
                    template_file: "pages/product".into(),
                    entity_ids: Some(vec!["77".into(), "80".into()]),
                },
            ],
        };
        let extracted = pageport_extract::extract(&self.staging, &request)
            .await
            .unwrap();
        let references = pageport_mapping::catalog_references(
            &extracted.documents,
            &self.plan_file.mappings.fields,
        );
        let (products, categories) = (references.products, references.categories);
        let catalog = pageport_extract::fetch_catalog(
            &self.staging,
            &products,
            &categories,
            &BTreeSet::new(),
        )
        .await
        .unwrap();
        pageport_extract::into_bundle(
            extracted,
            catalog,
            StoreHash::from("staging"),
            ChannelId(1),
            "2026-03-01T12:00:00Z".into(),
        )
    }

    /// Builds the demo migration plan against production as it is now.
    pub async fn plan(&self) -> MigrationPlan {
        let bundle = self.bundle().await;
        let inventory = read_inventory(&self.production, ChannelId(1), &bundle)
            .await
            .unwrap();
        let planner = Planner::new(&bundle, &self.plan_file, inventory).unwrap();
        let keys = planner.document_keys_to_read();
        let documents = read_documents(&self.production, &keys, 4).await.unwrap();
        let plan = planner.finish(documents).unwrap();
        assert!(
            !plan.has_errors(),
            "{}",
            pageport_plan::render_text(&plan, false)
        );
        plan
    }

    /// Gives production content the demo migration will update and overwrite: an `About Us`
    /// page with an older body and meta title, and a home page with a text widget.
    pub async fn prepare_production(&self) {
        let mut about = Page::new("About Us", PageType::Page);
        about.channel_id = Some(ChannelId(1));
        about.url = Some("/about-us/".into());
        about.body = Some(Some("<p>Old production text.</p>".into()));
        about.meta_title = Some(Some("About".into()));
        about.sort_order = Some(7);
        let outcome = self.production.create_pages(&[about]).await;
        assert!(outcome.is_complete(), "{:?}", outcome.failed);
        let templates = self
            .production
            .list_widget_templates(ChannelId(1))
            .await
            .unwrap();
        let text = templates.iter().find(|t| t.name == "Text").unwrap();
        let regions = serde_json::from_value(json!([{"name": "home_below_menu", "children": [
            {"type": "widget", "widget_template_uuid": text.uuid, "name": "Old welcome",
             "configuration": {"text": "Welcome to production"}}
        ]}]))
        .unwrap();
        self.production
            .publish_page_widgets(&PageWidgetsPublish {
                channel_id: Some(ChannelId(1)),
                template_file: Some("pages/home".into()),
                entity_id: None,
                regions,
            })
            .await
            .unwrap();
    }
}

/// A client of one sandbox store, with fast backoff so fault tests stay quick.
pub fn client(sandbox: &RunningSandbox, store: &str, token: &str) -> StoreClient {
    StoreClient::builder()
        .base_url(sandbox.base_url())
        .store_hash(StoreHash::from(store))
        .access_token(token.to_owned().into())
        .pacing(PacingConfig {
            backoff_base: Duration::from_millis(1),
            backoff_cap: Duration::from_millis(5),
            request_timeout: Duration::from_secs(10),
            ..PacingConfig::default()
        })
        .build()
        .unwrap()
}

/// A store's pages, documents and templates with store-assigned ids replaced by names: pages
/// by name (parents by their name), documents of pages keyed by the page's name, template
/// uuids by the template's name.
pub fn normalized(state: &StoreState) -> Value {
    let page_names: BTreeMap<u64, String> = state
        .pages
        .iter()
        .map(|(id, page)| (id.get(), page.name.clone()))
        .collect();
    let template_names: BTreeMap<String, String> = state
        .widget_templates
        .iter()
        .map(|(uuid, t)| (uuid.clone(), t.name.clone()))
        .collect();
    let mut pages = BTreeMap::new();
    for page in state.pages.values() {
        let mut value = serde_json::to_value(page).unwrap();
        let object = value.as_object_mut().unwrap();
        object.remove("id");
        let parent = page.parent().map(|p| page_names.get(&p.get()).cloned());
        object.insert("parent_id".into(), json!(parent));
        pages.insert(page.name.clone(), value);
    }
    let mut documents = BTreeMap::new();
    for (key, regions) in &state.page_widgets {
        let mut value = serde_json::to_value(regions).unwrap();
        rename_uuids(&mut value, &template_names);
        documents.insert(document_name(key, &page_names), value);
    }
    let templates: BTreeSet<&String> = template_names.values().collect();
    json!({"pages": pages, "documents": documents, "templates": templates})
}

fn document_name(key: &PageWidgetsKey, page_names: &BTreeMap<u64, String>) -> String {
    let is_page = key
        .template_file
        .as_ref()
        .is_some_and(|f| f.as_str() == "pages/page");
    match (&key.entity_id, is_page) {
        (Some(entity), true) => {
            let name = entity
                .as_str()
                .parse::<u64>()
                .ok()
                .and_then(|id| page_names.get(&id).cloned())
                .unwrap_or_else(|| format!("missing page {entity}"));
            format!("channel {} pages/page of {name}", key.channel_id)
        }
        _ => key.to_string(),
    }
}

fn rename_uuids(value: &mut Value, names: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (field, inner) in map.iter_mut() {
                match (field.as_str(), inner.as_str()) {
                    ("widget_template_uuid", Some(uuid)) => {
                        let name = names.get(uuid).cloned().unwrap_or_else(|| uuid.to_owned());
                        *inner = Value::String(format!("template {name}"));
                    }
                    _ => rename_uuids(inner, names),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_uuids(v, names)),
        _ => {}
    }
}

/// An [`ApplyProgress`] that keeps every event.
#[derive(Debug, Default)]
pub struct Recorder(std::sync::Mutex<Vec<pageport_apply::ApplyEvent>>);

impl Recorder {
    /// The events so far.
    pub fn events(&self) -> Vec<pageport_apply::ApplyEvent> {
        self.0.lock().unwrap().clone()
    }
}

impl pageport_apply::ApplyProgress for Recorder {
    fn on_event(&self, event: &pageport_apply::ApplyEvent) {
        self.0.lock().unwrap().push(event.clone());
    }
}

/// How many pages of each name a store holds.
pub fn page_counts(state: &StoreState) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for page in state.pages.values() {
        *counts.entry(page.name.clone()).or_default() += 1;
    }
    counts
}
