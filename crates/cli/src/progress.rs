//! Showing an apply run as it goes: a progress bar per phase on a terminal, plain lines
//! otherwise (CI logs), both on standard error.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pageport_apply::{ApplyEvent, ApplyProgress, Phase};
use pageport_model::escape::terminal;
use std::io::IsTerminal;
use std::sync::Mutex;

/// The CLI's view of an apply run.
pub(crate) struct Progress {
    bar: Mutex<Option<ProgressBar>>,
    interactive: bool,
}

impl Progress {
    /// Bars when standard error is a terminal, lines otherwise.
    pub(crate) fn new() -> Self {
        Self {
            bar: Mutex::new(None),
            interactive: std::io::stderr().is_terminal(),
        }
    }

    fn line(&self, text: &str) {
        let bar = self.bar.lock().unwrap_or_else(|p| p.into_inner());
        match bar.as_ref() {
            Some(bar) => bar.println(terminal::lines(text)),
            None => crate::output::status(text),
        }
    }

    fn start_phase(&self, phase: Phase, steps: usize) {
        let title = phase_title(phase);
        if !self.interactive {
            crate::output::status(&format!("{title}: {steps} to write"));
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(steps as u64), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{prefix:>22} [{bar:30}] {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(title);
        *self.bar.lock().unwrap_or_else(|p| p.into_inner()) = Some(bar);
    }

    fn advance(&self, message: &str) {
        let bar = self.bar.lock().unwrap_or_else(|p| p.into_inner());
        match bar.as_ref() {
            Some(bar) => {
                bar.inc(1);
                bar.set_message(terminal::line(message));
            }
            None => crate::output::status(&format!("  {message}")),
        }
    }

    fn finish_phase(&self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|p| p.into_inner()).take() {
            bar.finish();
        }
    }
}

impl ApplyProgress for Progress {
    fn on_event(&self, event: &ApplyEvent) {
        match event {
            ApplyEvent::TargetRead { pages, documents } => self.line(&format!(
                "read the target: {pages} pages, {documents} page-widget documents"
            )),
            ApplyEvent::RunStarted { run_id, resumed } => self.line(&if *resumed {
                format!("resuming interrupted run {run_id}")
            } else {
                format!("run {run_id}")
            }),
            ApplyEvent::Reconciled { what } => {
                self.line(&format!("  already landed: {}", terminal::line(what)))
            }
            ApplyEvent::BackupDurable { dir, objects } => self.line(&format!(
                "backed up {objects} target objects to {}",
                dir.display()
            )),
            ApplyEvent::PhaseStarted { phase, steps } => self.start_phase(*phase, *steps),
            ApplyEvent::PhaseFinished { .. } => self.finish_phase(),
            ApplyEvent::StepLanded { label, target, .. } => self.advance(&format!(
                "✓ {} → {}",
                terminal::line(label),
                terminal::line(target)
            )),
            ApplyEvent::StepFailed { label, message, .. } => {
                let label = terminal::line(label);
                self.advance(&format!("✗ {label}"));
                self.line(&format!("  failed: {label}: {}", terminal::line(message)));
            }
            _ => {}
        }
    }
}

fn phase_title(phase: Phase) -> String {
    match phase {
        Phase::Templates => "widget templates".to_owned(),
        Phase::Pages { layer } => format!("pages, layer {}", layer + 1),
        Phase::Documents => "page-widget documents".to_owned(),
    }
}
