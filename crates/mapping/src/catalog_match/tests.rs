use super::*;

fn category(id: u64, parent: u64, name: &str, url: &str) -> Category {
    serde_json::from_value(serde_json::json!({
        "id": id, "parent_id": parent, "name": name,
        "custom_url": {"url": url, "is_customized": false}
    }))
    .unwrap_or_else(|e| panic!("test category: {e}"))
}

fn brand(id: u64, name: &str, url: &str) -> Brand {
    serde_json::from_value(serde_json::json!({
        "id": id, "name": name, "custom_url": {"url": url, "is_customized": false}
    }))
    .unwrap_or_else(|e| panic!("test brand: {e}"))
}

/// The staging tree of the demo: Kitchen (18) > Coffee & Tea (21), Bath (19).
fn staging() -> Vec<Category> {
    vec![
        category(18, 0, "Kitchen", "/kitchen/"),
        category(19, 0, "Bath", "/bath/"),
        category(21, 18, "Coffee & Tea", "/kitchen/coffee-tea/"),
    ]
}

fn rules(match_by: CatalogMatch) -> CatalogRules<CategoryId> {
    CatalogRules::matching(match_by)
}

fn mapped(resolution: &CatalogResolution<CategoryId>) -> Vec<(u64, u64)> {
    resolution
        .mapped
        .iter()
        .map(|(s, t)| (s.get(), t.get()))
        .collect()
}

#[test]
fn categories_match_by_url_ignoring_case_and_trailing_slash() {
    let target = vec![
        category(23, 0, "Cuisine", "/Kitchen"),
        category(24, 0, "Bathroom", "/bath/"),
        category(26, 23, "Café", "/kitchen/coffee-tea"),
    ];
    let resolution = match_categories(&CatalogRules::default(), &staging(), &target);
    assert_eq!(mapped(&resolution), vec![(18, 23), (19, 24), (21, 26)]);
    assert!(resolution.unresolved.is_empty());
    assert_eq!(
        resolution.table().get(&CategoryId(21)),
        Some(&CategoryId(26))
    );
}

#[test]
fn without_a_url_match_categories_fall_back_to_their_name_path() {
    // The target's urls were customised; the names from the root still say which is which.
    // A `Coffee & Tea` under another parent is not the same category.
    let target = vec![
        category(40, 0, "Garden", "/garden/"),
        category(41, 40, "Coffee & Tea", "/garden/coffee/"),
        category(50, 0, " kitchen ", "/shop/kitchen/"),
        category(51, 50, "COFFEE & TEA", "/shop/kitchen/coffee/"),
    ];
    let resolution = match_categories(&CatalogRules::default(), &staging(), &target);
    assert_eq!(mapped(&resolution), vec![(18, 50), (21, 51)]);
    assert_eq!(resolution.unresolved.len(), 1, "Bath has neither key");
}

#[test]
fn match_by_name_tries_the_name_path_before_the_url() {
    let target = vec![
        // Holds the source's url, under another name.
        category(60, 0, "Old Kitchen", "/kitchen/"),
        category(61, 0, "Kitchen", "/new-kitchen/"),
    ];
    let source = &staging()[..1];
    let by_url = match_categories(&rules(CatalogMatch::Url), source, &target);
    assert_eq!(mapped(&by_url), vec![(18, 60)]);
    let by_name = match_categories(&rules(CatalogMatch::Name), source, &target);
    assert_eq!(mapped(&by_name), vec![(18, 61)]);
}

#[test]
fn an_ambiguous_url_is_an_error_listing_the_candidates_and_never_falls_through() {
    let target = vec![
        category(31, 0, "Kitchen!", "/kitchen/"),
        category(23, 0, "Kitchen", "/KITCHEN"),
    ];
    let resolution = match_categories(&CatalogRules::default(), &staging()[..1], &target);
    assert!(
        resolution.mapped.is_empty(),
        "the name path must not decide"
    );
    let unresolved = &resolution.unresolved[0];
    assert_eq!(unresolved.id, CategoryId(18));
    assert_eq!(
        unresolved.reason.to_string(),
        "2 target objects have the url `/kitchen/`: #23 `Kitchen` at `/KITCHEN`, #31 `Kitchen!` \
         at `/kitchen/`"
    );
}

#[test]
fn an_ambiguous_name_path_is_an_error_listing_the_candidates() {
    // Two trees (two channels) read together both hold Kitchen/Coffee & Tea.
    let target = vec![
        category(23, 0, "Kitchen", "/k1/"),
        category(26, 23, "Coffee & Tea", "/k1/c/"),
        category(70, 0, "Kitchen", "/k2/"),
        category(71, 70, "coffee & tea", "/k2/c/"),
    ];
    let resolution = match_categories(&rules(CatalogMatch::Name), &staging(), &target);
    let why = resolution
        .why_unresolved(CategoryId(21))
        .map(|u| u.reason.clone());
    assert_eq!(
        why,
        Some(CatalogReason::Ambiguous {
            by: MatchKey::Name,
            value: "Kitchen/Coffee & Tea".to_owned(),
            candidates: vec![
                CatalogCandidate {
                    id: CategoryId(26),
                    name: "Kitchen/Coffee & Tea".to_owned(),
                    url: Some("/k1/c/".to_owned()),
                },
                CatalogCandidate {
                    id: CategoryId(71),
                    name: "Kitchen/coffee & tea".to_owned(),
                    url: Some("/k2/c/".to_owned()),
                },
            ],
        })
    );
}

