//! DELETE: id:in, partial 404, delete_children both ways, single deletes ignoring the query.

use super::*;

#[tokio::test]
async fn a_bulk_delete_needs_id_in() {
    let sb = common::two_stores();
    let answer = StoreApi::staging(&sb).delete(PAGES).await;
    assert_eq!(detail_of_422(&answer), "missing the required field: id");
    assert_eq!(answer.body["title"], "Input is invalid");
}

#[tokio::test]
async fn a_bulk_delete_deletes_what_exists_then_answers_404() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let a = create(&api, page("A")).await;
    let b = create(&api, page("B")).await;
    let answer = api.delete(&format!("{PAGES}?id:in={a},100")).await;
    assert_eq!(answer.status, 404);
    assert_eq!(
        answer.body["title"],
        "A Page was not found with an ID of 100"
    );
    assert_eq!(ids(&api.get(PAGES).await), vec![b]);
    let done = api.delete(&format!("{PAGES}?id:in={b}")).await;
    assert_eq!(done.status, 204);
    assert_eq!(api.get(PAGES).await.body["data"], json!([]));
}

async fn family(api: &StoreApi<'_>) -> (u64, u64, u64) {
    let parent = create(api, page("Parent")).await;
    let child = create(
        api,
        json!({"name": "Child", "type": "page", "parent_id": parent}),
    )
    .await;
    let grandchild = create(
        api,
        json!({"name": "Grandchild", "type": "page", "parent_id": child}),
    )
    .await;
    (parent, child, grandchild)
}

#[tokio::test]
async fn delete_children_true_deletes_every_descendant() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let (parent, _, _) = family(&api).await;
    let other = create(&api, page("Other")).await;
    let answer = api
        .delete(&format!("{PAGES}?id:in={parent}&delete_children=true"))
        .await;
    assert_eq!(answer.status, 204);
    assert_eq!(ids(&api.get(PAGES).await), vec![other]);
}

#[tokio::test]
async fn by_default_direct_children_move_to_the_top_and_hide() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let (parent, child, grandchild) = family(&api).await;
    assert_eq!(
        api.delete(&format!("{PAGES}?id:in={parent}")).await.status,
        204
    );
    let child_now = api.get(&format!("{PAGES}/{child}")).await.body["data"].clone();
    assert_eq!(
        (
            child_now["parent_id"].clone(),
            child_now["is_visible"].clone()
        ),
        (json!(0), json!(false))
    );
    let grandchild_now = api.get(&format!("{PAGES}/{grandchild}")).await.body["data"].clone();
    assert_eq!(grandchild_now["parent_id"], child);
    assert_eq!(grandchild_now["is_visible"], true);
}

#[tokio::test]
async fn a_single_delete_ignores_query_parameters() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    let (parent, child, _) = family(&api).await;
    let answer = api
        .delete(&format!("{PAGES}/{parent}?delete_children=true"))
        .await;
    assert_eq!(answer.status, 204);
    let child_now = api.get(&format!("{PAGES}/{child}")).await;
    assert_eq!(child_now.status, 200, "children are kept");
    assert_eq!(child_now.body["data"]["parent_id"], 0);
    let again = api.delete(&format!("{PAGES}/{parent}")).await;
    assert_eq!(again.status, 404);
    assert_eq!(
        again.body["title"],
        format!("A Page was not found with an ID of {parent}")
    );
}

#[tokio::test]
async fn a_bulk_delete_refuses_unknown_parameters_and_bad_values() {
    let sb = common::two_stores();
    let api = StoreApi::staging(&sb);
    assert_eq!(
        api.delete(&format!("{PAGES}?id:in=1&force=true"))
            .await
            .status,
        400
    );
    assert!(detail_of_422(&api.delete(&format!("{PAGES}?id:in=x")).await).contains("id:in"));
    assert!(
        detail_of_422(
            &api.delete(&format!("{PAGES}?id:in=1&delete_children=maybe"))
                .await
        )
        .contains("delete_children")
    );
}
