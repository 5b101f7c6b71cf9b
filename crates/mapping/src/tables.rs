//! Typed source → target id tables, and the set of tables one remap pass reads.
//!
//! An [`IdMap`] also remembers the sources whose target is only known at apply time (a page or
//! widget template that will be created), so a reference to one is reported as *pending*
//! rather than unmapped, and the map is filled in as apply creates objects.

use crate::catalog_match::CatalogResolution;
use crate::plan_file::{FieldNames, PlanFile, UnmappedPolicy};
use crate::products::ProductResolution;
use crate::schema::TemplateSchemas;
use crate::templates::TemplateResolution;
use pageport_model::{BrandId, CategoryId, ChannelId, PageId, ProductId, WidgetTemplateUuid};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A source → target table for one kind of id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(
    serialize = "Id: Serialize + Ord",
    deserialize = "Id: Deserialize<'de> + Ord"
))]
pub struct IdMap<Id> {
    mapped: BTreeMap<Id, Id>,
    pending: BTreeSet<Id>,
}

/// What an [`IdMap`] knows about one source id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a, Id> {
    /// The target id.
    Mapped(&'a Id),
    /// The target will exist after apply creates it; its id is not known yet.
    Pending,
    /// No rule maps this id.
    Unmapped,
}

impl<Id: Ord> Default for IdMap<Id> {
    fn default() -> Self {
        Self {
            mapped: BTreeMap::new(),
            pending: BTreeSet::new(),
        }
    }
}

impl<Id: Ord + Clone> IdMap<Id> {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that `source` becomes `target` (it is no longer pending).
    pub fn insert(&mut self, source: Id, target: Id) {
        self.pending.remove(&source);
        self.mapped.insert(source, target);
    }

    /// Records that `source` will get a target at apply time (ignored if already mapped).
    pub fn mark_pending(&mut self, source: Id) {
        if !self.mapped.contains_key(&source) {
            self.pending.insert(source);
        }
    }

    /// What the table knows about `source`.
    pub fn lookup(&self, source: &Id) -> Lookup<'_, Id> {
        match self.mapped.get(source) {
            Some(target) => Lookup::Mapped(target),
            None if self.pending.contains(source) => Lookup::Pending,
            None => Lookup::Unmapped,
        }
    }

    /// The target of `source`, when known.
    pub fn get(&self, source: &Id) -> Option<&Id> {
        self.mapped.get(source)
    }

    /// Every known source → target pair, in source order.
    pub fn mapped(&self) -> &BTreeMap<Id, Id> {
        &self.mapped
    }

    /// The sources whose target is not known yet, in order.
    pub fn pending(&self) -> &BTreeSet<Id> {
        &self.pending
    }
}

impl<Id: Ord + Clone> FromIterator<(Id, Id)> for IdMap<Id> {
    fn from_iter<I: IntoIterator<Item = (Id, Id)>>(iter: I) -> Self {
        let mut map = Self::new();
        for (source, target) in iter {
            map.insert(source, target);
        }
        map
    }
}

/// Source page id → target page id, filled as apply creates pages.
pub type PageIdMap = IdMap<PageId>;

/// Source channel → target channel.
pub type ChannelTable = IdMap<ChannelId>;

/// The channel table: `source → target`, plus the plan's extra `mappings.channels` entries.
pub fn channel_table(
    source: ChannelId,
    target: ChannelId,
    extra: &BTreeMap<ChannelId, ChannelId>,
) -> ChannelTable {
    let mut table: ChannelTable = extra.iter().map(|(s, t)| (*s, *t)).collect();
    if table.get(&source).is_none() {
        table.insert(source, target);
    }
    table
}

/// Every table one remap pass reads, and the unmapped policy it reports under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemapTables {
    /// Channels.
    pub channels: ChannelTable,
    /// Widget template uuids (templates to create are pending until apply creates them).
    pub widget_templates: IdMap<WidgetTemplateUuid>,
    /// Product ids.
    pub products: IdMap<ProductId>,
    /// Category ids.
    pub categories: IdMap<CategoryId>,
    /// Brand ids.
    pub brands: IdMap<BrandId>,
    /// Page ids (new pages are pending until apply creates them).
    pub pages: PageIdMap,
    /// Which configuration keys hold which kind of id (the fallback after template schemas).
    pub fields: FieldNames,
    /// Where the source widget templates' schemas say their widgets hold ids (plans written
    /// before schemas were read have none).
    #[serde(default)]
    pub schemas: TemplateSchemas,
    /// What an identifier without a rule becomes: error, warning or silently kept.
    pub unmapped: UnmappedPolicy,
}

impl RemapTables {
    /// The tables a plan defines, with the resolved templates and products; categories and
    /// brands hold only the plan's explicit entries (see [`RemapTables::with_catalog`]); pages
    /// start empty and template schemas are added by the caller (`schemas`).
    pub fn new(
        plan: &PlanFile,
        templates: &TemplateResolution,
        products: &ProductResolution,
    ) -> Self {
        Self {
            channels: plan.channel_table(),
            widget_templates: templates.table(),
            products: products.table(),
            categories: plan
                .mappings
                .categories
                .explicit
                .iter()
                .map(|(s, t)| (*s, *t))
                .collect(),
            brands: plan
                .mappings
                .brands
                .explicit
                .iter()
                .map(|(s, t)| (*s, *t))
                .collect(),
            pages: PageIdMap::new(),
            fields: plan.mappings.fields.clone(),
            schemas: TemplateSchemas::default(),
            unmapped: plan.unmapped,
        }
    }

    /// The same tables with categories and brands as matched in the target
    /// ([`crate::catalog_match`]), replacing the plan's explicit entries.
    pub fn with_catalog(
        mut self,
        categories: &CatalogResolution<CategoryId>,
        brands: &CatalogResolution<BrandId>,
    ) -> Self {
        self.categories = categories.table();
        self.brands = brands.table();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_tells_mapped_pending_and_unmapped_apart() {
        let mut pages = PageIdMap::new();
        pages.insert(PageId(1), PageId(101));
        pages.mark_pending(PageId(2));
        assert_eq!(pages.lookup(&PageId(1)), Lookup::Mapped(&PageId(101)));
        assert_eq!(pages.lookup(&PageId(2)), Lookup::Pending);
        assert_eq!(pages.lookup(&PageId(3)), Lookup::Unmapped);

        pages.insert(PageId(2), PageId(102));
        assert_eq!(pages.lookup(&PageId(2)), Lookup::Mapped(&PageId(102)));
        assert!(pages.pending().is_empty());

        pages.mark_pending(PageId(1));
        assert_eq!(pages.lookup(&PageId(1)), Lookup::Mapped(&PageId(101)));
    }

    #[test]
    fn channel_table_defaults_to_source_to_target_and_keeps_extra_entries() {
        let extra = BTreeMap::from([(ChannelId(5), ChannelId(6))]);
        let table = channel_table(ChannelId(1), ChannelId(2), &extra);
        assert_eq!(table.get(&ChannelId(1)), Some(&ChannelId(2)));
        assert_eq!(table.get(&ChannelId(5)), Some(&ChannelId(6)));
        assert_eq!(table.get(&ChannelId(3)), None);
    }

    #[test]
    fn id_map_round_trips_through_json() {
        let mut map: IdMap<ProductId> = [(ProductId(77), ProductId(1077))].into_iter().collect();
        map.mark_pending(ProductId(80));
        let json = serde_json::to_string(&map).unwrap_or_default();
        assert_eq!(json, r#"{"mapped":{"77":1077},"pending":[80]}"#);
        let back: IdMap<ProductId> = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, map);
    }
}
