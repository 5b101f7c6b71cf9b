//! Properties of `remap_document` over generated page-widget documents (regions, layouts,
//! dropzones, widgets, free-form `configuration` / `storefront_api_query_params` with id-holding
//! keys at random depths) and generated tables:
//!
//! 1. the remapped document equals the original except at the paths the log lists as
//!    rewrites, where the value changed from `from` to `to` and kept its JSON type;
//! 2. with empty tables and `unmapped: keep`, nothing changes;
//! 3. remapping is deterministic.

use pageport_mapping::plan_file::{FieldNames, UnmappedPolicy};
use pageport_mapping::remap::document_path;
use pageport_mapping::{IdMap, RemapLog, RemapTables, remap_document};
use pageport_model::{
    BrandId, CategoryId, ChannelId, Dropzone, EntityId, JsonObject, Layout, PageId,
    PageWidgetsDocument, PageWidgetsKey, ProductId, Region, RegionChild, TemplateFile, Widget,
    WidgetTemplateUuid,
};
use proptest::collection::{btree_map, btree_set, vec};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;

/// Source template uuids documents use and tables may map.
const UUIDS: [&str; 3] = [
    "11111111-1111-4111-8111-111111111111",
    "22222222-2222-4222-8222-222222222222",
    "33333333-3333-4333-8333-333333333333",
];

/// Keys that hold ids under the default field names, and the template key.
const ID_KEYS: [&str; 5] = [
    "productId",
    "productIds",
    "categoryId",
    "brandId",
    "widget_template_uuid",
];

/// Keys that hold no ids, some of them needing quotes in a path.
const PLAIN_KEYS: [&str; 8] = [
    "title",
    "items",
    "id",
    "product",
    "data-id",
    "a b",
    "",
    "productId2",
];

// ----- generators -----

/// Small ids, so documents and tables meet often.
fn small_id() -> impl Strategy<Value = u64> {
    1u64..=5
}

/// One id as text, in the spellings stores use (and a leading zero).
fn id_part() -> impl Strategy<Value = String> {
    prop_oneof![
        small_id().prop_map(|id| id.to_string()),
        small_id().prop_map(|id| format!(" {id} ")),
        small_id().prop_map(|id| format!("00{id}")),
        Just("0".to_owned()),
    ]
}

/// A string under an id key: an id, a comma-separated list, or text that is not ids.
fn id_string() -> impl Strategy<Value = String> {
    prop_oneof![
        id_part(),
        vec(id_part(), 2..5).prop_map(|parts| parts.join(",")),
        Just(String::new()),
        Just("abc".to_owned()),
        Just("3,x".to_owned()),
        Just("-4".to_owned()),
        Just("18446744073709551616".to_owned()),
        prop::sample::select(UUIDS.to_vec()).prop_map(str::to_owned),
    ]
}

/// A scalar under an id key: numbers (ids, zero, negative, fractional, huge), strings, and
/// values that are not ids at all.
fn id_scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => small_id().prop_map(Value::from),
        4 => id_string().prop_map(Value::from),
        1 => Just(Value::from(0u64)),
        1 => Just(Value::from(-3i64)),
        1 => Just(Value::from(2.5f64)),
        1 => Just(Value::from(7.0f64)),
        1 => Just(Value::from(u64::MAX)),
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::from),
    ]
}

/// Free-form JSON with id-holding keys at random depths.
fn free_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        id_scalar(),
        "[a-z ]{0,6}".prop_map(Value::from),
        (-5i64..50).prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            object_of(inner).prop_map(Value::Object),
        ]
    })
}

/// An object whose keys mix id keys and plain keys, with values from `values` or id scalars.
fn object_of(values: impl Strategy<Value = Value>) -> impl Strategy<Value = JsonObject> {
    let key = prop_oneof![
        prop::sample::select(ID_KEYS.to_vec()),
        prop::sample::select(PLAIN_KEYS.to_vec()),
    ];
    let value = prop_oneof![
        values,
        id_scalar(),
        vec(id_scalar(), 0..4).prop_map(Value::Array)
    ];
    vec((key, value), 0..5).prop_map(|entries| {
        entries
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect()
    })
}

fn configuration() -> impl Strategy<Value = Option<JsonObject>> {
    prop::option::of(object_of(free_json()))
}

fn template_uuid() -> impl Strategy<Value = WidgetTemplateUuid> {
    prop_oneof![
        4 => prop::sample::select(UUIDS.to_vec()),
        1 => Just("not-a-uuid"),
    ]
    .prop_map(WidgetTemplateUuid::from)
}

