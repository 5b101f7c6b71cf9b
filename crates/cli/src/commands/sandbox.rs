//! `pageport sandbox`: the local BigCommerce API emulator as a foreground server.

use crate::args::SandboxArgs;
use crate::exit::Exit;
use miette::{IntoDiagnostic, WrapErr, miette};
use pageport_sandbox::{Quota, SandboxConfig, Seed, StoreSpec};

/// Serves the sandbox until Ctrl-C.
pub(crate) fn run(args: SandboxArgs) -> miette::Result<Exit> {
    let config = settings(&args)?;
    let store_hashes: Vec<String> = config.stores.iter().map(|s| s.store_hash.clone()).collect();
    // Bundles are read before the server starts: a bad one stops here, with nothing served.
    let bundles = args
        .loads
        .iter()
        .map(|raw| read_load(raw))
        .collect::<miette::Result<Vec<_>>>()?;
    let running = pageport_sandbox::RunningSandbox::start_on(&args.listen, config)
        .into_diagnostic()
        .wrap_err("cannot start the sandbox")?;
    for (hash, dir, bundle) in &bundles {
        let loaded = running
            .sandbox()
            .load_bundle(hash, bundle)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot load `{}` into store `{hash}`", dir.display()))?;
        crate::output::status(&format!(
            "store `{hash}`: loaded {} pages, {} page-widget documents, {} widget templates and {} products from `{}`",
            loaded.pages,
            loaded.documents,
            loaded.widget_templates,
            loaded.products,
            dir.display()
        ));
    }
    announce(&running.base_url(), &store_hashes)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .into_diagnostic()?;
    runtime
        .block_on(tokio::signal::ctrl_c())
        .into_diagnostic()
        .wrap_err("cannot wait for Ctrl-C")?;
    running.stop();
    Ok(Exit::Success)
}

/// Turns the raw arguments into a sandbox configuration.
fn settings(args: &SandboxArgs) -> miette::Result<SandboxConfig> {
    let stores = args
        .stores
        .iter()
        .map(|raw| {
            let (hash, token) = raw.split_once('=').ok_or_else(|| {
                miette!(
                    "--store takes STORE_HASH=ACCESS_TOKEN, got `{}`",
                    hash_part(raw)
                )
            })?;
            if hash.is_empty() || token.is_empty() {
                return Err(miette!(
                    "--store needs both a store hash and a token, got `{hash}=…`"
                ));
            }
            Ok(StoreSpec {
                store_hash: hash.to_owned(),
                access_token: token.to_owned(),
            })
        })
        .collect::<miette::Result<Vec<_>>>()?;
    let quota = if args.no_quota {
        None
    } else {
        Some(
            args.quota
                .parse::<Quota>()
                .map_err(|e| miette!("--quota: {e}"))?,
        )
    };
    let seed = args
        .seed
        .as_deref()
        .map(|s| s.parse::<Seed>().map_err(|e| miette!("--seed: {e}")))
        .transpose()?;
    Ok(SandboxConfig {
        stores,
        quota,
        seed,
        data_dir: args.data.clone(),
        page_widgets_publish_status: args.publish_status,
        ..SandboxConfig::default()
    })
}

/// Reads a `--load STORE_HASH=BUNDLE_DIR` value and its bundle.
fn read_load(raw: &str) -> miette::Result<(String, std::path::PathBuf, pageport_model::Bundle)> {
    let (hash, dir) = raw
        .split_once('=')
        .filter(|(hash, dir)| !hash.is_empty() && !dir.is_empty())
        .ok_or_else(|| miette!("--load takes STORE_HASH=BUNDLE_DIR, got `{raw}`"))?;
    let dir = std::path::PathBuf::from(dir);
    let bundle = pageport_bundle::read_bundle(&dir)
        .into_diagnostic()
        .wrap_err_with(|| format!("--load: cannot read the bundle `{}`", dir.display()))?;
    Ok((hash.to_owned(), dir, bundle))
}

/// What precedes `=` in a `--store` value, so a malformed value never echoes a token.
fn hash_part(raw: &str) -> &str {
    raw.split_once('=').map_or("<no `=`>", |(hash, _)| hash)
}

/// Says where the sandbox listens; a closed standard output does not stop it.
fn announce(base_url: &str, store_hashes: &[String]) -> miette::Result<()> {
    let mut text = format!("pageport sandbox listening on {base_url}\n");
    for hash in store_hashes {
        text.push_str(&format!("  store `{hash}`: {base_url}/stores/{hash}/v3/\n"));
    }
    text.push_str(&format!(
        "  request log: {base_url}{}/requests\n",
        pageport_sandbox::ADMIN_PREFIX
    ));
    text.push_str("Press Ctrl-C to stop.\n");
    crate::output::stdout(&text)
}
