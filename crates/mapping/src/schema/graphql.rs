//! What kind of id each variable of a template's `storefront_api_query` holds, learnt from the
//! arguments it is passed to: `product(entityId: $v)`, `products(entityIds: $v)`,
//! `category(entityId:)`, `brand(entityId:)`, and filter objects such as
//! `searchProducts(filters: {categoryEntityIds: $v})`, in operations and fragments alike
//! (aliases do not matter: the field's own name does). Parsed with `graphql-parser`.

use crate::entity::EntityKind;
use graphql_parser::query::{
    Definition, Document, OperationDefinition, Selection, SelectionSet, Value,
};
use std::collections::{BTreeMap, BTreeSet};

/// Every variable passed where an id of a known kind goes, with the kinds it is used as (more
/// than one kind means the query is ambiguous about it). Err: the query does not parse.
pub fn variable_kinds(query: &str) -> Result<BTreeMap<String, BTreeSet<EntityKind>>, String> {
    let document: Document<'_, String> =
        graphql_parser::parse_query(query).map_err(|e| e.to_string().trim().to_owned())?;
    let mut found = BTreeMap::new();
    for definition in &document.definitions {
        let selection_set = match definition {
            Definition::Operation(OperationDefinition::Query(q)) => &q.selection_set,
            Definition::Operation(OperationDefinition::SelectionSet(s)) => s,
            Definition::Operation(OperationDefinition::Mutation(m)) => &m.selection_set,
            Definition::Operation(OperationDefinition::Subscription(s)) => &s.selection_set,
            Definition::Fragment(fragment) => &fragment.selection_set,
        };
        selections(selection_set, &mut found);
    }
    Ok(found)
}

type Found = BTreeMap<String, BTreeSet<EntityKind>>;

fn selections(set: &SelectionSet<'_, String>, found: &mut Found) {
    for selection in &set.items {
        match selection {
            Selection::Field(field) => {
                for (argument, value) in &field.arguments {
                    let kind = argument_kind(Some(&field.name), argument);
                    value_variables(value, kind, found);
                }
                selections(&field.selection_set, found);
            }
            Selection::InlineFragment(fragment) => selections(&fragment.selection_set, found),
            // Named fragments are visited as definitions of their own.
            Selection::FragmentSpread(_) => {}
        }
    }
}

/// Records the variables in `value` as ids of `kind`; object fields name their own kind.
fn value_variables(value: &Value<'_, String>, kind: Option<EntityKind>, found: &mut Found) {
    match value {
        Value::Variable(name) => {
            if let Some(kind) = kind {
                found.entry(name.clone()).or_default().insert(kind);
            }
        }
        Value::List(items) => {
            for item in items {
                value_variables(item, kind, found);
            }
        }
        Value::Object(fields) => {
            for (key, inner) in fields {
                value_variables(inner, argument_kind(None, key), found);
            }
        }
        _ => {}
    }
}

/// The kind of id an argument takes, by the field it belongs to (`None` inside an input
/// object, where the key names itself).
// ASSUMPTION: the GraphQL Storefront API's numeric catalog ids are the `entityId(s)` arguments
// of `product(s)`, `category`, `categories`, `brand(s)`, `categoryTree(rootEntityId:)`, and
// the `…EntityId(s)` keys of search filters; `node(id:)` and `product(id:)` take opaque global
// ids, which are not store ids we can map, and are left alone.
fn argument_kind(field: Option<&str>, argument: &str) -> Option<EntityKind> {
    match (field, argument) {
        (Some("product" | "products"), "entityId" | "entityIds") => Some(EntityKind::Product),
        (Some("category" | "categories"), "entityId" | "entityIds") => Some(EntityKind::Category),
        (Some("categoryTree"), "rootEntityId") => Some(EntityKind::Category),
        (Some("brand" | "brands"), "entityId" | "entityIds") => Some(EntityKind::Brand),
        (_, "productEntityId" | "productEntityIds") => Some(EntityKind::Product),
        (_, "categoryEntityId" | "categoryEntityIds") => Some(EntityKind::Category),
        (_, "brandEntityId" | "brandEntityIds") => Some(EntityKind::Brand),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(query: &str) -> BTreeMap<String, Vec<EntityKind>> {
        variable_kinds(query)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().collect()))
            .collect()
    }

    #[test]
    fn site_fields_with_aliases_and_fragments_name_the_kind_of_their_variables() {
        let query = r#"
            query Featured($featuredProductId: Int!, $slideIds: [Int!], $cat: Int!, $b: Int!,
                           $currency: currencyCode, $first: Int = 4) {
              site {
                hero: product(entityId: $featuredProductId) { ...Card }
                products(entityIds: $slideIds, first: $first) { edges { node { name } } }
                category(entityId: $cat) { name }
                ...BrandPart
              }
            }
            fragment Card on Product { name prices(currencyCode: $currency) { price { value } } }
            fragment BrandPart on Site { brand(entityId: $b) { name } }
        "#;
        let found = kinds(query);
        assert_eq!(found["featuredProductId"], [EntityKind::Product]);
        assert_eq!(found["slideIds"], [EntityKind::Product]);
        assert_eq!(found["cat"], [EntityKind::Category]);
        assert_eq!(found["b"], [EntityKind::Brand]);
        assert!(!found.contains_key("currency"));
        assert!(!found.contains_key("first"));
    }

    #[test]
    fn filter_objects_and_lists_name_their_own_kind_and_conflicts_keep_both() {
        let query = r#"query($c: Int!, $bs: [Int!], $x: Int!) { site { search {
            searchProducts(filters: {categoryEntityIds: [$c], brandEntityIds: $bs}) { products { edges { node { name } } } }
            } product(entityId: $x) { name } category(entityId: $x) { name } } }"#;
        let found = kinds(query);
        assert_eq!(found["c"], [EntityKind::Category]);
        assert_eq!(found["bs"], [EntityKind::Brand]);
        assert_eq!(found["x"], [EntityKind::Product, EntityKind::Category]);
    }

    #[test]
    fn global_ids_are_not_store_ids_and_bad_queries_are_errors() {
        let found =
            kinds("query($id: ID!) { node(id: $id) { id } site { product(id: $id) { name } } }");
        assert!(found.is_empty());
        assert!(variable_kinds("query { site { product(entityId: ").is_err());
    }
}
