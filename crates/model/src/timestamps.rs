//! How pageport writes times: UTC to the second, in the manifest of a bundle or backup, a
//! run's `run.json` and journal, and (compacted) in run ids. One place, so they always agree.

use jiff::Timestamp;

/// `2026-12-04T18:25:56Z`: the time fields of bundles, backups, run files and journals.
pub fn utc_seconds(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `20261204T182556Z`: the time at the start of a run id, safe in a directory name.
pub fn compact_utc_seconds(at: Timestamp) -> String {
    at.strftime("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_name_the_same_second_in_utc() {
        let at: Timestamp = "2026-12-04T18:25:56.789+01:00".parse().unwrap();
        assert_eq!(utc_seconds(at), "2026-12-04T17:25:56Z");
        assert_eq!(compact_utc_seconds(at), "20261204T172556Z");
    }
}
