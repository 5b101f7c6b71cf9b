//! The identifier rewriter: looks ids up in the [`RemapTables`], records each outcome in a
//! [`RemapLog`], and walks free-form JSON (`configuration`, `storefront_api_query_params`)
//! rewriting the values of id-holding keys at any depth while preserving their JSON type.

use crate::entity::EntityKind;
use crate::rewrite_log::{RemapLog, RewriteKind, field_path, index_path};
use crate::tables::{IdMap, Lookup, RemapTables};
use pageport_model::{BrandId, CategoryId, JsonObject, PageId, ProductId, WidgetTemplateUuid};
use serde_json::Value;
use std::fmt::Display;

/// The key that names a widget template wherever it appears.
const TEMPLATE_KEY: &str = "widget_template_uuid";

/// Rewrites identifiers through the tables, recording what it did.
pub(crate) struct IdRewriter<'a> {
    pub(crate) tables: &'a RemapTables,
    pub(crate) log: RemapLog,
}

impl<'a> IdRewriter<'a> {
    pub(crate) fn new(tables: &'a RemapTables) -> Self {
        Self {
            tables,
            log: RemapLog::new(tables.unmapped),
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
                self.log
                    .rewrite(kind, source.to_string(), target.to_string(), path);
                Some(target.clone())
            }
            Lookup::Pending => {
                self.log.pending(kind, source.to_string(), path);
                None
            }
            Lookup::Unmapped => {
                self.log.unmapped(kind, source.to_string(), path);
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

    /// Rewrites the ids inside a free-form configuration object, at any depth.
    pub(crate) fn object(&mut self, object: &mut JsonObject, path: &str) {
        for (key, value) in object.iter_mut() {
            let path = field_path(path, key);
            if key == TEMPLATE_KEY {
                self.template_value(value, &path);
            } else if let Some(kind) = self.tables.fields.kind_of(key) {
                self.id_value(kind, value, &path);
            } else {
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
    fn ids_are_decimal_digits_only() {
        assert_eq!(parse_id("77"), Some(77));
        assert_eq!(parse_id(""), None);
        assert_eq!(parse_id("-1"), None);
        assert_eq!(parse_id("7a"), None);
        assert_eq!(parse_id("99999999999999999999999"), None);
    }
}
