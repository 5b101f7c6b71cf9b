//! What the model must refuse: each case is a real fixture with one thing broken.

use super::load;
use pageport_model::{Envelope, Page, PageWidgets, PageWidgetsPublish};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The guide snapshot with `edit` applied to its first region's first child.
fn guide_snapshot_with_first_child(
    edit: impl FnOnce(&mut serde_json::Map<String, Value>),
) -> Value {
    let mut value = load("page-widgets-guide-snapshot-response");
    let child = value["data"]["regions"][0]["children"][0]
        .as_object_mut()
        .expect("a child object");
    edit(child);
    value
}

/// The error reading `value` as `T`; fails the test when it reads.
fn refusal<T: DeserializeOwned>(value: Value) -> String {
    match serde_json::from_value::<T>(value) {
        Ok(_) => panic!(
            "expected `{}` to refuse the value",
            std::any::type_name::<T>()
        ),
        Err(err) => err.to_string(),
    }
}

#[test]
fn a_region_child_of_unknown_type_is_refused() {
    let value = guide_snapshot_with_first_child(|child| {
        child.insert("type".into(), json!("banner"));
    });
    let err = refusal::<Envelope<PageWidgets>>(value);
    assert!(err.contains("banner"), "{err}");
}

#[test]
fn a_region_child_without_type_is_refused() {
    let value = guide_snapshot_with_first_child(|child| {
        child.remove("type");
    });
    let err = refusal::<Envelope<PageWidgets>>(value);
    assert!(err.contains("type"), "{err}");
}

#[test]
fn a_dropzone_widget_of_unknown_type_is_refused() {
    let mut value = load("page-widgets-guide-snapshot-response");
    value["data"]["regions"][1]["children"][0]["dropzones"][0]["widgets"][0]["type"] =
        json!("banner");
    let err = refusal::<Envelope<PageWidgets>>(value);
    assert!(err.contains("banner"), "{err}");
}

#[test]
fn a_widget_without_its_template_uuid_is_refused() {
    let value = guide_snapshot_with_first_child(|child| {
        child.remove("widget_template_uuid");
    });
    let err = refusal::<Envelope<PageWidgets>>(value);
    assert!(err.contains("widget_template_uuid"), "{err}");
}

#[test]
fn a_publish_request_without_regions_is_refused() {
    let mut value = load("page-widgets-guide-publish-request");
    value.as_object_mut().expect("object").remove("regions");
    let err = refusal::<PageWidgetsPublish>(value);
    assert!(err.contains("regions"), "{err}");
}

#[test]
fn a_page_without_name_is_refused_alone_and_in_a_list() {
    let mut page = load("pages-v3-reference-create-pages-request");
    page.as_object_mut().expect("object").remove("name");
    let err = refusal::<Page>(page);
    assert!(err.contains("name"), "{err}");

    let mut list = load("openapi-pages-update-pages-response");
    list["data"][1]
        .as_object_mut()
        .expect("object")
        .remove("name");
    let err = refusal::<Envelope<Vec<Page>>>(list);
    assert!(err.contains("name"), "{err}");
}

#[test]
fn a_page_without_type_is_refused() {
    let mut page = load("pages-v3-reference-create-pages-request");
    page.as_object_mut().expect("object").remove("type");
    let err = refusal::<Page>(page);
    assert!(err.contains("type"), "{err}");
}
