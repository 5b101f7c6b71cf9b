//! Bulk results: what succeeded and what failed, each by its position in the input, so callers
//! (journals, id maps) can tie every result to what they asked for. Every input index ends up in
//! exactly one of `succeeded` and `failed`.

use crate::error::{ClientError, ClientErrorKind};
use pageport_model::{ChannelId, PageId};
use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;

/// The result of a bulk call.
#[derive(Debug, Clone)]
pub struct BulkOutcome<T> {
    /// The items that were applied, in input order.
    pub succeeded: Vec<BulkSuccess<T>>,
    /// The items that were not applied (or whose outcome is unknown), in input order.
    pub failed: Vec<BulkFailure>,
    /// Things the caller should know although the items succeeded (e.g. a 207 answer).
    pub warnings: Vec<String>,
}

/// One applied item.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkSuccess<T> {
    /// The item's position in the input.
    pub index: usize,
    /// What the store holds now (for creates, with the new id).
    pub value: T,
}

/// One item that was not applied.
#[derive(Debug, Clone)]
pub struct BulkFailure {
    /// The item's position in the input.
    pub index: usize,
    /// Which item, for messages.
    pub item: BulkItem,
    /// Why: the store's answer for this item, or the failure that stopped the whole call.
    pub error: ClientError,
}

/// What a bulk item is, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkItem {
    /// A page known by its channel and name (creates, and updates of pages without an id).
    PageName {
        /// The page's channel.
        channel_id: ChannelId,
        /// The page's name.
        name: String,
    },
    /// A page known by its id.
    PageId(PageId),
}

impl fmt::Display for BulkItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BulkItem::PageName { channel_id, name } => {
                write!(f, "page `{name}` in channel {channel_id}")
            }
            BulkItem::PageId(id) => write!(f, "page {id}"),
        }
    }
}

impl<T> BulkOutcome<T> {
    /// True when every item succeeded.
    pub fn is_complete(&self) -> bool {
        self.failed.is_empty()
    }

    /// The value stored for input `index`, if it succeeded.
    pub fn value(&self, index: usize) -> Option<&T> {
        self.succeeded
            .iter()
            .find(|s| s.index == index)
            .map(|s| &s.value)
    }
}

/// True for failures that doom the rest of a bulk call: the token was refused, the store cannot
/// be reached or keeps failing, or the deadline passed. Other failures concern one item.
pub(crate) fn stops_the_call(error: &ClientError) -> bool {
    match error.kind() {
        ClientErrorKind::Api { status, .. } => *status == 429 || *status >= 500,
        ClientErrorKind::Unauthorized { .. }
        | ClientErrorKind::Transport { .. }
        | ClientErrorKind::TimedOut { .. }
        | ClientErrorKind::DeadlineExceeded { .. }
        | ClientErrorKind::ReserveNotBelowQuota { .. }
        | ClientErrorKind::HttpClient { .. } => true,
        _ => false,
    }
}

/// The input ranges of each batch.
pub(crate) fn batches(len: usize, size: usize) -> impl Iterator<Item = Range<usize>> {
    let size = size.max(1);
    (0..len)
        .step_by(size)
        .map(move |start| start..(start + size).min(len))
}

/// Collects a bulk call's results as they come.
pub(crate) struct Recorder<T> {
    outcome: BulkOutcome<T>,
    resolved: BTreeSet<usize>,
    stopped_by: Option<ClientError>,
}

impl<T> Recorder<T> {
    /// An empty record.
    pub(crate) fn new() -> Self {
        Self {
            outcome: BulkOutcome {
                succeeded: Vec::new(),
                failed: Vec::new(),
                warnings: Vec::new(),
            },
            resolved: BTreeSet::new(),
            stopped_by: None,
        }
    }

    /// True once `index` has a result.
    pub(crate) fn is_resolved(&self, index: usize) -> bool {
        self.resolved.contains(&index)
    }

    /// Records a success (ignored if `index` already has a result).
    pub(crate) fn succeed(&mut self, index: usize, value: T) {
        if self.resolved.insert(index) {
            self.outcome.succeeded.push(BulkSuccess { index, value });
        }
    }

    /// Records a failure (ignored if `index` already has a result).
    pub(crate) fn fail(&mut self, index: usize, item: BulkItem, error: ClientError) {
        if self.resolved.insert(index) {
            self.outcome.failed.push(BulkFailure { index, item, error });
        }
    }

    /// Adds a warning.
    pub(crate) fn warn(&mut self, warning: String) {
        self.outcome.warnings.push(warning);
    }

    /// After a failure that dooms the rest of the call (refused token, store unreachable,
    /// deadline): fails every unresolved index of `indices` and every later batch.
    pub(crate) fn stop(
        &mut self,
        indices: &[usize],
        item_of: impl Fn(usize) -> BulkItem,
        error: ClientError,
    ) {
        self.warn(format!("stopped early: {error}"));
        for &index in indices {
            self.fail(index, item_of(index), error.clone());
        }
        self.stopped_by = Some(error);
    }

    /// If the call was stopped, fails `indices` with the same error and returns true.
    pub(crate) fn skip_if_stopped(
        &mut self,
        indices: &[usize],
        item_of: impl Fn(usize) -> BulkItem,
    ) -> bool {
        let Some(error) = self.stopped_by.clone() else {
            return false;
        };
        for &index in indices {
            self.fail(index, item_of(index), error.clone());
        }
        true
    }

    /// The outcome, sorted by input index.
    pub(crate) fn finish(mut self) -> BulkOutcome<T> {
        self.outcome.succeeded.sort_by_key(|s| s.index);
        self.outcome.failed.sort_by_key(|f| f.index);
        self.outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cover_the_input_in_order() {
        let ranges: Vec<Range<usize>> = batches(23, 10).collect();
        assert_eq!(ranges, vec![0..10, 10..20, 20..23]);
        assert_eq!(batches(0, 10).count(), 0);
        assert_eq!(batches(3, 0).count(), 3, "size 0 is treated as 1");
    }

    #[test]
    fn every_index_gets_exactly_one_result() {
        let item = |i: usize| BulkItem::PageId(PageId(i as u64));
        let mut record = Recorder::new();
        record.succeed(2, "b");
        record.succeed(0, "a");
        record.succeed(0, "again");
        let refused = ClientError::from(ClientErrorKind::MissingSetting { setting: "x" });
        record.stop(&[0, 1], item, refused);
        assert!(record.skip_if_stopped(&[3], item));
        let outcome = record.finish();
        let succeeded: Vec<(usize, &str)> = outcome
            .succeeded
            .iter()
            .map(|s| (s.index, s.value))
            .collect();
        assert_eq!(succeeded, vec![(0, "a"), (2, "b")]);
        let failed: Vec<usize> = outcome.failed.iter().map(|f| f.index).collect();
        assert_eq!(failed, vec![1, 3]);
        assert_eq!(outcome.value(2), Some(&"b"));
        assert!(!outcome.is_complete());
        assert_eq!(outcome.warnings.len(), 1);
    }

    #[test]
    fn items_name_themselves() {
        let named = BulkItem::PageName {
            channel_id: ChannelId(1),
            name: "About".into(),
        };
        assert_eq!(named.to_string(), "page `About` in channel 1");
        assert_eq!(BulkItem::PageId(PageId(7)).to_string(), "page 7");
    }
}
