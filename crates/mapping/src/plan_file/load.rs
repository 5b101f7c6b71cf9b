//! Reading a plan: YAML → raw shape (syntax errors with line and column), then raw → [`PlanFile`]
//! with `${VAR}` expansion and every semantic check, collecting all problems before failing.

use crate::entity::EntityKind;
use crate::plan_file::api_base::parse_api_base;
use crate::plan_file::env::{EnvLookup, ExpandError, expand};
use crate::plan_file::error::{
    PlanFileError, PlanProblem, PlanProblemKind, TextLocation, syntax_error,
};
use crate::plan_file::raw::{
    RawCatalogRules, RawEndpoint, RawIdTable, RawPageWidgets, RawPages, RawPlan, RawStore,
    RawTemplateRules,
};
use crate::plan_file::redact::RedactedSource;
use crate::plan_file::{
    AccessToken, ApiBase, CatalogRules, DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, Endpoint,
    FieldNames, Mappings, PLAN_VERSION, PageRef, PageSelection, PageWidgetsSelector, PlanFile,
    ProductRules, Selection, StoreConfig, TemplateRules,
};
use pageport_model::ids::is_canonical_uuid;
use pageport_model::{EntityId, StoreHash, TemplateFile, WidgetTemplateUuid};
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The largest plan file read: plans are hand-written YAML of a few kilobytes, and a mistaken
/// path to a large file should fail at once rather than be parsed.
const MAX_PLAN_BYTES: u64 = 4 * 1024 * 1024;

impl PlanFile {
    /// Reads and checks the plan at `path`, expanding `${VAR}` references through `env`.
    pub fn from_path(path: impl AsRef<Path>, env: EnvLookup<'_>) -> Result<Self, PlanFileError> {
        let path = path.as_ref();
        let read_error = |source| PlanFileError::Read {
            file: path.to_owned(),
            source,
        };
        // A FIFO or a device would block the read (or never end); only a regular file is a plan.
        let meta = std::fs::metadata(path).map_err(read_error)?;
        if !meta.is_file() {
            return Err(PlanFileError::NotAFile {
                file: path.to_owned(),
            });
        }
        if meta.len() > MAX_PLAN_BYTES {
            return Err(PlanFileError::TooLarge {
                file: path.to_owned(),
                limit: MAX_PLAN_BYTES,
            });
        }
        let text = std::fs::read_to_string(path).map_err(read_error)?;
        Self::from_str(&text, path, env)
    }

    /// Parses and checks plan `text`; `file` is only used in messages.
    pub fn from_str(
        text: &str,
        file: impl Into<PathBuf>,
        env: EnvLookup<'_>,
    ) -> Result<Self, PlanFileError> {
        let file = file.into();
        let options = serde_saphyr::options! { with_snippet: false };
        let raw: RawPlan = serde_saphyr::from_str_with_options(text, options)
            .map_err(|err| syntax_error(&err, file.clone(), text))?;
        let mut checker = Checker {
            env,
            problems: Vec::new(),
        };
        match checker.plan(raw, file.clone()) {
            Some(plan) if checker.problems.is_empty() => {
                tracing::debug!(file = %file.display(), "plan loaded");
                Ok(plan)
            }
            _ => {
                let mut problems = checker.problems;
                problems.sort_by_key(|p| p.location.map_or(u64::MAX, |l| l.line));
                Err(PlanFileError::Invalid {
                    file,
                    problems,
                    source_text: RedactedSource::new(text),
                })
            }
        }
    }
}

/// Turns the raw shape into a [`PlanFile`], recording every problem instead of stopping at the first.
struct Checker<'a> {
    env: EnvLookup<'a>,
    problems: Vec<PlanProblem>,
}

fn place<T>(value: &Spanned<T>) -> Option<TextLocation> {
    TextLocation::from_saphyr(value.referenced)
}

