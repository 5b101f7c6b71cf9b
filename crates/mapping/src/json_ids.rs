//! The identifier rewriter: looks ids up in the [`RemapTables`], records each outcome in a
//! [`RemapLog`], and walks free-form JSON (`configuration`, `storefront_api_query_params`)
//! rewriting ids while preserving their JSON type: first at the paths the widget template's
//! schema declares ([`IdRewriter::widget_object`]), then, for what no schema path covers, the
//! values of the keys `mappings.fields` lists, at any depth. An id-like value neither covers is
//! recorded as unrecognised.

use crate::entity::EntityKind;
use crate::rewrite_log::{RemapLog, RewriteKind, RuleSource, field_path, index_path};
use crate::schema::{IdPath, IdShape, PathStep, TemplateIdSchema, WidgetRoot};
use crate::tables::{IdMap, Lookup, RemapTables};
use pageport_model::{BrandId, CategoryId, JsonObject, PageId, ProductId, WidgetTemplateUuid};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::Display;

/// The key that names a widget template wherever it appears.
const TEMPLATE_KEY: &str = "widget_template_uuid";

/// Rewrites identifiers through the tables, recording what it did.
pub(crate) struct IdRewriter<'a> {
    pub(crate) tables: &'a RemapTables,
    pub(crate) log: RemapLog,
    /// The rule the ids being rewritten were found by (`None` for fixed fields).
    rule: Option<RuleSource>,
    /// The paths of the object being rewritten that a schema path already handled.
    covered: BTreeSet<String>,
}

impl<'a> IdRewriter<'a> {
    pub(crate) fn new(tables: &'a RemapTables) -> Self {
        Self {
            tables,
            log: RemapLog::new(tables.unmapped),
            rule: None,
            covered: BTreeSet::new(),
        }
    }

    /// Looks `source` up in `map`, records the outcome at `path`, and returns a known target.
    pub(crate) fn resolve<Id>(
        &mut self,
        map: &IdMap<Id>,
        kind: RewriteKind,
        source: &Id,
        path: &str,
    ) -> Option<Id>
    where
        Id: Ord + Clone + Display,
    {
        match map.lookup(source) {
            Lookup::Mapped(target) => {
                self.log.rewrite(
                    kind,
                    (source.to_string(), target.to_string()),
                    path,
                    self.rule,
                );
                Some(target.clone())
            }
            Lookup::Pending => {
                self.log.pending(kind, source.to_string(), path);
                None
            }
            Lookup::Unmapped => {
                self.log.unmapped(kind, source.to_string(), path, self.rule);
                None
            }
        }
    }

    /// Maps a numeric id of `kind`; `None` (and a record) when it has no known target.
    pub(crate) fn map_id(&mut self, kind: EntityKind, id: u64, path: &str) -> Option<u64> {
        let tables = self.tables;
        let rewrite_kind = RewriteKind::from(kind);
        match kind {
            EntityKind::Page => self
                .resolve(&tables.pages, rewrite_kind, &PageId(id), path)
                .map(PageId::get),
            EntityKind::Product => self
                .resolve(&tables.products, rewrite_kind, &ProductId(id), path)
                .map(ProductId::get),
            EntityKind::Category => self
                .resolve(&tables.categories, rewrite_kind, &CategoryId(id), path)
                .map(CategoryId::get),
            EntityKind::Brand => self
                .resolve(&tables.brands, rewrite_kind, &BrandId(id), path)
                .map(BrandId::get),
        }
    }

    /// Maps a widget template uuid; `None` (and a record) when it has no known target.
    pub(crate) fn map_template(
        &mut self,
        uuid: &WidgetTemplateUuid,
        path: &str,
    ) -> Option<WidgetTemplateUuid> {
        let tables = self.tables;
        self.resolve(
            &tables.widget_templates,
            RewriteKind::WidgetTemplate,
            uuid,
            path,
        )
    }

    /// Rewrites a widget's `configuration` or `storefront_api_query_params` (`root`): the
    /// paths its template's `schema` declares first, then the rest by field names.
    pub(crate) fn widget_object(
        &mut self,
        object: &mut JsonObject,
        root: WidgetRoot,
        schema: Option<&TemplateIdSchema>,
        path: &str,
    ) {
        self.covered.clear();
        for id_path in schema.into_iter().flat_map(|s| s.paths_in(root)) {
            self.rule = Some(RuleSource::Schema);
            if let Some((PathStep::Key(key), rest)) = id_path.steps.split_first()
                && let Some(value) = object.get_mut(key)
            {
                self.schema_value(value, rest, id_path, &field_path(path, key));
            }
            self.rule = None;
        }
        self.object(object, path);
        self.covered.clear();
    }

