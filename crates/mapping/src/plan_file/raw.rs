//! The plan file's shape as serde reads it: every struct refuses unknown keys, string values
//! that need a place in error messages are [`Spanned`], and entries that take two forms
//! (`pages: all` or a list, `global` or a `template_file` mapping) have hand-written visitors,
//! so both YAML styles parse and a mistake inside either form still gets its line and column.
//!
//! None of these types derives `Debug`: they hold access tokens before they are wrapped.

use crate::plan_file::{
    CatalogMatch, FieldNames, OnDrift, OnExisting, ProductMatch, TemplateMatch, UnmappedPolicy,
};
use pageport_model::{BrandId, CategoryId, ChannelId, Limits, ProductId};
use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::fmt;

/// The whole file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlan {
    pub version: Spanned<u32>,
    pub stores: BTreeMap<String, RawStore>,
    pub source: RawEndpoint,
    pub target: RawEndpoint,
    pub select: RawSelect,
    #[serde(default)]
    pub mappings: RawMappings,
    #[serde(default)]
    pub on_existing: OnExisting,
    #[serde(default)]
    pub unmapped: UnmappedPolicy,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub batch_size: Option<Spanned<usize>>,
    #[serde(default)]
    pub concurrency: Option<Spanned<usize>>,
    #[serde(default)]
    pub quota_reserve: Option<u32>,
}

/// One `stores` entry, before `${VAR}` expansion.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStore {
    pub store_hash: Spanned<String>,
    #[serde(default)]
    pub access_token: Option<Spanned<String>>,
    #[serde(default)]
    pub api_base: Option<Spanned<String>>,
}

/// `source` or `target`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEndpoint {
    pub store: Spanned<String>,
    #[serde(default = "default_channel")]
    pub channel_id: ChannelId,
}

fn default_channel() -> ChannelId {
    ChannelId(1)
}

/// `select`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSelect {
    pub pages: RawPages,
    #[serde(default)]
    pub page_widgets: Vec<RawPageWidgets>,
}

/// `select.pages`: `all` or a list of URLs and names.
pub(super) enum RawPages {
    All,
    Only(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for RawPages {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PagesVisitor;
        impl<'de> Visitor<'de> for PagesVisitor {
            type Value = RawPages;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`all` or a list of page URLs and names")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawPages, E> {
                if value == "all" {
                    Ok(RawPages::All)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(value), &self))
                }
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawPages, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(RawPages::Only)
            }
        }
        deserializer.deserialize_any(PagesVisitor)
    }
}

/// One `select.page_widgets` entry: `global` or a `template_file` mapping.
pub(super) enum RawPageWidgets {
    Global,
    Template(RawTemplateSelector),
}

/// `- template_file: pages/product` with optional `entity_ids`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTemplateSelector {
    pub template_file: Spanned<String>,
    #[serde(default)]
    pub entity_ids: Option<Vec<RawEntityId>>,
}

impl<'de> Deserialize<'de> for RawPageWidgets {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SelectorVisitor;
        impl<'de> Visitor<'de> for SelectorVisitor {
            type Value = RawPageWidgets;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`global` or a mapping with `template_file`")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawPageWidgets, E> {
                if value == "global" {
                    Ok(RawPageWidgets::Global)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(value), &self))
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawPageWidgets, A::Error> {
                RawTemplateSelector::deserialize(MapAccessDeserializer::new(map))
                    .map(RawPageWidgets::Template)
            }
        }
        deserializer.deserialize_any(SelectorVisitor)
    }
}

/// An entity id written as a number (`77`) or a string (`"77"`).
pub(super) struct RawEntityId(pub String);

impl<'de> Deserialize<'de> for RawEntityId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = RawEntityId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an entity id (a whole number)")
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawEntityId, E> {
                Ok(RawEntityId(value.to_string()))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawEntityId, E> {
                u64::try_from(value)
                    .map(|v| RawEntityId(v.to_string()))
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawEntityId, E> {
                if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(RawEntityId(value.to_owned()))
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(value), &self))
                }
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

