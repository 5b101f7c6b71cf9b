//! The kinds of store entity an id can name, and which kind a template file's documents belong
//! to (`pages/product` → products, …).

use pageport_model::TemplateFile;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A kind of store entity whose ids differ between stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A web page.
    Page,
    /// A catalog product.
    Product,
    /// A catalog category.
    Category,
    /// A catalog brand.
    Brand,
}

impl EntityKind {
    /// The kind the entity ids of `template_file`'s documents name, if they name any.
    ///
    /// `pages/page`, `pages/product`, `pages/category` and `pages/brand`, and the theme's custom
    /// templates for them (`pages/custom/product/…`), have entities; other templates do not.
    pub fn of_template(template_file: &TemplateFile) -> Option<Self> {
        let file = template_file.as_str();
        let kind = match file {
            "pages/page" => return Some(EntityKind::Page),
            "pages/product" => return Some(EntityKind::Product),
            "pages/category" => return Some(EntityKind::Category),
            "pages/brand" => return Some(EntityKind::Brand),
            _ => file.strip_prefix("pages/custom/")?.split('/').next()?,
        };
        // ASSUMPTION: custom templates (`pages/custom/<kind>/<name>`) address documents by the
        // same entity ids as the built-in template of their kind; no source says otherwise.
        match kind {
            "page" => Some(EntityKind::Page),
            "product" => Some(EntityKind::Product),
            "category" => Some(EntityKind::Category),
            "brand" => Some(EntityKind::Brand),
            _ => None,
        }
    }

    /// The lowercase name, as used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Page => "page",
            EntityKind::Product => "product",
            EntityKind::Category => "category",
            EntityKind::Brand => "brand",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_files_map_to_their_entity_kind() {
        let kind = |f: &str| EntityKind::of_template(&TemplateFile::from(f));
        assert_eq!(kind("pages/page"), Some(EntityKind::Page));
        assert_eq!(kind("pages/product"), Some(EntityKind::Product));
        assert_eq!(kind("pages/category"), Some(EntityKind::Category));
        assert_eq!(kind("pages/brand"), Some(EntityKind::Brand));
        assert_eq!(kind("pages/custom/product/wide"), Some(EntityKind::Product));
        assert_eq!(kind("pages/home"), None);
        assert_eq!(kind("pages/custom/blog/x"), None);
        assert_eq!(kind("pages/cart"), None);
    }
}
