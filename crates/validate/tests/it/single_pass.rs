//! One validation pass over a plan with a problem of nearly every kind.

use crate::support::{Scenario, TEMPLATE, create, document, page, target_page};
use pageport_model::{PageId, PageType};
use pageport_validate::{ParentRef, Severity};
use serde_json::json;

/// Target: three pages (one of them the homepage, one a contact form in channel 2) and a
/// channel nearly full of widgets. Plan: nine creates and two documents, each with problems.
fn scenario() -> Scenario {
    let mut scenario = Scenario::new();
    scenario.limits.web_pages_per_store = 10;
    scenario.target.channel_widgets = 49_900;

    scenario.target.pages.push(target_page(31, 1, "About us"));
    let mut welcome = target_page(32, 1, "Welcome");
    welcome.is_homepage = Some(true);
    scenario.target.pages.push(welcome);
    let mut form = target_page(33, 2, "Contact");
    form.page_type = PageType::ContactForm;
    form.email = Some("shop@example.com".to_owned());
    scenario.target.pages.push(form);

    let mut about = page("About Us", PageType::Page);
    about.url = Some("/About-Us".to_owned());
    let mut home = page("Home", PageType::Page);
    home.is_homepage = Some(true);
    home.body = Some(Some(
        "<img src=\"https://cdn11.bigcommerce.com/s-abc123/images/hero.jpg\">".to_owned(),
    ));
    let mut contact = page("Write to us", PageType::ContactForm);
    contact.email = Some("SHOP@example.com".to_owned());
    let mut link = page("Elsewhere", PageType::Link);
    link.url = None;
    link.link = Some("www.example.org".to_owned());
    scenario.pages = vec![
        create(1, about, ParentRef::None),
        create(2, page(&"x".repeat(101), PageType::Page), ParentRef::None),
        create(3, page("Blog", PageType::Blog), ParentRef::None),
        create(4, home, ParentRef::None),
        create(5, contact, ParentRef::None),
        create(
            6,
            page("Raw", PageType::Raw),
            ParentRef::Dangling(PageId(99)),
        ),
        create(7, page("A", PageType::Page), ParentRef::Planned(PageId(8))),
        create(8, page("B", PageType::Page), ParentRef::Planned(PageId(7))),
        create(9, link, ParentRef::None),
    ];

    let widget = json!({"type": "widget", "widget_template_uuid": TEMPLATE});
    scenario.documents = vec![
        document(
            "pages/page",
            Some("6"),
            json!([
                {"name": "", "children": [
                    {"type": "widget", "widget_template_uuid": "7d42d0b1-1152-4ce3-a6c1-3709f786f295",
                     "configuration": {"cta": {"href": "https://staging.example.com/sale/"}}},
                    {"type": "layout", "layout_template_uuid": "bad", "dropzones": []}
                ]}
            ]),
        ),
        document(
            "pages/home",
            None,
            json!([{"name": "home_below_menu", "children": vec![widget; 151]}]),
        ),
    ];
    scenario
}

/// Stands in [`EXPECTED`] for the line that quotes the 101-character name.
const NAME_LENGTH_PLACEHOLDER: &str = "<the name-length error of source #2>";