/// `mappings`.
#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct RawMappings {
    pub widget_templates: RawTemplateRules,
    pub products: RawProductRules,
    pub categories: RawCatalogRules<CategoryId>,
    pub brands: RawCatalogRules<BrandId>,
    pub channels: RawIdTable<ChannelId>,
    pub fields: FieldNames,
}

/// `mappings.widget_templates`.
#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct RawTemplateRules {
    pub match_by: TemplateMatch,
    pub create_missing: bool,
    /// Keys are spanned too, so a malformed source uuid is reported where it is written.
    pub explicit: std::collections::HashMap<Spanned<String>, Spanned<String>>,
    pub on_drift: OnDrift,
}

/// `mappings.products`.
#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct RawProductRules {
    pub match_by: ProductMatch,
    pub explicit: RawIdTable<ProductId>,
}

/// A `source: target` id table as written, every entry kept in file order with its place, so
/// two spellings of one key (`18` and `"18"`) are reported instead of the last silently winning.
pub(super) struct RawIdTable<K> {
    pub entries: Vec<RawIdEntry<K>>,
}

/// One entry of a [`RawIdTable`]: the key as parsed and as written, and the target.
pub(super) struct RawIdEntry<K> {
    pub source: Spanned<K>,
    pub written: String,
    pub target: K,
}

impl<K> Default for RawIdTable<K> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
        }
    }
}

impl<'de, K: Deserialize<'de>> Deserialize<'de> for RawIdTable<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TableVisitor<K>(std::marker::PhantomData<K>);
        impl<'de, K: Deserialize<'de>> Visitor<'de> for TableVisitor<K> {
            type Value = RawIdTable<K>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of source ids to target ids")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawIdTable<K>, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<RawKeyText<K>>>()? {
                    let target = map.next_value::<K>()?;
                    let Spanned {
                        value: RawKeyText { id, written },
                        referenced,
                        defined,
                    } = key;
                    entries.push(RawIdEntry {
                        source: Spanned {
                            value: id,
                            referenced,
                            defined,
                        },
                        written,
                        target,
                    });
                }
                Ok(RawIdTable { entries })
            }
        }
        deserializer.deserialize_map(TableVisitor(std::marker::PhantomData))
    }
}

/// `mappings.categories` / `mappings.brands`: `{ match_by, explicit }`, or the short form
/// `{ 18: 23 }` whose entries are explicit entries under the default `match_by`. The two forms
/// cannot be mixed in one mapping.
pub(super) struct RawCatalogRules<K> {
    pub match_by: Option<Spanned<CatalogMatch>>,
    pub explicit: RawIdTable<K>,
    /// True when the entries were written straight under the key (the short form).
    pub short_form: bool,
    /// Where the first key of the other form was written, when the two forms are mixed.
    pub mixed_at: Option<serde_saphyr::Location>,
}

impl<K> Default for RawCatalogRules<K> {
    fn default() -> Self {
        Self {
            match_by: None,
            explicit: RawIdTable::default(),
            short_form: false,
            mixed_at: None,
        }
    }
}

/// A key of [`RawCatalogRules`]: one of the long form's keys, or a source id of the short form.
enum CatalogKey<K> {
    MatchBy,
    Explicit,
    Id(RawKeyText<K>),
}

