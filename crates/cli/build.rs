//! Stamps the binary's `--version` with the git commit it was built from, when there is one.
//!
//! `PAGEPORT_VERSION` becomes `0.1.0 (1a2b3c4)` in a git checkout, or `0.1.0 (<commit>)` with
//! `PAGEPORT_BUILD_COMMIT` set (a build from a tarball that knows its commit), and plain `0.1.0`
//! otherwise: no git, not a checkout, or any failure. The build never fails for it.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let package_version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo:rerun-if-env-changed=PAGEPORT_BUILD_COMMIT");
    println!("cargo:rerun-if-changed=build.rs");
    let commit = std::env::var("PAGEPORT_BUILD_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .map(|c| c.trim().to_owned())
        .or_else(|| {
            // Build again when HEAD moves: a commit, a checkout, a rewritten ref.
            for path in git_paths() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
            git(&["rev-parse", "--short", "HEAD"])
        });
    let version = match commit {
        Some(commit) => format!("{package_version} ({commit})"),
        None => package_version,
    };
    println!("cargo:rustc-env=PAGEPORT_VERSION={version}");
}

/// The output of one git command run here, if git ran and succeeded with a one-line answer.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    (!text.is_empty() && !text.contains('\n')).then_some(text)
}

/// The files whose change moves HEAD (HEAD itself, the branch it names, packed refs), those
/// that exist: cargo reruns a script on every build for a path that does not.
fn git_paths() -> Vec<PathBuf> {
    let mut names = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        names.push(branch);
    }
    names
        .iter()
        .filter_map(|name| git(&["rev-parse", "--git-path", name]))
        .map(PathBuf::from)
        .filter(|path| path.exists())
        .collect()
}
