//! Integration tests of `pageport-mapping`, through its public API only.
//!
//! - `plan_file`: loading plans: every key, `${VAR}` expansion, and each kind of error with its place
//! - `catalog_rules`: `mappings.categories` / `mappings.brands`: long and short forms, defaults
//! - `example_plan`: the repository's `migrations.example.yaml` loads as documented
//! - `remap_documents`: page-widget documents through every remap rule and unmapped policy
//! - `remap_config_ids`: ids inside widget configurations (products, categories, brands, nesting)
//! - `remap_schema`: ids at the paths widget templates' schemas declare (pickers, arrays,
//!   hidden settings, GraphQL parameters), field names as the fallback, unrecognised ids
//! - `remap_pages`: pages' `parent_id` and `channel_id`, and the page id map's pending state
//! - `properties`: generated documents and tables: only logged identifiers change, each keeping
//!   its JSON type; empty tables change nothing; remapping is deterministic

mod catalog_rules;
mod example_plan;
mod plan_file;
mod properties;
mod remap_config_ids;
mod remap_documents;
mod remap_pages;
mod remap_schema;
mod support;