impl<'de, K: Deserialize<'de>> Deserialize<'de> for RawCatalogRules<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RulesVisitor<K>(std::marker::PhantomData<K>);
        impl<'de, K: Deserialize<'de>> Visitor<'de> for RulesVisitor<K> {
            type Value = RawCatalogRules<K>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a mapping with `match_by` and `explicit`, or of source ids to target ids",
                )
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawCatalogRules<K>, A::Error> {
                let mut rules = RawCatalogRules::default();
                let mut long_form = false;
                let mut short_form = false;
                let mut explicit_seen = false;
                while let Some(key) = map.next_key::<Spanned<CatalogKey<K>>>()? {
                    let Spanned {
                        value: key,
                        referenced,
                        defined,
                    } = key;
                    let mixed = match key {
                        CatalogKey::MatchBy | CatalogKey::Explicit => short_form,
                        CatalogKey::Id(_) => long_form,
                    };
                    if mixed && rules.mixed_at.is_none() {
                        rules.mixed_at = Some(referenced);
                    }
                    match key {
                        CatalogKey::MatchBy => {
                            long_form = true;
                            if rules.match_by.is_some() {
                                return Err(de::Error::duplicate_field("match_by"));
                            }
                            rules.match_by = Some(map.next_value()?);
                        }
                        CatalogKey::Explicit => {
                            long_form = true;
                            if explicit_seen {
                                return Err(de::Error::duplicate_field("explicit"));
                            }
                            explicit_seen = true;
                            rules.explicit = map.next_value()?;
                        }
                        CatalogKey::Id(RawKeyText { id, written }) => {
                            short_form = true;
                            let target = map.next_value::<K>()?;
                            rules.explicit.entries.push(RawIdEntry {
                                source: Spanned {
                                    value: id,
                                    referenced,
                                    defined,
                                },
                                written,
                                target,
                            });
                        }
                    }
                }
                rules.short_form = short_form && !long_form;
                Ok(rules)
            }
        }
        deserializer.deserialize_map(RulesVisitor(std::marker::PhantomData))
    }
}

impl<'de, K: Deserialize<'de>> Deserialize<'de> for CatalogKey<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor<K>(std::marker::PhantomData<K>);
        impl<'de, K: Deserialize<'de>> Visitor<'de> for KeyVisitor<K> {
            type Value = CatalogKey<K>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`match_by`, `explicit` or a source id (a whole number)")
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<CatalogKey<K>, E> {
                RawKeyText::from_u64(value).map(CatalogKey::Id)
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<CatalogKey<K>, E> {
                RawKeyText::from_i64(value).map(CatalogKey::Id)
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<CatalogKey<K>, E> {
                match value {
                    "match_by" => Ok(CatalogKey::MatchBy),
                    "explicit" => Ok(CatalogKey::Explicit),
                    _ => RawKeyText::from_str(value)
                        .map(CatalogKey::Id)
                        .map_err(|_: E| E::invalid_value(de::Unexpected::Str(value), &self)),
                }
            }
        }
        deserializer.deserialize_any(KeyVisitor(std::marker::PhantomData))
    }
}

/// A map key parsed as an id, with the spelling it was written in (`18` or `"18"`).
struct RawKeyText<K> {
    id: K,
    written: String,
}

impl<'de, K: Deserialize<'de>> RawKeyText<K> {
    fn from_u64<E: de::Error>(value: u64) -> Result<Self, E> {
        use serde::de::IntoDeserializer;
        Ok(RawKeyText {
            id: K::deserialize(value.into_deserializer())?,
            written: value.to_string(),
        })
    }

    fn from_i64<E: de::Error>(value: i64) -> Result<Self, E> {
        use serde::de::IntoDeserializer;
        Ok(RawKeyText {
            id: K::deserialize(value.into_deserializer())?,
            written: value.to_string(),
        })
    }

    /// A quoted key (`"18"`): digits only.
    fn from_str<E: de::Error>(value: &str) -> Result<Self, E> {
        use serde::de::IntoDeserializer;
        let number = value
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| value.parse::<u64>().ok())
            .flatten()
            .ok_or_else(|| E::custom("not a whole number"))?;
        Ok(RawKeyText {
            id: K::deserialize(number.into_deserializer())?,
            written: format!("\"{value}\""),
        })
    }
}

impl<'de, K: Deserialize<'de>> Deserialize<'de> for RawKeyText<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor<K>(std::marker::PhantomData<K>);
        impl<'de, K: Deserialize<'de>> Visitor<'de> for KeyVisitor<K> {
            type Value = RawKeyText<K>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id (a whole number)")
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawKeyText<K>, E> {
                RawKeyText::from_u64(value)
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawKeyText<K>, E> {
                RawKeyText::from_i64(value)
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawKeyText<K>, E> {
                RawKeyText::from_str(value)
                    .map_err(|_: E| E::invalid_value(de::Unexpected::Str(value), &self))
            }
        }
        deserializer.deserialize_any(KeyVisitor(std::marker::PhantomData))
    }
}
