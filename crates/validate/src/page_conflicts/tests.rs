use super::normalise_url;
use crate::DiagnosticCode;
use crate::input::PageAction;
use crate::test_support::{Fixture, codes, create, page, target_page, update};
use pageport_model::{PageId, PageType};

#[test]
fn name_used_by_another_target_page_is_an_error_ignoring_case() {
    let mut fixture = Fixture::new();
    fixture.target.pages.push(target_page(31, 1, "about US"));
    let mut about = page("About us", PageType::Page);
    about.url = Some("/about-new/".to_owned());
    fixture.pages.push(create(12, about));
    let report = fixture.run();
    let found = fixture.only(&report, DiagnosticCode::PageNameTaken);
    assert_eq!(
        found.to_string(),
        "error[page.name-taken] page `About us` (source #12) at `name`: name `About us` is \
         already used by page `about US` (target #31) of target channel `1` (help: rename the \
         page, or match the two pages so that the plan updates the existing one)"
    );
}

#[test]
fn name_of_the_page_being_updated_or_of_another_channel_is_fine() {
    let mut fixture = Fixture::new();
    fixture.target.pages.push(target_page(31, 1, "About us"));
    fixture.target.pages.push(target_page(32, 2, "Contact"));
    fixture
        .pages
        .push(update(12, 31, page("About us", PageType::Page)));
    fixture
        .pages
        .push(create(13, page("Contact", PageType::Page)));
    assert!(fixture.run().is_empty(), "{:#?}", fixture.run());
}

#[test]
fn a_renamed_target_page_frees_its_old_name() {
    let mut fixture = Fixture::new();
    fixture.target.pages.push(target_page(31, 1, "Old name"));
    fixture
        .pages
        .push(update(12, 31, page("New name", PageType::Page)));
    fixture
        .pages
        .push(create(13, page("Old name", PageType::Page)));
    assert!(fixture.run().is_empty(), "{:#?}", fixture.run());
}

#[test]
fn two_planned_pages_with_one_name_are_reported_once_on_the_later() {
    let mut fixture = Fixture::new();
    fixture.pages.push(create(1, page("FAQ", PageType::Page)));
    let mut second = page("faq", PageType::Page);
    second.url = Some("/faq-2/".to_owned());
    fixture.pages.push(create(2, second));
    let report = fixture.run();
    let found = fixture.only(&report, DiagnosticCode::PageNameDuplicate);
    assert_eq!(
        found.location.to_string(),
        "page `faq` (source #2) at `name`"
    );
    assert!(found.message.contains("planned page `FAQ` (source #1)"));
}

#[test]
fn a_created_page_clashing_with_an_unchanged_page_is_reported_on_the_created_one() {
    let mut fixture = Fixture::new();
    fixture.target.pages.push(target_page(31, 1, "Terms"));
    let mut unchanged = update(1, 31, page("Terms", PageType::Page));
    unchanged.action = PageAction::Unchanged {
        target_id: PageId(31),
    };
    fixture.pages.push(unchanged);
    let mut clash = page("Terms", PageType::Page);
    clash.url = Some("/terms-2/".to_owned());
    fixture.pages.push(create(2, clash));
    let report = fixture.run();
    assert_eq!(codes(&report), vec![DiagnosticCode::PageNameDuplicate]);
    assert_eq!(
        report.diagnostics[0].location.to_string(),
        "page `Terms` (source #2) at `name`"
    );
}

#[test]
fn contact_email_must_be_unique_across_the_store() {
    let mut fixture = Fixture::new();
    let mut existing = target_page(40, 2, "Other channel form");
    existing.page_type = PageType::ContactForm;
    existing.email = Some("Shop@Example.com".to_owned());
    fixture.target.pages.push(existing);
    let mut contact = page("Contact", PageType::ContactForm);
    contact.email = Some("shop@example.com".to_owned());
    fixture.pages.push(create(1, contact));
    let mut second = page("Contact 2", PageType::ContactForm);
    second.email = Some("help@example.com".to_owned());
    fixture.pages.push(create(2, second));
    let mut third = page("Contact 3", PageType::ContactForm);
    third.email = Some("HELP@example.com".to_owned());
    fixture.pages.push(create(3, third));
    let report = fixture.run();
    assert_eq!(
        codes(&report),
        vec![
            DiagnosticCode::PageEmailTaken,
            DiagnosticCode::PageEmailDuplicate
        ]
    );
    assert_eq!(
        report.diagnostics[0].message,
        "email `shop@example.com` is already used by page `Other channel form` (target #40) of \
         the target store"
    );
}