fn widget() -> impl Strategy<Value = Widget> {
    (
        template_uuid(),
        prop::option::of("[A-Za-z ]{0,8}"),
        configuration(),
        configuration(),
    )
        .prop_map(|(uuid, name, configuration, params)| Widget {
            widget_template_uuid: uuid,
            name,
            description: None,
            configuration,
            storefront_api_query_params: params,
            extra: Default::default(),
        })
}

fn layout() -> impl Strategy<Value = Layout> {
    let dropzone =
        (configuration(), vec(widget(), 0..3)).prop_map(|(configuration, widgets)| Dropzone {
            configuration,
            widgets,
            extra: Default::default(),
        });
    (configuration(), vec(dropzone, 0..3)).prop_map(|(configuration, dropzones)| Layout {
        layout_template_uuid: None,
        name: Some("Columns".to_owned()),
        configuration,
        dropzones,
        extra: Default::default(),
    })
}

fn region() -> impl Strategy<Value = Region> {
    let child = prop_oneof![
        widget().prop_map(RegionChild::Widget),
        layout().prop_map(RegionChild::Layout),
    ];
    (
        prop::sample::select(vec!["header", "page_builder_content", "footer--global"]),
        vec(child, 0..4),
    )
        .prop_map(|(name, children)| Region {
            name: name.to_owned(),
            children,
            extra: Default::default(),
        })
}

fn key() -> impl Strategy<Value = PageWidgetsKey> {
    let files = vec![
        None,
        Some("pages/home"),
        Some("pages/product"),
        Some("pages/category"),
        Some("pages/brand"),
        Some("pages/page"),
        Some("pages/custom/page/landing"),
    ];
    let entities = vec![
        None,
        Some("3"),
        Some("005"),
        Some("abc"),
        Some("0"),
        Some(" 5"),
    ];
    (
        1u64..=3,
        prop::sample::select(files),
        prop::sample::select(entities),
    )
        .prop_map(|(channel, file, entity)| PageWidgetsKey {
            channel_id: ChannelId(channel),
            template_file: file.map(TemplateFile::from),
            entity_id: entity.map(EntityId::from),
        })
}

fn document() -> impl Strategy<Value = PageWidgetsDocument> {
    (key(), vec(region(), 0..3)).prop_map(|(key, regions)| PageWidgetsDocument { key, regions })
}

/// A table of small source ids to any targets (identity mappings included), plus pending ids.
fn id_map<Id: Ord + Clone + std::fmt::Debug>(
    id: fn(u64) -> Id,
) -> impl Strategy<Value = IdMap<Id>> {
    (
        // Targets are often small too, so identity mappings (`3 → 3`) happen.
        btree_map(small_id(), prop_oneof![small_id(), 1000u64..=3000], 0..6),
        btree_set(small_id(), 0..3),
    )
        .prop_map(move |(mapped, pending)| {
            let mut map: IdMap<Id> = mapped.into_iter().map(|(s, t)| (id(s), id(t))).collect();
            for source in pending {
                map.mark_pending(id(source));
            }
            map
        })
}

fn tables() -> impl Strategy<Value = RemapTables> {
    let templates = btree_map(
        prop::sample::select(UUIDS.to_vec()),
        prop::sample::select(vec![
            "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
            "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
            UUIDS[0],
        ]),
        0..3,
    )
    .prop_map(|mapped| {
        mapped
            .into_iter()
            .map(|(s, t)| (WidgetTemplateUuid::from(s), WidgetTemplateUuid::from(t)))
            .collect::<IdMap<WidgetTemplateUuid>>()
    });
    let channels = btree_map(1u64..=3, 1u64..=5, 0..3).prop_map(|mapped| {
        mapped
            .into_iter()
            .map(|(s, t)| (ChannelId(s), ChannelId(t)))
            .collect::<IdMap<ChannelId>>()
    });
    let policy = prop_oneof![
        Just(UnmappedPolicy::Fail),
        Just(UnmappedPolicy::Warn),
        Just(UnmappedPolicy::Keep),
    ];
    (
        channels,
        templates,
        id_map(ProductId),
        id_map(CategoryId),
        id_map(BrandId),
        id_map(PageId),
        policy,
    )
        .prop_map(
            |(channels, widget_templates, products, categories, brands, pages, unmapped)| {
                RemapTables {
                    channels,
                    widget_templates,
                    products,
                    categories,
                    brands,
                    pages,
                    fields: FieldNames::default(),
                    schemas: Default::default(),
                    unmapped,
                }
            },
        )
}

fn empty_tables() -> RemapTables {
    RemapTables {
        channels: IdMap::new(),
        widget_templates: IdMap::new(),
        products: IdMap::new(),
        categories: IdMap::new(),
        brands: IdMap::new(),
        pages: IdMap::new(),
        fields: FieldNames::default(),
        schemas: Default::default(),
        unmapped: UnmappedPolicy::Keep,
    }
}

// ----- the oracle -----

