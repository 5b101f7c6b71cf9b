//! The page-widget documents of one store, with each channel's layout and widget totals kept in
//! step on every insert and remove, so a publish checks the per-channel limits without walking
//! the store's other documents.
//!
//! The totals are derived: they are never serialized, and are rebuilt from the documents when a
//! store is deserialized or built from an iterator, so they cannot disagree with the documents.
//! The map is read through [`std::ops::Deref`]; it is changed only through `Documents::insert`
//! and `Documents::remove` (crate-private), which also note the key for the persistence journal.

use pageport_model::page_widgets::count_regions;
use pageport_model::{ChannelId, PageWidgetsKey, Region};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};

/// Layouts and widgets held by the documents of one channel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChannelTotals {
    /// Layouts in the channel's documents.
    pub layouts: usize,
    /// Widgets in the channel's documents.
    pub widgets: usize,
}

impl ChannelTotals {
    /// The counts of one document.
    fn of(regions: &[Region]) -> Self {
        let (layouts, widgets) = count_regions(regions);
        Self { layouts, widgets }
    }

    fn add(&mut self, other: Self) {
        self.layouts += other.layouts;
        self.widgets += other.widgets;
    }

    fn subtract(&mut self, other: Self) {
        self.layouts = self.layouts.saturating_sub(other.layouts);
        self.widgets = self.widgets.saturating_sub(other.widgets);
    }
}

/// Page-widget documents by (channel, template file, entity), with per-channel totals.
#[derive(Debug, Clone, Default)]
pub struct Documents {
    /// The documents.
    map: BTreeMap<PageWidgetsKey, Vec<Region>>,
    /// Layouts and widgets per channel, derived from `map`.
    totals: BTreeMap<ChannelId, ChannelTotals>,
    /// Keys inserted or removed since the journal last took them.
    changed: BTreeSet<PageWidgetsKey>,
}

impl Documents {
    /// Stores a document (replacing the one at `key`), returning the replaced one.
    pub(crate) fn insert(
        &mut self,
        key: PageWidgetsKey,
        regions: Vec<Region>,
    ) -> Option<Vec<Region>> {
        let channel = key.channel_id;
        let added = ChannelTotals::of(&regions);
        self.changed.insert(key.clone());
        let replaced = self.map.insert(key, regions);
        let totals = self.totals.entry(channel).or_default();
        if let Some(old) = &replaced {
            totals.subtract(ChannelTotals::of(old));
        }
        totals.add(added);
        replaced
    }

    /// Removes the document at `key`, returning it.
    pub(crate) fn remove(&mut self, key: &PageWidgetsKey) -> Option<Vec<Region>> {
        let removed = self.map.remove(key)?;
        self.changed.insert(key.clone());
        if let Some(totals) = self.totals.get_mut(&key.channel_id) {
            totals.subtract(ChannelTotals::of(&removed));
        }
        Some(removed)
    }

    /// Layouts and widgets held by the documents of `channel`.
    pub fn channel_totals(&self, channel: ChannelId) -> ChannelTotals {
        self.totals.get(&channel).copied().unwrap_or_default()
    }

    /// The totals recounted by walking every document (what [`Documents::totals`] must equal).
    pub fn recount(&self) -> BTreeMap<ChannelId, ChannelTotals> {
        let mut totals: BTreeMap<ChannelId, ChannelTotals> = BTreeMap::new();
        for (key, regions) in &self.map {
            totals
                .entry(key.channel_id)
                .or_default()
                .add(ChannelTotals::of(regions));
        }
        totals.retain(|_, totals| *totals != ChannelTotals::default());
        totals
    }

    /// The kept totals of every channel that holds at least one layout or widget.
    pub fn totals(&self) -> BTreeMap<ChannelId, ChannelTotals> {
        self.totals
            .iter()
            .filter(|(_, totals)| **totals != ChannelTotals::default())
            .map(|(channel, totals)| (*channel, *totals))
            .collect()
    }

    /// The documents, owned (the map's own `into_values`, which `Deref` cannot lend).
    pub fn into_values(
        self,
    ) -> std::collections::btree_map::IntoValues<PageWidgetsKey, Vec<Region>> {
        self.map.into_values()
    }

    /// Takes the keys changed since the last call (for the persistence journal).
    pub(crate) fn take_changed(&mut self) -> BTreeSet<PageWidgetsKey> {
        std::mem::take(&mut self.changed)
    }
}

