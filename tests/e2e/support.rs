//! This package's `pageport` binary, for the harness of `pageport-test-support`: only this
//! package's tests build the binary, so only they can say where it is.

use pageport_test_support::Workdir;
use std::path::Path;

/// The `pageport` binary built for this test run.
pub fn pageport_path() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_pageport"))
}

/// The binary, without logging or colours, run where the test runs.
pub fn pageport() -> assert_cmd::Command {
    pageport_test_support::runner::pageport(pageport_path())
}

/// A fresh working directory whose runs use this build's binary.
pub fn workdir() -> Workdir {
    Workdir::new().with_binary(pageport_path())
}