/// `base.key`, or `base["key"]` when the key is not a plain identifier (the log's path syntax).
fn field_path(base: &str, key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("{base}.{key}")
    } else {
        format!("{base}[{}]", serde_json::to_string(key).unwrap())
    }
}

/// One leaf whose value differs between the original and the remapped document.
#[derive(Debug)]
struct Change {
    path: String,
    before: Value,
    after: Value,
}

/// Walks both values in step, failing on any change of shape (keys, their order, array
/// lengths) and collecting the leaves that differ.
fn diff(
    before: &Value,
    after: &Value,
    path: &str,
    changes: &mut Vec<Change>,
) -> Result<(), TestCaseError> {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            let (keys_a, keys_b): (Vec<&String>, Vec<&String>) =
                (a.keys().collect(), b.keys().collect());
            prop_assert_eq!(keys_a, keys_b, "keys changed at `{}`", path);
            for (key, value) in a {
                diff(value, &b[key], &field_path(path, key), changes)?;
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            prop_assert_eq!(a.len(), b.len(), "length changed at `{}`", path);
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                diff(x, y, &format!("{path}[{index}]"), changes)?;
            }
        }
        (a, b) if a == b => {}
        (a, b) => changes.push(Change {
            path: path.to_owned(),
            before: a.clone(),
            after: b.clone(),
        }),
    }
    Ok(())
}

/// The leaves that differ, with paths as the remap log writes them (the key's fields sit
/// directly under the document's path).
fn changes(
    before: &PageWidgetsDocument,
    after: &PageWidgetsDocument,
) -> Result<Vec<Change>, TestCaseError> {
    let base = document_path(&before.key);
    let (a, b) = (
        serde_json::to_value(before).unwrap(),
        serde_json::to_value(after).unwrap(),
    );
    let mut out = Vec::new();
    diff(&a["key"], &b["key"], &base, &mut out)?;
    diff(
        &a["regions"],
        &b["regions"],
        &field_path(&base, "regions"),
        &mut out,
    )?;
    Ok(out)
}

/// The source value a piece of text names: the id it parses to, else the text itself.
fn canonical(text: &str) -> String {
    let trimmed = text.trim();
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        trimmed
            .parse::<u64>()
            .map_or_else(|_| trimmed.to_owned(), |id| id.to_string())
    } else {
        trimmed.to_owned()
    }
}

/// Checks one changed leaf against the rewrites logged at its path; returns how many of them
/// it accounts for.
fn check_change(change: &Change, logged: &[(String, String)]) -> Result<usize, TestCaseError> {
    let is_logged = |from: &str, to: &str| logged.iter().any(|(f, t)| f == from && t == to);
    match (&change.before, &change.after) {
        (Value::Number(a), Value::Number(b)) => {
            prop_assert!(
                is_logged(&a.to_string(), &b.to_string()),
                "`{}` went from {} to {}, not as logged: {:?}",
                change.path,
                a,
                b,
                logged
            );
            Ok(1)
        }
        (Value::String(a), Value::String(b)) => {
            if is_logged(a, b) {
                return Ok(1);
            }
            // A comma-separated list: element-wise, spacing kept.
            let (parts_a, parts_b): (Vec<&str>, Vec<&str>) =
                (a.split(',').collect(), b.split(',').collect());
            prop_assert_eq!(
                parts_a.len(),
                parts_b.len(),
                "`{}`: {:?} → {:?}",
                change.path,
                a,
                b
            );
            let mut accounted = 0;
            for (x, y) in parts_a.iter().zip(&parts_b) {
                if x == y {
                    continue;
                }
                let spacing =
                    |s: &str| (s.len() - s.trim_start().len(), s.len() - s.trim_end().len());
                prop_assert_eq!(
                    spacing(x),
                    spacing(y),
                    "spacing changed at `{}`: {:?} → {:?}",
                    change.path,
                    a,
                    b
                );
                prop_assert!(
                    is_logged(&canonical(x), y.trim()),
                    "`{}`: part {:?} became {:?}, not as logged: {:?}",
                    change.path,
                    x,
                    y,
                    logged
                );
                accounted += 1;
            }
            Ok(accounted)
        }
        (a, b) => {
            prop_assert!(false, "`{}` changed JSON type: {} → {}", change.path, a, b);
            unreachable!()
        }
    }
}

