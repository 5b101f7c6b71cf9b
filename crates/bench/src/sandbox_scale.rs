//! The sandbox at scale: what one page-widgets publish costs in a store holding only the
//! site's widget templates ("empty") and in a store loaded with the whole site ("loaded"), with
//! and without a data directory. Each publish is one `POST /content/page-widgets` over HTTP to
//! an in-process sandbox, timed from send to the end of the answer.
//!
//! Both stores receive the same publishes: every `stride`-th document of the bundle, in key
//! order, repeated for `rounds` rounds (in the loaded store each publish replaces the document
//! with itself; in the empty store the first round creates them). The first round is a warm-up
//! and is not counted.

use crate::error::BenchError;
use crate::repeat::Spread;
use pageport_bundle::read_bundle;
use pageport_model::Bundle;
use pageport_sandbox::{RunningSandbox, SandboxConfig};
use serde::Serialize;
use std::path::PathBuf;
use std::time::Instant;

/// The store every case publishes to.
const STORE: &str = "benchscale";

/// What to measure.
#[derive(Debug, Clone)]
pub struct ScaleOptions {
    /// The bundle directory (from `pageport-bench generate`).
    pub bundle: PathBuf,
    /// Distinct documents published per round.
    pub documents: usize,
    /// Rounds of publishes; the first is a warm-up.
    pub rounds: usize,
    /// Also measure both stores with a data directory (journal fsynced per write).
    pub with_data: bool,
}