    /// Follows the rest of a schema path from `value`.
    fn schema_value(
        &mut self,
        value: &mut Value,
        steps: &[PathStep],
        id_path: &IdPath,
        path: &str,
    ) {
        match steps.split_first() {
            None => {
                self.covered.insert(path.to_owned());
                match id_path.shape {
                    IdShape::Id => self.schema_id(id_path.kind, value, path),
                    IdShape::ProductImage => self.product_image(value, path),
                }
            }
            Some((PathStep::Each, rest)) => {
                if let Value::Array(items) = value {
                    for (index, item) in items.iter_mut().enumerate() {
                        self.schema_value(item, rest, id_path, &index_path(path, index));
                    }
                }
            }
            Some((PathStep::Key(key), rest)) => {
                if let Value::Object(object) = value
                    && let Some(inner) = object.get_mut(key)
                {
                    self.schema_value(inner, rest, id_path, &field_path(path, key));
                }
            }
        }
    }

    /// Rewrites the value at a schema-declared id path. As by field name, but stricter: a
    /// non-empty value that is not an id cannot be resolved, so it is recorded as unmapped.
    /// `""`, `null` and `0` mean unset and are left alone.
    fn schema_id(&mut self, kind: EntityKind, value: &mut Value, path: &str) {
        let unresolvable = match &*value {
            Value::Null => false,
            Value::String(text) => {
                !text.trim().is_empty() && !text.split(',').all(|p| parse_id(p.trim()).is_some())
            }
            Value::Number(number) => number.as_u64().is_none(),
            Value::Bool(_) | Value::Object(_) => true,
            Value::Array(_) => false,
        };
        if unresolvable {
            let text = match &*value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            self.log.unmapped(kind.into(), text, path, self.rule);
            return;
        }
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.schema_id(kind, item, &index_path(path, index));
                }
            }
            _ => self.id_value(kind, value, path),
        }
    }

    /// Checks the product a `productImage` value's URL names. The URL is kept: it addresses
    /// the source store's CDN (`…/products/<product>/images/<image>/…`), and the target
    /// product's image ids are not known, so replacing the product id alone would point at
    /// nothing. The product must still map (else it follows `unmapped`), and validation warns
    /// about the source store's URL.
    // ASSUMPTION: the docs show the value only as `{"src": <URL>, "type": "PRODUCT_IMAGE"}`;
    // a plain URL string is read the same way, and a URL without `/products/<id>/` (an image
    // picked from elsewhere) holds no product id.
    fn product_image(&mut self, value: &Value, path: &str) {
        let (src, src_path) = match value {
            Value::String(src) => (src.as_str(), path.to_owned()),
            Value::Object(object) => match object.get("src") {
                Some(Value::String(src)) => (src.as_str(), field_path(path, "src")),
                _ => return,
            },
            _ => return,
        };
        let Some(id) = product_in_image_url(src) else {
            return;
        };
        if self.tables.products.lookup(&ProductId(id)) == Lookup::Unmapped {
            self.log
                .unmapped(RewriteKind::Product, id.to_string(), &src_path, self.rule);
        }
    }

    /// Rewrites the ids inside a free-form configuration object, at any depth, by field
    /// names; paths a schema path handled are skipped.
    pub(crate) fn object(&mut self, object: &mut JsonObject, path: &str) {
        for (key, value) in object.iter_mut() {
            let path = field_path(path, key);
            if self.covered.contains(&path) {
                continue;
            }
            if key == TEMPLATE_KEY {
                self.template_value(value, &path);
            } else if let Some(kind) = self.tables.fields.kind_of(key) {
                let outer = self.rule.replace(RuleSource::FieldName);
                self.id_value(kind, value, &path);
                self.rule = outer;
            } else {
                if is_id_like_key(key) && is_id_like_value(value) {
                    self.log.unrecognised(value.to_string(), &path);
                }
                self.walk(value, &path);
            }
        }
    }

    /// Looks for id-holding keys inside any value.
    fn walk(&mut self, value: &mut Value, path: &str) {
        match value {
            Value::Object(object) => self.object(object, path),
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.walk(item, &index_path(path, index));
                }
            }
            _ => {}
        }
    }

    /// Rewrites the value of an id-holding key: a number stays a number, a string a string
    /// (`"77,80"` element-wise), an array element-wise. Values that are not ids (`""`, `0`,
    /// `null`, text) are left alone and not recorded.
    fn id_value(&mut self, kind: EntityKind, value: &mut Value, path: &str) {
        match value {
            Value::Number(number) => {
                if let Some(id) = number.as_u64().filter(|id| *id != 0)
                    && let Some(target) = self.map_id(kind, id, path)
                {
                    *value = Value::Number(target.into());
                }
            }
            Value::String(text) => {
                if let Some(rewritten) = self.id_list(kind, text, path) {
                    *text = rewritten;
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.id_value(kind, item, &index_path(path, index));
                }
            }
            Value::Object(object) => self.object(object, path),
            Value::Null | Value::Bool(_) => {}
        }
    }

    /// Rewrites `"77"` or `"77, 80"` id by id, keeping separators and spacing; `None` when the
    /// text is not a list of ids.
    fn id_list(&mut self, kind: EntityKind, text: &str, path: &str) -> Option<String> {
        let parts: Vec<&str> = text.split(',').collect();
        let ids: Vec<u64> = parts
            .iter()
            .map(|part| parse_id(part.trim()))
            .collect::<Option<_>>()?;
        let mut out = String::with_capacity(text.len() + 4);
        for (index, (part, id)) in parts.iter().zip(ids).enumerate() {
            if index > 0 {
                out.push(',');
            }
            let trimmed = part.trim();
            let leading = &part[..part.len() - part.trim_start().len()];
            let trailing = &part[part.trim_end().len()..];
            out.push_str(leading);
            // An identity mapping keeps the source's spelling (`"007"` stays `"007"`).
            match (id != 0).then(|| self.map_id(kind, id, path)).flatten() {
                Some(target) if target != id => out.push_str(&target.to_string()),
                _ => out.push_str(trimmed),
            }
            out.push_str(trailing);
        }
        Some(out)
    }

    /// Rewrites a `widget_template_uuid` found inside free-form JSON.
    fn template_value(&mut self, value: &mut Value, path: &str) {
        if let Value::String(text) = value
            && !text.is_empty()
            && let Some(target) = self.map_template(&WidgetTemplateUuid::new(text.clone()), path)
        {
            *text = target.0;
        }
    }
}