#[test]
fn distinct_emails_are_fine() {
    let mut fixture = Fixture::new();
    for (id, email) in [(1, "a@example.com"), (2, "b@example.com")] {
        let mut contact = page(&format!("Contact {id}"), PageType::ContactForm);
        contact.email = Some(email.to_owned());
        fixture.pages.push(create(id, contact));
    }
    assert!(fixture.run().is_empty());
}

#[test]
fn url_taken_ignoring_case_and_trailing_slash() {
    let mut fixture = Fixture::new();
    let mut existing = target_page(31, 1, "Shipping");
    existing.url = Some("/Shipping".to_owned());
    fixture.target.pages.push(existing);
    let mut planned = page("Shipping and returns", PageType::Page);
    planned.url = Some("/shipping/".to_owned());
    fixture.pages.push(create(1, planned));
    let report = fixture.run();
    let found = fixture.only(&report, DiagnosticCode::PageUrlTaken);
    assert_eq!(
        found.message,
        "url `/shipping/` is already used by page `Shipping` (target #31) of target channel `1`"
    );
}

#[test]
fn two_planned_pages_with_one_url_collide() {
    let mut fixture = Fixture::new();
    fixture
        .pages
        .push(create(1, page("Returns", PageType::Page)));
    let mut other = page("Returns policy", PageType::Page);
    other.url = Some("/RETURNS".to_owned());
    fixture.pages.push(create(2, other));
    let report = fixture.run();
    let found = fixture.only(&report, DiagnosticCode::PageUrlDuplicate);
    assert!(
        found
            .message
            .starts_with("url `/RETURNS` is also the url of planned page `Returns`")
    );
}

#[test]
fn url_of_the_updated_page_itself_is_fine() {
    let mut fixture = Fixture::new();
    let mut existing = target_page(31, 1, "Shipping");
    existing.url = Some("/shipping/".to_owned());
    fixture.target.pages.push(existing);
    fixture
        .pages
        .push(update(1, 31, page("Shipping", PageType::Page)));
    assert!(fixture.run().is_empty());
}

#[test]
fn urls_normalise_case_and_trailing_slash() {
    assert_eq!(normalise_url("/About/"), Some("/about".to_owned()));
    assert_eq!(normalise_url("/"), Some("/".to_owned()));
    assert_eq!(normalise_url("  "), None);
}

#[test]
fn two_planned_homepages_are_an_error() {
    let mut fixture = Fixture::new();
    for (id, name) in [(1, "Home"), (2, "Landing")] {
        let mut home = page(name, PageType::Page);
        home.is_homepage = Some(true);
        fixture.pages.push(create(id, home));
    }
    let report = fixture.run();
    let found = fixture.only(&report, DiagnosticCode::PageHomepageMultiple);
    assert_eq!(
        found.to_string(),
        "error[page.homepage-multiple] page `Landing` (source #2) at `is_homepage`: the page is \
         the homepage, and so is planned page `Home` (source #1); a channel has one homepage, and \
         the store silently keeps only the last one written (help: make only one of the pages \
         the homepage)"
    );
}

#[test]
fn a_planned_homepage_replacing_the_target_homepage_is_an_error() {
    let mut fixture = Fixture::new();
    let mut current = target_page(31, 1, "Welcome");
    current.is_homepage = Some(true);
    fixture.target.pages.push(current);
    let mut home = page("Home", PageType::Page);
    home.is_homepage = Some(true);
    fixture.pages.push(create(1, home));
    let report = fixture.run();
    let found = fixture.only(&report, DiagnosticCode::PageHomepageReplaced);
    assert!(found.message.contains(
        "target channel `1` already has homepage `Welcome` (target #31); the store would \
         silently clear that page's homepage flag"
    ));
}

#[test]
fn updating_the_target_homepage_or_a_homepage_of_another_channel_is_fine() {
    let mut fixture = Fixture::new();
    let mut current = target_page(31, 1, "Home");
    current.is_homepage = Some(true);
    fixture.target.pages.push(current);
    let mut elsewhere = target_page(32, 2, "Home 2");
    elsewhere.is_homepage = Some(true);
    fixture.target.pages.push(elsewhere);
    let mut home = page("Home", PageType::Page);
    home.is_homepage = Some(true);
    fixture.pages.push(update(1, 31, home));
    assert!(fixture.run().is_empty());
}

#[test]
fn skipped_pages_take_no_part() {
    let mut fixture = Fixture::new();
    let mut skipped = create(1, page("FAQ", PageType::Page));
    skipped.action = PageAction::Skip;
    fixture.pages.push(skipped);
    fixture.pages.push(create(2, page("FAQ", PageType::Page)));
    assert!(fixture.run().is_empty());
}