const EXPECTED: &[&str] = &[
    "error[limit.store-pages] target store: the store would hold 12 web pages after the \
     migration (3 now, 9 created); the limit is 10 per store, counting pages of every type and \
     channel (help: migrate fewer pages, or delete unused pages in the target store first)",
    "error[limit.channel-widgets] target channel `1`: the channel would hold 50,052 widgets after \
     the migration (49,900 now, 0 replaced, 152 written); the limit is 50,000 per channel (help: \
     migrate fewer page-widget documents, or remove widgets from the target channel first)",
    "error[page.name-taken] page `About Us` (source #1) at `name`: name `About Us` is already \
     used by page `About us` (target #31) of target channel `1` (help: rename the page, or match \
     the two pages so that the plan updates the existing one)",
    "error[page.url-taken] page `About Us` (source #1) at `url`: url `/About-Us` is already used \
     by page `About us` (target #31) of target channel `1` (help: change the page's url, or \
     match the two pages so that the plan updates the existing one)",
    NAME_LENGTH_PLACEHOLDER,
    "error[page.blog-not-creatable] page `Blog` (source #3): a `blog` page cannot be created \
     through the API (help: create the blog in the control panel under Storefront › Blog, then \
     re-run; the plan will then update it)",
    "warning[leak.store-hash] page `Home` (source #4) at `body`: points at the source store \
     `abc123`: `https://cdn11.bigcommerce.com/s-abc123/images/hero.jpg` (help: it works only \
     while the source store keeps the file; upload the file to the target store and update the \
     URL in the source)",
    "error[page.homepage-replaced] page `Home` (source #4) at `is_homepage`: the page is the \
     homepage, but target channel `1` already has homepage `Welcome` (target #32); the store \
     would silently clear that page's homepage flag and make this page the homepage (help: \
     match this page to the target's homepage so that the plan updates it, or make it an \
     ordinary page in the source)",
    "error[page.email-taken] page `Write to us` (source #5) at `email`: email `SHOP@example.com` \
     is already used by page `Contact` (target #33) of the target store (help: give the contact \
     form another email, or match the two pages so that the plan updates the existing one)",
    "error[page.raw-body-missing] page `Raw` (source #6) at `body`: a `raw` page needs a body, \
     and this one is empty",
    "error[parent.dangling] page `Raw` (source #6) at `parent_id`: parent page source #99 is \
     neither migrated by the plan nor found in the target (help: add the parent to \
     `select.pages`, or move this page to the top level in the source)",
    "error[parent.cycle] page `A` (source #7): the pages would be their own ancestors: `A` \
     (source #7) → `B` (source #8) → `A` (source #7) (each arrow points at the parent) (help: \
     make one of these pages top level, or give it another parent, in the source)",
    "error[page.link-not-absolute] page `Elsewhere` (source #9) at `link`: link \
     `www.example.org` is not an absolute URL (help: write it with its scheme, such as \
     `https://example.com/page`)",
    "error[limit.page-widgets] page-widget document `channel 1 pages/home`: the document has 151 \
     widgets; the limit is 150 per page (help: move some widgets to another page or region, or \
     remove them in the source)",
    "warning[leak.storefront-host] page-widget document `channel 1 pages/page #6` at \
     `regions[0].children[0].configuration.cta.href`: links to the source storefront \
     `staging.example.com`: `https://staging.example.com/sale/` (help: shoppers following it \
     leave the target storefront; make the link relative (`/path/`) or point it at the target \
     storefront)",
    "error[template.unknown] page-widget document `channel 1 pages/page #6` at \
     `regions[0].children[0].widget_template_uuid`: widget template \
     `7d42d0b1-1152-4ce3-a6c1-3709f786f295` does not exist in target channel `1` and the plan \
     does not create it, so the publish would be rejected (help: map it under \
     `mappings.widget_templates`, or set `create_missing: true` there)",
    "error[uuid.malformed] page-widget document `channel 1 pages/page #6` at \
     `regions[0].children[1].layout_template_uuid`: layout template uuid `bad` is not a \
     well-formed UUID (8-4-4-4-12 hexadecimal digits)",
    "warning[region.name-empty] page-widget document `channel 1 pages/page #6` at \
     `regions[0].name`: the region has no name, so no theme template shows its content (help: \
     name it after a `{{{region name=\"…\"}}}` of the theme template)",
];

#[test]
fn every_problem_is_reported_in_one_pass_in_report_order() {
    let report = scenario().validate();
    let lines: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    let long_name = format!(
        "error[page.name-length] page `{}` (source #2): name is 101 characters; the limit is 100",
        "x".repeat(101)
    );
    let expected: Vec<String> = EXPECTED
        .iter()
        .map(|line| match *line {
            NAME_LENGTH_PLACEHOLDER => long_name.clone(),
            line => line.to_owned(),
        })
        .collect();
    assert_eq!(lines, expected);
    assert!(report.has_errors());
    assert_eq!(report.warnings().count(), 3);
    assert_eq!(report.errors().count(), EXPECTED.len() - 3);
    assert!(report.warnings().all(|d| d.severity == Severity::Warning));
}

#[test]
fn the_order_does_not_depend_on_the_order_of_documents_or_of_runs() {
    let first = scenario().validate();
    let mut reordered = scenario();
    reordered.documents.reverse();
    assert_eq!(reordered.validate(), first);
    assert_eq!(scenario().validate(), first);
}