impl std::ops::Deref for Documents {
    type Target = BTreeMap<PageWidgetsKey, Vec<Region>>;

    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl PartialEq for Documents {
    /// Equal when the documents are (totals are derived, the change set is bookkeeping).
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl FromIterator<(PageWidgetsKey, Vec<Region>)> for Documents {
    fn from_iter<I: IntoIterator<Item = (PageWidgetsKey, Vec<Region>)>>(iter: I) -> Self {
        let mut documents = Self::default();
        for (key, regions) in iter {
            documents.insert(key, regions);
        }
        documents
    }
}

impl<'a> IntoIterator for &'a Documents {
    type Item = (&'a PageWidgetsKey, &'a Vec<Region>);
    type IntoIter = std::collections::btree_map::Iter<'a, PageWidgetsKey, Vec<Region>>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

/// One document as persisted: `{key, regions}` (JSON object keys must be strings).
#[derive(Serialize, Deserialize)]
pub(crate) struct Entry<K, R> {
    /// Where the document lives.
    pub(crate) key: K,
    /// Its content.
    pub(crate) regions: R,
}

impl Serialize for Documents {
    /// A list of `{key, regions}`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.map.iter().map(|(key, regions)| Entry { key, regions }))
    }
}

impl<'de> Deserialize<'de> for Documents {
    /// Reads the list and rebuilds the totals from it.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = Vec::<Entry<PageWidgetsKey, Vec<Region>>>::deserialize(deserializer)?;
        let mut documents: Self = entries.into_iter().map(|e| (e.key, e.regions)).collect();
        documents.changed.clear();
        Ok(documents)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(channel: u64, entity: u64) -> PageWidgetsKey {
        serde_json::from_value(
            json!({"channel_id": channel, "template_file": "pages/page", "entity_id": entity.to_string()}),
        )
        .unwrap()
    }

    /// A document of `layouts` layouts of one widget each, plus `loose` widgets in the region.
    fn regions(layouts: usize, loose: usize) -> Vec<Region> {
        let uuid = "0b0c5a9e-1d1f-4e0c-9b8a-7f6e5d4c3b2a";
        let widget = json!({"type": "widget", "widget_template_uuid": uuid});
        let layout = json!({"type": "layout", "dropzones": [{"widgets": [widget]}]});
        let mut children = vec![layout; layouts];
        children.extend(std::iter::repeat_n(widget, loose));
        serde_json::from_value(json!([{"name": "r", "children": children}])).unwrap()
    }

    fn totals(layouts: usize, widgets: usize) -> ChannelTotals {
        ChannelTotals { layouts, widgets }
    }

    #[test]
    fn totals_follow_insert_replace_and_remove() {
        let mut documents = Documents::default();
        documents.insert(key(1, 1), regions(2, 1));
        documents.insert(key(1, 2), regions(1, 0));
        documents.insert(key(2, 1), regions(5, 5));
        assert_eq!(documents.channel_totals(ChannelId(1)), totals(3, 4));
        documents.insert(key(1, 1), regions(0, 2));
        assert_eq!(documents.channel_totals(ChannelId(1)), totals(1, 3));
        documents.remove(&key(1, 2));
        assert_eq!(documents.channel_totals(ChannelId(1)), totals(0, 2));
        assert_eq!(documents.remove(&key(1, 2)), None);
        assert_eq!(documents.channel_totals(ChannelId(2)), totals(5, 10));
        assert_eq!(documents.totals(), documents.recount());
    }

    #[test]
    fn totals_are_rebuilt_on_deserialize_and_never_written() {
        let documents: Documents = [(key(1, 1), regions(2, 3)), (key(3, 1), regions(1, 0))]
            .into_iter()
            .collect();
        let text = serde_json::to_string(&documents).unwrap();
        assert!(!text.contains("totals") && !text.contains("layouts\":"));
        let mut back: Documents = serde_json::from_str(&text).unwrap();
        assert_eq!(back, documents);
        assert_eq!(back.channel_totals(ChannelId(1)), totals(2, 5));
        assert_eq!(back.channel_totals(ChannelId(3)), totals(1, 1));
        assert!(back.take_changed().is_empty(), "a load is not a change");
    }

    #[test]
    fn changed_keys_are_taken_once() {
        let mut documents = Documents::default();
        documents.insert(key(1, 1), regions(1, 0));
        documents.remove(&key(1, 1));
        documents.remove(&key(1, 9));
        assert_eq!(documents.take_changed(), BTreeSet::from([key(1, 1)]));
        assert!(documents.take_changed().is_empty());
    }
}