/// One case's figures.
#[derive(Debug, Clone, Serialize)]
pub struct ScaleCase {
    /// `empty` or `loaded`, with `+data` when persisted.
    pub name: String,
    /// Pages in the store while it was measured.
    pub pages: usize,
    /// Page-widget documents in the store while it was measured.
    pub documents: usize,
    /// Milliseconds it took to load the store (the bundle into memory, and its snapshot when
    /// persisted).
    pub load_millis: f64,
    /// Publishes counted.
    pub publishes: usize,
    /// Milliseconds per publish: median and range.
    pub publish_millis: Spread,
    /// The 90th percentile, in milliseconds.
    pub p90_millis: f64,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct ScaleReport {
    /// Every case, empty before loaded.
    pub cases: Vec<ScaleCase>,
    /// Loaded median ÷ empty median, without and with a data directory.
    pub ratios: Vec<(String, f64)>,
}

/// Runs every case.
pub fn run_scale(options: &ScaleOptions) -> Result<ScaleReport, BenchError> {
    let bundle = read_bundle(&options.bundle).map_err(|source| BenchError::Bundle {
        path: options.bundle.clone(),
        source,
    })?;
    let templates_only = Bundle {
        pages: Vec::new(),
        reference_pages: Vec::new(),
        page_widgets: Vec::new(),
        products: Vec::new(),
        ..bundle.clone()
    };
    let bodies = publish_bodies(&bundle, options.documents)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(BenchError::Runtime)?;
    let mut cases = Vec::new();
    let persisted: &[bool] = if options.with_data {
        &[false, true]
    } else {
        &[false]
    };
    for &data in persisted {
        for (label, content) in [("empty", &templates_only), ("loaded", &bundle)] {
            let name = if data {
                format!("{label}+data")
            } else {
                label.to_owned()
            };
            let case = runtime.block_on(run_case(name, content, &bodies, options.rounds, data))?;
            cases.push(case);
        }
    }
    let ratios = cases
        .chunks(2)
        .filter_map(|pair| match pair {
            [empty, loaded] => Some((
                loaded.name.clone(),
                loaded.publish_millis.median / empty.publish_millis.median,
            )),
            _ => None,
        })
        .collect();
    Ok(ScaleReport { cases, ratios })
}

/// The publish bodies: every `stride`-th document of the bundle, as `{channel_id,
/// template_file, entity_id, regions}`.
fn publish_bodies(bundle: &Bundle, wanted: usize) -> Result<Vec<Vec<u8>>, BenchError> {
    let stride = (bundle.page_widgets.len() / wanted.max(1)).max(1);
    bundle
        .page_widgets
        .iter()
        .step_by(stride)
        .take(wanted)
        .map(|document| {
            let mut body = serde_json::to_value(&document.key).map_err(BenchError::Report)?;
            if let Some(object) = body.as_object_mut() {
                object.insert(
                    "regions".into(),
                    serde_json::to_value(&document.regions).map_err(BenchError::Report)?,
                );
            }
            serde_json::to_vec(&body).map_err(BenchError::Report)
        })
        .collect()
}

/// Starts a sandbox, loads `content` into its store, and times the publishes.
async fn run_case(
    name: String,
    content: &Bundle,
    bodies: &[Vec<u8>],
    rounds: usize,
    data: bool,
) -> Result<ScaleCase, BenchError> {
    let dir = tempfile::tempdir().map_err(BenchError::Runtime)?;
    let token = pageport_sandbox::process_token("bench", STORE);
    let config = SandboxConfig {
        quota: None,
        data_dir: data.then(|| dir.path().to_owned()),
        ..SandboxConfig::with_stores([(STORE, token.clone())])
    };
    let running = RunningSandbox::start(config).map_err(BenchError::Sandbox)?;
    let started = Instant::now();
    let loaded = running
        .sandbox()
        .load_bundle(STORE, content)
        .map_err(BenchError::Load)?;
    let load_millis = millis(started);
    let url = format!(
        "{}/stores/{STORE}/v3/content/page-widgets",
        running.base_url()
    );
    // reqwest is built without a default TLS provider; plain HTTP still needs one installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();
    let mut timings = Vec::new();
    for round in 0..rounds.max(2) {
        for body in bodies {
            let sent = Instant::now();
            let response = client
                .post(&url)
                .header("X-Auth-Token", &token)
                .header("Content-Type", "application/json")
                .body(body.clone())
                .send()
                .await
                .map_err(|error| BenchError::Publish(error.to_string()))?;
            let status = response.status();
            let answer = response
                .bytes()
                .await
                .map_err(|error| BenchError::Publish(error.to_string()))?;
            if !status.is_success() {
                return Err(BenchError::Publish(format!(
                    "{status}: {}",
                    String::from_utf8_lossy(&answer)
                )));
            }
            if round > 0 {
                timings.push(millis(sent));
            }
        }
    }
    let publish_millis = Spread::of(&timings).ok_or(BenchError::NoRuns)?;
    let mut sorted = timings.clone();
    sorted.sort_by(f64::total_cmp);
    let p90_millis = sorted[(sorted.len() * 9 / 10).min(sorted.len() - 1)];
    let documents = running
        .sandbox()
        .store_state(STORE)
        .map_or(0, |state| state.page_widgets.len());
    Ok(ScaleCase {
        name,
        pages: loaded.pages,
        documents,
        load_millis,
        publishes: timings.len(),
        publish_millis,
        p90_millis,
    })
}

/// Milliseconds since `start`.
fn millis(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1_000.0
}

/// The report as text.
pub fn render_scale(report: &ScaleReport) -> String {
    let mut out = String::from(
        "case          pages  documents   load ms  publishes  median ms  min ms  max ms  p90 ms\n",
    );
    for case in &report.cases {
        out.push_str(&format!(
            "{:<12} {:>6} {:>10} {:>9.0} {:>10} {:>10.3} {:>7.3} {:>7.3} {:>7.3}\n",
            case.name,
            case.pages,
            case.documents,
            case.load_millis,
            case.publishes,
            case.publish_millis.median,
            case.publish_millis.min,
            case.publish_millis.max,
            case.p90_millis,
        ));
    }
    for (name, ratio) in &report.ratios {
        let verdict = if *ratio <= 2.0 { "met" } else { "missed" };
        out.push_str(&format!(
            "{name}: median {ratio:.2}x the empty store's (goal at most 2x: {verdict})\n"
        ));
    }
    out
}