#[test]
fn a_missing_match_lists_the_closest_names_first_by_last_name() {
    let target = vec![
        category(23, 0, "Kitchen", "/k/"),
        category(26, 23, "Tea & Coffee", "/k/tea/"),
        category(27, 0, "Coffee & Tea", "/coffee-and-tea/"),
        category(28, 0, "Garden", "/garden/"),
        category(29, 0, "Toys", "/toys/"),
    ];
    let resolution = match_categories(&CatalogRules::default(), &staging()[2..], &target);
    // The bundle holds only 21, without its parent: an old bundle.
    let why = resolution
        .why_unresolved(CategoryId(21))
        .map(|u| u.reason.to_string());
    assert_eq!(
        why.as_deref(),
        Some(
            "no target object has the url `/kitchen/coffee-tea/`, and the bundle lacks its \
             parent `18`, so it has no name path (extract the bundle again); closest: #27 \
             `Coffee & Tea` at `/coffee-and-tea/`, #23 `Kitchen` at `/k/`, #28 `Garden` at \
             `/garden/`"
        )
    );
    let full = match_categories(&CatalogRules::default(), &staging(), &target);
    let why = full
        .why_unresolved(CategoryId(19))
        .map(|u| u.reason.to_string());
    assert_eq!(
        why.as_deref(),
        Some(
            "no target object has the url `/bath/` or its name; closest: #29 `Toys` at `/toys/`, \
             #23 `Kitchen` at `/k/`, #28 `Garden` at `/garden/`"
        )
    );
}

#[test]
fn a_bundle_without_ancestors_still_matches_by_url() {
    let target = vec![
        category(23, 0, "Kitchen", "/kitchen/"),
        category(26, 23, "Coffee & Tea", "/kitchen/coffee-tea/"),
    ];
    let resolution = match_categories(&CatalogRules::default(), &staging()[2..], &target);
    assert_eq!(mapped(&resolution), vec![(21, 26)]);
}

#[test]
fn explicit_entries_come_first_and_their_target_must_exist() {
    let target = vec![
        category(23, 0, "Kitchen", "/kitchen/"),
        category(24, 0, "Bath", "/bath/"),
        category(99, 0, "Elsewhere", "/elsewhere/"),
    ];
    let mut rules = CatalogRules::default();
    rules.explicit.insert(CategoryId(18), CategoryId(99));
    rules.explicit.insert(CategoryId(19), CategoryId(404));
    // An entry for a category the bundle does not hold is kept as written.
    rules.explicit.insert(CategoryId(5), CategoryId(6));
    let resolution = match_categories(&rules, &staging()[..2], &target);
    assert_eq!(mapped(&resolution), vec![(5, 6), (18, 99)]);
    assert_eq!(
        resolution.unresolved[0].reason,
        CatalogReason::ExplicitTargetMissing {
            target: CategoryId(404)
        }
    );
    assert_eq!(
        resolution.unresolved[0].reason.to_string(),
        "its explicit target `404` does not exist in the target"
    );
}

#[test]
fn match_by_explicit_matches_nothing_else() {
    let target = vec![category(23, 0, "Kitchen", "/kitchen/")];
    let resolution = match_categories(&rules(CatalogMatch::Explicit), &staging()[..1], &target);
    assert!(resolution.mapped.is_empty());
    assert_eq!(
        resolution.unresolved[0].reason,
        CatalogReason::NoExplicitEntry
    );
}

#[test]
fn brands_match_by_name_then_url() {
    let source = vec![
        brand(36, "OFS", "/brands/OFS.html"),
        brand(37, "Common Good", "/brands/Common-Good.html"),
        brand(38, "Chemex", "/brands/Chemex.html"),
    ];
    let target = vec![
        brand(46, "ofs", "/brands/elsewhere.html"),
        brand(47, "Common Good Co", "/brands/common-good.html"),
        brand(48, "Bodum", "/brands/Chemex.html"),
        brand(49, "Chemex", "/brands/chemex-co.html"),
    ];
    let resolution = match_brands(&CatalogRules::default(), &source, &target);
    let pairs: Vec<_> = resolution
        .mapped
        .iter()
        .map(|(s, t)| (s.get(), t.get()))
        .collect();
    // Chemex: the name wins over another brand's url.
    assert_eq!(pairs, vec![(36, 46), (37, 47), (38, 49)]);
    let by_url = match_brands(&CatalogRules::matching(CatalogMatch::Url), &source, &target);
    assert_eq!(by_url.mapped.get(&BrandId(38)), Some(&BrandId(48)));
}

#[test]
fn an_ambiguous_brand_name_lists_both() {
    let source = vec![brand(36, "OFS", "/brands/OFS.html")];
    let target = vec![brand(2, "OFS", "/a/"), brand(1, " ofs", "/b/")];
    let resolution = match_brands(&CatalogRules::default(), &source, &target);
    assert_eq!(
        resolution.unresolved[0].reason.to_string(),
        "2 target objects have the name `OFS`: #1 ` ofs` at `/b/`, #2 `OFS` at `/a/`"
    );
}

#[test]
fn urls_and_names_normalise_as_documented() {
    assert_eq!(
        url_key(" /Kitchen/Coffee/ ").as_deref(),
        Some("/kitchen/coffee")
    );
    assert_eq!(url_key("/").as_deref(), Some("/"));
    assert_eq!(url_key("  "), None);
    assert_eq!(name_key("  Coffee & TEA "), "coffee & tea");
    assert_eq!(
        category_path(&staging(), CategoryId(21)),
        Ok(vec!["Kitchen", "Coffee & Tea"])
    );
    assert_eq!(
        category_path(&staging()[2..], CategoryId(21)),
        Err(CategoryId(18))
    );
    let cycle = vec![category(1, 2, "A", "/a/"), category(2, 1, "B", "/b/")];
    assert_eq!(category_path(&cycle, CategoryId(1)), Err(CategoryId(1)));
    assert_eq!(edit_distance("kitten", "sitting"), 3);
}
