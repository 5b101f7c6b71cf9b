//! The process's memory as the kernel counts it: resident set size now (`VmRSS`) and at its
//! highest so far (`VmHWM`), read from `/proc/self/status` (Linux only; elsewhere nothing).

use serde::{Deserialize, Serialize};

/// Resident memory of this process, in KiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemorySample {
    /// The peak resident set size so far (`VmHWM`).
    pub peak_rss_kib: u64,
    /// The resident set size now (`VmRSS`).
    pub rss_kib: u64,
}

/// Reads this process's memory; `None` where `/proc/self/status` does not exist or lacks it.
pub fn sample() -> Option<MemorySample> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_status(&status)
}

/// Reads `VmHWM` and `VmRSS` from the text of a `/proc/<pid>/status` file.
pub fn parse_status(status: &str) -> Option<MemorySample> {
    let field = |name: &str| {
        status.lines().find_map(|line| {
            let rest = line.strip_prefix(name)?.strip_prefix(':')?;
            rest.trim().strip_suffix("kB")?.trim().parse::<u64>().ok()
        })
    };
    Some(MemorySample {
        peak_rss_kib: field("VmHWM")?,
        rss_kib: field("VmRSS")?,
    })
}

/// KiB as megabytes (10^6 bytes), the unit of the benchmark's goal.
pub fn kib_to_mb(kib: u64) -> f64 {
    kib as f64 * 1024.0 / 1_000_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_peak_and_current_rss() {
        let status = "Name:\tpageport-bench\nVmPeak:\t  500000 kB\nVmHWM:\t  204800 kB\n\
                      VmRSS:\t  102400 kB\nThreads:\t1\n";
        assert_eq!(
            parse_status(status),
            Some(MemorySample {
                peak_rss_kib: 204_800,
                rss_kib: 102_400
            })
        );
        assert_eq!(parse_status("Name:\tx\nVmRSS:\t1 kB\n"), None);
    }

    #[test]
    fn this_process_has_a_peak_at_least_its_current_size() {
        if let Some(sample) = sample() {
            assert!(sample.peak_rss_kib >= sample.rss_kib);
            assert!(sample.rss_kib > 0);
        }
    }

    #[test]
    fn megabytes_are_decimal() {
        assert!((kib_to_mb(1_000_000) - 1_024.0).abs() < 1e-9);
    }
}