impl Checker<'_> {
    fn report(&mut self, location: Option<TextLocation>, kind: PlanProblemKind) {
        self.problems.push(PlanProblem { location, kind });
    }

    fn plan(&mut self, raw: RawPlan, file: PathBuf) -> Option<PlanFile> {
        if raw.version.value != PLAN_VERSION {
            let found = raw.version.value;
            self.report(
                place(&raw.version),
                PlanProblemKind::UnsupportedVersion { found },
            );
        }
        let stores: BTreeMap<String, Option<StoreConfig>> = raw
            .stores
            .into_iter()
            .map(|(name, store)| {
                let config = self.store(&name, store);
                (name, config)
            })
            .collect();
        let source = self.endpoint("source", raw.source, &stores);
        let target = self.endpoint("target", raw.target, &stores);
        let select = self.selection(raw.select);
        let mappings = self.mappings(raw.mappings);
        let batch_size = self.positive("batch_size", raw.batch_size, DEFAULT_BATCH_SIZE);
        let concurrency = self.positive("concurrency", raw.concurrency, DEFAULT_CONCURRENCY);
        let (source, target) = (source?, target?);
        self.endpoints_agree(&source, &target, &mappings);
        let stores = stores
            .into_iter()
            .map(|(name, config)| config.map(|c| (name, c)))
            .collect::<Option<BTreeMap<_, _>>>()?;
        Some(PlanFile {
            file,
            stores,
            source,
            target,
            select,
            mappings,
            on_existing: raw.on_existing,
            unmapped: raw.unmapped,
            limits: raw.limits,
            batch_size,
            concurrency,
            quota_reserve: raw.quota_reserve,
        })
    }

    /// Expands `${VAR}` in one store value, reporting a missing or malformed reference.
    fn expand(
        &mut self,
        store: &str,
        key: &'static str,
        value: &Spanned<String>,
    ) -> Option<String> {
        match expand(&value.value, self.env) {
            Ok(expanded) => Some(expanded),
            Err(ExpandError::Missing(variable)) => {
                let kind = PlanProblemKind::MissingVariable {
                    variable,
                    store: store.to_owned(),
                    key,
                };
                self.report(place(value), kind);
                None
            }
            Err(other) => {
                let kind = PlanProblemKind::MalformedReference {
                    store: store.to_owned(),
                    key,
                    reason: other.to_string(),
                };
                self.report(place(value), kind);
                None
            }
        }
    }

    fn store(&mut self, name: &str, raw: RawStore) -> Option<StoreConfig> {
        let store_hash = self.expand(name, "store_hash", &raw.store_hash);
        let store_hash = store_hash.map(|h| h.trim().to_owned());
        if let Some(hash) = &store_hash {
            if hash.is_empty() {
                let key = format!("stores.{name}.store_hash");
                self.report(place(&raw.store_hash), PlanProblemKind::Empty { key });
            } else if !hash
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                let kind = PlanProblemKind::InvalidStoreHash {
                    store: name.to_owned(),
                    value: hash.clone(),
                };
                self.report(place(&raw.store_hash), kind);
            }
        }
        let api_base = match &raw.api_base {
            Some(value) => self
                .expand(name, "api_base", value)
                .and_then(|v| self.api_base(name, &v, place(value))),
            None => Some(ApiBase::default()),
        };
        let token = match &raw.access_token {
            Some(value) => match self.expand(name, "access_token", value) {
                Some(token) if token.trim().is_empty() => {
                    let key = format!("stores.{name}.access_token");
                    self.report(place(value), PlanProblemKind::Empty { key });
                    None
                }
                Some(token) => Some(Some(AccessToken::new(token))),
                None => None,
            },
            None => Some(None),
        };
        let (store_hash, api_base, access_token) = (store_hash?, api_base?, token?);
        if access_token.is_none() && matches!(api_base, ApiBase::Url(_)) {
            let kind = PlanProblemKind::MissingAccessToken {
                store: name.to_owned(),
            };
            self.report(place(&raw.store_hash), kind);
            return None;
        }
        Some(StoreConfig {
            store_hash: StoreHash::new(store_hash),
            access_token,
            api_base,
        })
    }

    fn api_base(&mut self, store: &str, value: &str, at: Option<TextLocation>) -> Option<ApiBase> {
        let value = value.trim();
        match parse_api_base(value) {
            Ok(base) => Some(base),
            Err(reason) => {
                let kind = PlanProblemKind::InvalidApiBase {
                    store: store.to_owned(),
                    value: redact_userinfo(value),
                    reason,
                };
                self.report(at, kind);
                None
            }
        }
    }

    fn endpoint(
        &mut self,
        role: &'static str,
        raw: RawEndpoint,
        stores: &BTreeMap<String, Option<StoreConfig>>,
    ) -> Option<Endpoint> {
        let name = raw.store.value.clone();
        match stores.get(&name) {
            Some(config) => Some(Endpoint {
                store: name,
                channel_id: raw.channel_id,
                config: config.clone()?,
            }),
            None => {
                let known = stores.keys().cloned().collect();
                let kind = PlanProblemKind::UnknownStore { role, name, known };
                self.report(place(&raw.store), kind);
                None
            }
        }
    }

    fn endpoints_agree(&mut self, source: &Endpoint, target: &Endpoint, mappings: &Mappings) {
        // Names are only labels: two names (or two `api_base` spellings, `localhost` and
        // `127.0.0.1`) for one store hash are one store.
        let same_store = source
            .config
            .store_hash
            .as_str()
            .eq_ignore_ascii_case(target.config.store_hash.as_str());
        if same_store && source.channel_id == target.channel_id {
            self.report(
                None,
                PlanProblemKind::SameSourceAndTarget {
                    source_store: source.store.clone(),
                    target_store: target.store.clone(),
                    store_hash: source.config.store_hash.to_string(),
                    channel: source.channel_id.get(),
                },
            );
        }
        if let Some(mapped) = mappings.channels.get(&source.channel_id)
            && *mapped != target.channel_id
        {
            self.report(
                None,
                PlanProblemKind::ChannelConflict {
                    source_channel: source.channel_id.get(),
                    mapped: mapped.get(),
                    target: target.channel_id.get(),
                },
            );
        }
    }

    fn selection(&mut self, raw: crate::plan_file::raw::RawSelect) -> Selection {
        let pages = match raw.pages {
            RawPages::All => PageSelection::All,
            RawPages::Only(entries) => PageSelection::Only(
                entries
                    .iter()
                    .filter_map(|entry| {
                        let text = entry.value.trim();
                        if text.is_empty() {
                            let key = "select.pages".to_owned();
                            self.report(place(entry), PlanProblemKind::Empty { key });
                            return None;
                        }
                        Some(PageRef::parse(text))
                    })
                    .collect(),
            ),
        };
        let page_widgets = raw
            .page_widgets
            .into_iter()
            .filter_map(|entry| match entry {
                RawPageWidgets::Global => Some(PageWidgetsSelector::Global),
                RawPageWidgets::Template(selector) => {
                    let file = selector.template_file.value.trim().to_owned();
                    let at = place(&selector.template_file);
                    if file.is_empty() {
                        let key = "select.page_widgets.template_file".to_owned();
                        self.report(at, PlanProblemKind::Empty { key });
                        return None;
                    }
                    let template_file = TemplateFile::new(file);
                    let kind = EntityKind::of_template(&template_file);
                    if selector.entity_ids.is_none()
                        && let Some(
                            kind @ (EntityKind::Product | EntityKind::Category | EntityKind::Brand),
                        ) = kind
                    {
                        let kind = PlanProblemKind::EntityIdsRequired {
                            template_file: template_file.to_string(),
                            kind: kind.as_str(),
                        };
                        self.report(at, kind);
                    }
                    let entity_ids = selector
                        .entity_ids
                        .map(|ids| ids.into_iter().map(|id| EntityId::new(id.0)).collect());
                    Some(PageWidgetsSelector::Template {
                        template_file,
                        entity_ids,
                    })
                }
            })
            .collect();
        Selection {
            pages,
            page_widgets,
        }
    }

    fn mappings(&mut self, raw: crate::plan_file::raw::RawMappings) -> Mappings {
        self.fields_are_distinct(&raw.fields);
        Mappings {
            widget_templates: self.template_rules(raw.widget_templates),
            products: ProductRules {
                match_by: raw.products.match_by,
                explicit: self.id_table("mappings.products.explicit", raw.products.explicit),
            },
            categories: self.catalog_rules(
                ["mappings.categories", "mappings.categories.explicit"],
                raw.categories,
            ),
            brands: self.catalog_rules(["mappings.brands", "mappings.brands.explicit"], raw.brands),
            channels: self.id_table("mappings.channels", raw.channels),
            fields: raw.fields,
        }
    }

    /// Builds category or brand rules; `tables` names the short and the long form's table for
    /// messages. Without `match_by`, the kind's default applies (the short form included).
    fn catalog_rules<K: Ord + Copy + std::fmt::Display>(
        &mut self,
        tables: [&'static str; 2],
        raw: RawCatalogRules<K>,
    ) -> CatalogRules<K>
    where
        CatalogRules<K>: Default,
    {
        if let Some(at) = raw.mixed_at {
            let kind = PlanProblemKind::MixedCatalogForms { table: tables[0] };
            self.report(TextLocation::from_saphyr(at), kind);
        }
        let table = if raw.short_form { tables[0] } else { tables[1] };
        let mut rules = CatalogRules::<K>::default();
        if let Some(match_by) = raw.match_by {
            rules.match_by = match_by.value;
        }
        rules.explicit = self.id_table(table, raw.explicit);
        rules
    }

    /// Builds an id table, refusing a source id written twice (`18` and `"18"`).
    fn id_table<K: Ord + Copy + std::fmt::Display>(
        &mut self,
        table: &'static str,
        raw: RawIdTable<K>,
    ) -> BTreeMap<K, K> {
        let mut table_map = BTreeMap::new();
        let mut first: BTreeMap<K, (Option<TextLocation>, String)> = BTreeMap::new();
        for entry in raw.entries {
            let id = entry.source.value;
            let at = place(&entry.source);
            if let Some((first_at, first_spelling)) = first.get(&id) {
                let kind = PlanProblemKind::DuplicateMappingKey {
                    table,
                    id: id.to_string(),
                    first_line: first_at.map_or(0, |l| l.line),
                    first_spelling: first_spelling.clone(),
                    spelling: entry.written,
                };
                self.report(at, kind);
                continue;
            }
            first.insert(id, (at, entry.written));
            table_map.insert(id, entry.target);
        }
        table_map
    }

    fn template_rules(&mut self, raw: RawTemplateRules) -> TemplateRules {
        let mut explicit = BTreeMap::new();
        // In file order, so problems are reported deterministically.
        let mut entries: Vec<_> = raw.explicit.iter().collect();
        entries.sort_by_key(|(source, _)| {
            (
                source.referenced.line(),
                source.referenced.column(),
                source.value.clone(),
            )
        });
        let mut first: BTreeMap<String, (Option<TextLocation>, String)> = BTreeMap::new();
        for (source, target) in entries {
            let key = "mappings.widget_templates.explicit";
            let normalised = source.value.trim().to_ascii_lowercase();
            if let Some((first_at, first_spelling)) = first.get(&normalised) {
                let kind = PlanProblemKind::DuplicateMappingKey {
                    table: key,
                    id: normalised,
                    first_line: first_at.map_or(0, |l| l.line),
                    first_spelling: first_spelling.clone(),
                    spelling: source.value.clone(),
                };
                self.report(place(source), kind);
                continue;
            }
            first.insert(normalised, (place(source), source.value.clone()));
            for (value, at) in [
                (source.value.trim(), place(source)),
                (target.value.trim(), place(target)),
            ] {
                if !is_canonical_uuid(value) {
                    let kind = PlanProblemKind::MalformedUuid {
                        key: key.to_owned(),
                        value: value.to_owned(),
                    };
                    self.report(at, kind);
                }
            }
            explicit.insert(
                WidgetTemplateUuid::new(source.value.trim().to_ascii_lowercase()),
                WidgetTemplateUuid::new(target.value.trim().to_ascii_lowercase()),
            );
        }
        TemplateRules {
            match_by: raw.match_by,
            create_missing: raw.create_missing,
            explicit,
            on_drift: raw.on_drift,
        }
    }

    fn fields_are_distinct(&mut self, fields: &FieldNames) {
        let lists = [
            ("products", &fields.products),
            ("categories", &fields.categories),
            ("brands", &fields.brands),
        ];
        let mut seen: BTreeMap<&str, &'static str> = BTreeMap::new();
        for (kind, list) in lists {
            for field in list.iter() {
                match seen.get(field.as_str()) {
                    Some(first) if *first != kind => {
                        let problem = PlanProblemKind::FieldListedTwice {
                            field: field.clone(),
                            first,
                            second: kind,
                        };
                        self.report(None, problem);
                    }
                    _ => {
                        seen.insert(field, kind);
                    }
                }
            }
        }
    }

    fn positive(
        &mut self,
        key: &'static str,
        raw: Option<Spanned<usize>>,
        default: usize,
    ) -> usize {
        match raw {
            Some(value) if value.value == 0 => {
                self.report(place(&value), PlanProblemKind::NotPositive { key });
                default
            }
            Some(value) => value.value,
            None => default,
        }
    }
}

/// `value` with the `user:password@` part, the query and the fragment of a URL masked, so a
/// message never repeats a secret.
fn redact_userinfo(value: &str) -> String {
    let Some((scheme, rest)) = value.split_once("://") else {
        return value.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = match rest[..authority_end].rfind('@') {
        Some(at) => format!("***@{}", &rest[at + 1..authority_end]),
        None => rest[..authority_end].to_owned(),
    };
    let tail = &rest[authority_end..];
    // A query or fragment may carry a token (`?access_token=…`): show that one is there only.
    let tail = match tail.find(['?', '#']) {
        Some(cut) => format!("{}{}***", &tail[..cut], &tail[cut..=cut]),
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}