/// Property 1: exactly the logged rewrites changed, each keeping its type.
fn only_logged_ids_change(
    before: &PageWidgetsDocument,
    after: &PageWidgetsDocument,
    log: &RemapLog,
) -> Result<(), TestCaseError> {
    let mut logged: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for rewrite in &log.rewrites {
        prop_assert_ne!(&rewrite.from, &rewrite.to, "identity rewrite logged");
        logged
            .entry(rewrite.path.as_str())
            .or_default()
            .push((rewrite.from.clone(), rewrite.to.clone()));
    }
    let mut accounted: BTreeMap<String, usize> = BTreeMap::new();
    for change in changes(before, after)? {
        let at_path = logged
            .get(change.path.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        prop_assert!(
            !at_path.is_empty(),
            "`{}` changed ({} → {}) with no rewrite logged there",
            change.path,
            change.before,
            change.after
        );
        *accounted.entry(change.path.clone()).or_default() += check_change(&change, at_path)?;
    }
    for (path, rewrites) in &logged {
        prop_assert_eq!(
            accounted.get(*path).copied().unwrap_or(0),
            rewrites.len(),
            "rewrites logged at `{}` without the matching change: {:?}",
            path,
            rewrites
        );
    }
    Ok(())
}

/// What property 1 found once: an identity mapping (`5 → 5`) rewrote `"005"` to `"5"` without
/// logging it, in a key's entity id and in a configuration string.
#[test]
fn an_identity_mapping_keeps_the_source_spelling() {
    let document: PageWidgetsDocument = serde_json::from_value(serde_json::json!({
        "key": {"channel_id": 1, "template_file": "pages/product", "entity_id": "005"},
        "regions": [{"name": "header", "children": [{"type": "widget",
            "widget_template_uuid": UUIDS[0],
            "configuration": {"productIds": " 005 , 7", "productId": "005"}}]}]
    }))
    .unwrap();
    let mut tables = empty_tables();
    tables.products = [
        (ProductId(5), ProductId(5)),
        (ProductId(7), ProductId(1007)),
    ]
    .into_iter()
    .collect();
    let remapped = remap_document(&document, &tables);
    assert_eq!(remapped.value.key.entity_id, Some(EntityId::from("005")));
    let RegionChild::Widget(widget) = &remapped.value.regions[0].children[0] else {
        panic!("a widget");
    };
    let configuration = widget.configuration.as_ref().unwrap();
    assert_eq!(configuration["productIds"], " 005 , 1007");
    assert_eq!(configuration["productId"], "005");
    assert_eq!(
        remapped.log.rewrites.len(),
        1,
        "{:?}",
        remapped.log.rewrites
    );
}

/// The generators are not vacuous: over a fixed sample, every kind of rewrite happens.
#[test]
fn the_generators_reach_every_kind_of_rewrite() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = (document(), tables());
    let mut seen = BTreeMap::<&str, usize>::new();
    for _ in 0..256 {
        let (document, tables) = strategy.new_tree(&mut runner).unwrap().current();
        let remapped = remap_document(&document, &tables);
        for change in changes(&document, &remapped.value).unwrap() {
            let what = match (&change.before, change.path.as_str()) {
                (_, p) if p.ends_with(".channel_id") && !p.contains(".regions") => "key channel",
                (_, p) if p.ends_with(".entity_id") && !p.contains(".regions") => "key entity",
                (Value::String(_), p)
                    if p.contains("configuration") && p.ends_with("widget_template_uuid") =>
                {
                    "template uuid in a configuration"
                }
                (_, p) if p.ends_with("widget_template_uuid") => "widget template",
                (Value::Number(_), p) if p.contains("storefront_api_query_params") => {
                    "number in query params"
                }
                (Value::Number(_), _) => "number in a configuration",
                (Value::String(s), _) if s.contains(',') => "comma-separated list",
                (Value::String(_), _) => "string id",
                _ => "other",
            };
            *seen.entry(what).or_default() += 1;
        }
    }
    for kind in [
        "key channel",
        "key entity",
        "widget template",
        "template uuid in a configuration",
        "number in a configuration",
        "number in query params",
        "comma-separated list",
        "string id",
    ] {
        assert!(
            seen.get(kind).copied().unwrap_or(0) > 0,
            "never generated: {kind}; saw {seen:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn only_the_logged_identifiers_change_and_keep_their_type(
        document in document(),
        tables in tables(),
    ) {
        let remapped = remap_document(&document, &tables);
        only_logged_ids_change(&document, &remapped.value, &remapped.log)?;
    }

    #[test]
    fn empty_tables_with_unmapped_keep_change_nothing(document in document()) {
        let remapped = remap_document(&document, &empty_tables());
        prop_assert_eq!(&remapped.value, &document);
        prop_assert!(remapped.log.rewrites.is_empty());
        prop_assert!(!remapped.log.has_errors());
    }

    #[test]
    fn remapping_is_deterministic(document in document(), tables in tables()) {
        let first = remap_document(&document, &tables);
        let second = remap_document(&document.clone(), &tables.clone());
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(
            serde_json::to_string(&first.value).unwrap(),
            serde_json::to_string(&second.value).unwrap()
        );
    }
}
