//! The demo sandbox (staging → production) over real HTTP with clients of both stores, and the
//! demo migration plan built the way the CLI builds it. Starting the sandbox, the clients and
//! the normalised views of a store come from the shared harness (`pageport-test-support`).

use pageport_apply::ApplyOptions;
use pageport_apply::inventory_reader::{read_documents, read_inventory};
use pageport_client::StoreClient;
use pageport_extract::{DocumentSelector, ExtractRequest, PageFilter};
use pageport_mapping::PlanFile;
use pageport_model::{Bundle, ChannelId, Page, PageType, PageWidgetsPublish, StoreHash};
use pageport_plan::{MigrationPlan, Planner};
use pageport_sandbox::state::StoreState;
use pageport_sandbox::{RunningSandbox, SandboxConfig};
use pageport_test_support::client::store_client;
use pageport_test_support::{PRODUCTION_TOKEN, STAGING_TOKEN, SandboxExt, Workdir};
use serde_json::json;
use std::collections::BTreeSet;

/// A running demo sandbox with clients of both stores and a state directory for runs.
pub struct Demo {
    pub sandbox: RunningSandbox,
    pub staging: StoreClient,
    pub production: StoreClient,
    pub plan_file: PlanFile,
    pub state: Workdir,
}

impl Demo {
    /// The demo sandbox without quota, adjusted by `tweak`.
    pub fn start(tweak: impl FnOnce(&mut SandboxConfig)) -> Self {
        let sandbox = pageport_test_support::demo_with(tweak);
        let staging = store_client(&sandbox, "staging", STAGING_TOKEN);
        let production = store_client(&sandbox, "production", PRODUCTION_TOKEN);
        let path = pageport_test_support::example_plan();
        let text = std::fs::read_to_string(&path).unwrap();
        let plan_file = PlanFile::from_str(&text, &path, &|_| None).unwrap();
        Self {
            sandbox,
            staging,
            production,
            plan_file,
            state: Workdir::new(),
        }
    }

    /// Apply options with runs and target locks under this demo's state directory (tests
    /// running at once never share a lock).
    pub fn options(&self) -> ApplyOptions {
        ApplyOptions {
            lock_dir: self.state.join("locks"),
            ..ApplyOptions::new(self.state.path())
        }
    }

    /// Restore options with the target locks under this demo's state directory.
    pub fn restore_options(&self) -> pageport_apply::RestoreOptions {
        pageport_apply::RestoreOptions {
            lock_dir: Some(self.state.join("locks")),
            ..pageport_apply::RestoreOptions::default()
        }
    }

    /// The production store's content now.
    pub fn production_state(&self) -> StoreState {
        self.sandbox.store("production")
    }

    /// Write requests the sandbox received so far.
    pub fn writes(&self) -> usize {
        self.sandbox.write_count()
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
            concurrency: 4,
        };
        let extracted = pageport_extract::extract(&self.staging, &request)
            .await
            .unwrap();
        let references = pageport_mapping::catalog_references(
            &extracted.documents,
            &self.plan_file.mappings.fields,
            &extracted.widget_templates,
        );
        let (products, categories) = (references.products, references.categories);
        let catalog = pageport_extract::fetch_catalog(
            &self.staging,
            ChannelId(1),
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
