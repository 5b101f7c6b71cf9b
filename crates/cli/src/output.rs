//! The binary's writes to standard output and to report files: the one place that prints.

use miette::{IntoDiagnostic, WrapErr};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Writes `text` to standard output as is.
///
/// A reader that has gone away (`pageport plan … | head -1`) is not an error: the rest of the
/// output is dropped without a word, and the command goes on to its usual end and exit code
/// (files asked for with `--out` and `--report` are still written). Any other write failure is.
pub(crate) fn stdout(text: &str) -> miette::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => result
            .into_diagnostic()
            .wrap_err("cannot write to standard output"),
    }
}

/// Writes one line to standard error (progress and summaries that are not the report), with
/// any control character other than a line break shown as an escape: store text in it must not
/// drive the terminal.
#[expect(clippy::print_stderr, reason = "the binary's status lines")]
pub(crate) fn status(line: &str) {
    eprintln!("{}", pageport_model::escape::terminal::lines(line));
}

/// True when standard output is a terminal and `NO_COLOR` is not set.
pub(crate) fn color_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Refuses an output path that names an input of the same run (`plan --out` pointing at the
/// plan file would replace the user's plan with JSON), before anything is read or written.
pub(crate) fn refuse_clobbering(
    output: &Path,
    flag: &str,
    inputs: &[(&Path, &str)],
) -> miette::Result<()> {
    let Ok(output_real) = std::fs::canonicalize(output) else {
        // The output does not exist yet, so it cannot be an input.
        return Ok(());
    };
    for (input, what) in inputs {
        if std::fs::canonicalize(input).is_ok_and(|input_real| input_real == output_real) {
            return Err(miette::miette!(
                help = "give the output a path of its own",
                "`{flag} {}` names the {what}; refusing to overwrite it",
                output.display()
            ));
        }
    }
    Ok(())
}

/// Writes a file, creating its parent directory; reports name the path on failure.
pub(crate) fn write_file(path: &Path, text: &str) -> miette::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot create `{}`", parent.display()))?;
    }
    std::fs::write(path, text)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write `{}`", path.display()))
}
