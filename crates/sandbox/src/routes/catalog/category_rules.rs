//! What both category views share: one store of categories (each with its tree id), the rules
//! of a new category (parent in the same tree, name unique among siblings, at most eight
//! levels), the URL it gets, and the tree endpoints' view of a stored category.

use super::slug;
use crate::state::{StoreState, StoredCategory};
use pageport_model::{
    Category, CategoryId, CategoryTreeId, CustomUrl, TreeCategory, TreeCategoryUrl,
};
use serde_json::{Value, json};

/// The deepest a category may sit (8 levels, [CAT] createCategory, [CT] createCategories).
pub(super) const MAX_DEPTH: usize = 8;

/// A category to create, already read from a request body.
#[derive(Debug, Clone)]
pub(super) struct NewCategory<'a> {
    /// The tree it goes in.
    pub(super) tree_id: CategoryTreeId,
    /// Its parent (`0` at the top of the tree).
    pub(super) parent_id: u64,
    /// Its name.
    pub(super) name: &'a str,
    /// Its description.
    pub(super) description: &'a str,
    /// Whether shoppers see it.
    pub(super) is_visible: bool,
    /// Its URL path when the request sets one; made from the parent's path and the name
    /// otherwise.
    pub(super) url: Option<&'a str>,
}

/// Why a category cannot be created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum CategoryProblem {
    /// Invalid data (422) in one field.
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A sibling already has the name (409 classic, 422 in a tree batch).
    DuplicateName,
}

impl CategoryProblem {
    fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            message: message.into(),
        }
    }
}

/// Checks a new category against the store and inserts it with the next id.
///
/// ASSUMPTION (CONTRACT §9): an unknown parent, or a parent in another tree, is invalid data
/// (422), not a conflict.
pub(super) fn insert(
    store: &mut StoreState,
    new: &NewCategory<'_>,
) -> Result<StoredCategory, CategoryProblem> {
    let parent_url = match new.parent_id {
        0 => String::from("/"),
        id => match store.categories.get(&id) {
            Some(parent) if parent.tree_id == new.tree_id => parent
                .category
                .custom_url
                .as_ref()
                .map_or_else(|| String::from("/"), |url| url.url.clone()),
            Some(_) => {
                return Err(CategoryProblem::invalid(
                    "parent_id",
                    format!("the parent category {id} is in another tree"),
                ));
            }
            None => {
                return Err(CategoryProblem::invalid(
                    "parent_id",
                    format!("the parent category {id} does not exist"),
                ));
            }
        },
    };
    if depth_of(store, new.parent_id) + 1 > MAX_DEPTH {
        return Err(CategoryProblem::invalid(
            "parent_id",
            format!("categories nest at most {MAX_DEPTH} levels deep"),
        ));
    }
    if store.categories.values().any(|c| {
        c.tree_id == new.tree_id
            && c.category.parent_id == new.parent_id
            && super::same_text(&c.category.name, new.name)
    }) {
        return Err(CategoryProblem::DuplicateName);
    }
    let (url, is_customized) = match new.url {
        Some(url) => (url.to_owned(), true),
        None => (format!("{parent_url}{}/", slug(new.name)), false),
    };
    let mut extra = pageport_model::Extra::new();
    extra.insert("description".into(), new.description.into());
    extra.insert("views".into(), 0.into());
    extra.insert("sort_order".into(), 0.into());
    extra.insert("page_title".into(), "".into());
    extra.insert("search_keywords".into(), "".into());
    extra.insert("meta_keywords".into(), json!([]));
    extra.insert("meta_description".into(), "".into());
    extra.insert("layout_file".into(), "category.html".into());
    extra.insert("is_visible".into(), new.is_visible.into());
    extra.insert("default_product_sort".into(), "use_store_settings".into());
    extra.insert("image_url".into(), "".into());
    let id = StoreState::take_id(&mut store.next_ids.category);
    let stored = StoredCategory {
        tree_id: new.tree_id,
        category: Category {
            id: CategoryId(id),
            parent_id: new.parent_id,
            name: new.name.to_owned(),
            custom_url: Some(CustomUrl { url, is_customized }),
            extra,
        },
    };
    store.categories.insert(id, stored.clone());
    Ok(stored)
}

/// How deep a category sits: 0 for the root (`0`), 1 for a top-level category.
fn depth_of(store: &StoreState, mut id: u64) -> usize {
    let mut depth = 0;
    while id != 0 && depth <= MAX_DEPTH {
        depth += 1;
        id = store
            .categories
            .get(&id)
            .map_or(0, |c| c.category.parent_id);
    }
    depth
}

/// A stored category as the tree endpoints show it: `category_id`, `category_uuid`, `tree_id`,
/// `parent_id`, `name`, `url{path,is_customized}`, `is_visible` and the other fields of
/// `CategoryBase`.
pub(super) fn tree_view(stored: &StoredCategory) -> TreeCategory {
    let category = &stored.category;
    let mut extra = category.extra.clone();
    let is_visible = extra.remove("is_visible").and_then(|v| v.as_bool());
    extra.insert(
        "category_uuid".into(),
        Value::String(category_uuid(category.id)),
    );
    TreeCategory {
        category_id: category.id,
        tree_id: stored.tree_id,
        parent_id: category.parent_id,
        name: category.name.clone(),
        url: category.custom_url.as_ref().map(|url| TreeCategoryUrl {
            path: url.url.clone(),
            is_customized: url.is_customized,
        }),
        is_visible,
        extra,
    }
}

/// The read-only `category_uuid` of a category: derived from its id, so it is stable.
///
/// ASSUMPTION: [CT] documents the field as "an additional unique identifier" without saying
/// how it is made; the sandbox derives it from the id rather than storing a random one.
fn category_uuid(id: CategoryId) -> String {
    format!("00000000-0000-4000-8000-{:012x}", id.get())
}

/// Whether a stored category is visible.
pub(super) fn is_visible(stored: &StoredCategory) -> bool {
    stored
        .category
        .extra
        .get("is_visible")
        .and_then(Value::as_bool)
        .unwrap_or(true)
}