/// The product id in a product image URL: the number after a `/products/` path segment.
fn product_in_image_url(url: &str) -> Option<u64> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let mut segments = path.split('/');
    while let Some(segment) = segments.next() {
        if segment == "products" {
            return segments.next().and_then(parse_id).filter(|id| *id != 0);
        }
    }
    None
}

/// A key that names an id by its last word: `productId`, `slideIds`, `product_id`,
/// `BRAND_IDS`, `id` (compared ignoring case; `grid` or `valid` are words of their own).
pub(crate) fn is_id_like_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    let Some(stem_len) = ["ids", "id"]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix).map(str::len))
    else {
        return false;
    };
    if stem_len == 0 {
        return true;
    }
    let stem = &key[..stem_len];
    let suffix = &key[stem_len..];
    // A separator before the word, or a camelCase / UPPERCASE word boundary.
    stem.ends_with(['_', '-', '.', ' '])
        || (suffix.starts_with('I')
            && stem
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        || (suffix.starts_with("ID") && stem.chars().all(|c| !c.is_ascii_lowercase()))
}

/// A value an id could be: a positive whole number, a string of them (`"77"`, `"77,80"`), or a
/// non-empty list of such values.
pub(crate) fn is_id_like_value(value: &Value) -> bool {
    match value {
        Value::Number(number) => number.as_u64().is_some_and(|id| id != 0),
        Value::String(text) => {
            let ids: Option<Vec<u64>> = text.split(',').map(|p| parse_id(p.trim())).collect();
            ids.is_some_and(|ids| ids.iter().any(|id| *id != 0))
        }
        Value::Array(items) => !items.is_empty() && items.iter().all(is_id_like_value),
        Value::Null | Value::Bool(_) | Value::Object(_) => false,
    }
}

/// A whole number written in decimal digits only.
pub(crate) fn parse_id(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_like_keys_end_in_the_word_id_or_ids() {
        for key in [
            "productId",
            "slideIds",
            "product_id",
            "brand_ids",
            "BRAND_ID",
            "id",
            "IDs",
            "productID",
            "item-id",
        ] {
            assert!(is_id_like_key(key), "{key}");
        }
        for key in [
            "grid",
            "valid",
            "paid",
            "identity",
            "idea",
            "width",
            "productid",
        ] {
            assert!(!is_id_like_key(key), "{key}");
        }
    }

    #[test]
    fn id_like_values_are_positive_whole_numbers() {
        assert!(is_id_like_value(&serde_json::json!(77)));
        assert!(is_id_like_value(&serde_json::json!("77, 80")));
        assert!(is_id_like_value(&serde_json::json!([1, "2"])));
        for value in [
            serde_json::json!(0),
            serde_json::json!(""),
            serde_json::json!("abc"),
            serde_json::json!([]),
            serde_json::json!(null),
            serde_json::json!(-3),
            serde_json::json!(1.5),
        ] {
            assert!(!is_id_like_value(&value), "{value}");
        }
    }

    #[test]
    fn product_image_urls_name_their_product() {
        let url = "https://cdn11.bigcommerce.com/s-abc/products/121/images/377/850x850__1.png?c=1";
        assert_eq!(product_in_image_url(url), Some(121));
        assert_eq!(
            product_in_image_url("https://cdn11.bigcommerce.com/s-abc/images/stencil/x.png"),
            None
        );
        assert_eq!(product_in_image_url("/products/0/images/1/x.png"), None);
    }

    #[test]
    fn ids_are_decimal_digits_only() {
        assert_eq!(parse_id("77"), Some(77));
        assert_eq!(parse_id(""), None);
        assert_eq!(parse_id("-1"), None);
        assert_eq!(parse_id("7a"), None);
        assert_eq!(parse_id("99999999999999999999999"), None);
    }
}
