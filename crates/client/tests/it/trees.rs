//! Category trees, tree categories, product channel assignments and channel updates, against
//! the sandbox (demo seed: two trees, a wholesale channel 2, the jar not sold in wholesale).

use crate::common::{self, client, matching, requests_since};
use pageport_client::{
    CategoryTreeQuery, ChannelAssignmentQuery, ClientErrorKind, TreeCategoryQuery,
};
use pageport_model::{
    CategoryId, CategoryTreeId, CategoryTreeUpsert, ChannelCreate, ChannelId, ChannelUpdate,
    ProductChannelAssignment, ProductId, TreeCategoryCreate,
};
use pageport_test_support::client::store_client;
use pageport_test_support::{STAGING_TOKEN, demo};

#[tokio::test]
async fn trees_and_their_categories_are_listed_with_every_filter_sent_and_honoured() {
    let sb = demo();
    let staging = store_client(&sb, "staging", STAGING_TOKEN);
    let trees = staging
        .list_category_trees(&CategoryTreeQuery::default())
        .await
        .expect("trees");
    let ids: Vec<CategoryTreeId> = trees.iter().map(|t| t.id).collect();
    assert_eq!(ids, [CategoryTreeId(1), CategoryTreeId(2)]);
    let wholesale = staging
        .list_category_trees(&CategoryTreeQuery {
            ids: None,
            channel_ids: Some(vec![ChannelId(2)]),
        })
        .await
        .expect("channel 2's tree");
    assert_eq!(wholesale.len(), 1);
    assert!(wholesale[0].serves(ChannelId(2)));

    let skip = sb.sandbox().requests().len();
    let kitchen_children = staging
        .list_tree_categories(&TreeCategoryQuery {
            tree_ids: Some(vec![CategoryTreeId(2)]),
            category_ids: None,
            parent_ids: Some(vec![58]),
        })
        .await
        .expect("children");
    let names: Vec<(&str, &str)> = kitchen_children
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.url.as_ref().map_or("", |u| u.path.as_str()),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("Coffee & Tea", "/kitchen/coffee-tea/"),
            ("Storage", "/kitchen/storage/")
        ]
    );
    let sent = requests_since(&sb, skip);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].query,
        "tree_id:in=2&parent_id:in=58&limit=250&page=1"
    );

    let many: Vec<CategoryId> = (1..=120).map(CategoryId).collect();
    let skip = sb.sandbox().requests().len();
    let by_id = staging
        .list_tree_categories(&TreeCategoryQuery {
            tree_ids: Some(vec![CategoryTreeId(1)]),
            category_ids: Some(many),
            parent_ids: None,
        })
        .await
        .expect("by id");
    let ids: Vec<u64> = by_id.iter().map(|c| c.category_id.get()).collect();
    assert_eq!(
        ids,
        [18, 19, 20, 21, 22],
        "channel 1's tree only, though 58–62 were asked"
    );
    assert_eq!(
        matching(
            &requests_since(&sb, skip),
            "GET",
            "/catalog/trees/categories"
        )
        .len(),
        3,
        "120 ids in chunks of 50"
    );
    let nothing = staging
        .list_tree_categories(&TreeCategoryQuery {
            tree_ids: Some(Vec::new()),
            ..TreeCategoryQuery::default()
        })
        .await
        .expect("empty");
    assert!(nothing.is_empty());
}

#[tokio::test]
async fn trees_and_categories_are_created() {
    let sb = common::sandbox();
    let client = client(&sb);
    let channel = client
        .create_channel(&ChannelCreate {
            name: "b2b".into(),
            channel_type: "storefront".into(),
            platform: "bigcommerce".into(),
            status: None,
        })
        .await
        .expect("channel");
    let trees = client
        .upsert_category_trees(&[CategoryTreeUpsert {
            id: None,
            name: Some("B2B".into()),
            channels: Some(vec![channel.id]),
        }])
        .await
        .expect("tree created");
    assert_eq!(trees.len(), 1);
    assert_eq!(trees[0].channels, [channel.id]);
    let tree = trees[0].id;
    let renamed = client
        .upsert_category_trees(&[CategoryTreeUpsert {
            id: Some(tree),
            name: Some("Trade".into()),
            channels: None,
        }])
        .await
        .expect("renamed");
    assert_eq!(renamed[0].name, "Trade");

    let new = |name: &str| TreeCategoryCreate {
        name: name.into(),
        tree_id: Some(tree),
        parent_id: None,
        url: None,
        is_visible: None,
    };
    let created = client
        .create_tree_categories(&[new("Kitchen"), new("Bath")])
        .await
        .expect("created");
    let names: Vec<&str> = created.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Kitchen", "Bath"]);
    assert!(created.iter().all(|c| c.tree_id == tree));

    let refused = client
        .create_tree_categories(&[new("Garden"), new("kitchen")])
        .await
        .expect_err("a sibling has the name");
    let ClientErrorKind::Api { status, body } = refused.kind() else {
        panic!("{refused}");
    };
    assert_eq!(*status, 422);
    assert_eq!(body.title.as_deref(), Some("The Category was not valid"));
    assert!(refused.to_string().contains("1.name"), "{refused}");
    let listed = client
        .list_tree_categories(&TreeCategoryQuery {
            tree_ids: Some(vec![tree]),
            ..TreeCategoryQuery::default()
        })
        .await
        .expect("listed");
    assert_eq!(listed.len(), 2, "the refused batch created nothing");
}

#[tokio::test]
async fn product_channel_assignments_are_listed_and_created() {
    let sb = demo();
    let production = store_client(&sb, "production", pageport_test_support::PRODUCTION_TOKEN);
    let wholesale = production
        .list_product_channel_assignments(&ChannelAssignmentQuery {
            product_ids: Some(vec![ProductId(1077), ProductId(1093)]),
            channel_ids: Some(vec![ChannelId(2)]),
        })
        .await
        .expect("assignments");
    assert_eq!(
        wholesale,
        [ProductChannelAssignment {
            product_id: ProductId(1077),
            channel_id: ChannelId(2)
        }],
        "the jar is not sold in wholesale"
    );
    let jar = ProductChannelAssignment {
        product_id: ProductId(1093),
        channel_id: ChannelId(2),
    };
    production
        .create_product_channel_assignments(&[jar])
        .await
        .expect("assigned");
    let all = production
        .list_product_channel_assignments(&ChannelAssignmentQuery::default())
        .await
        .expect("all");
    assert_eq!(all.len(), 16, "eight products in both channels");
    assert!(all.contains(&jar));
    let bad = production
        .create_product_channel_assignments(&[ProductChannelAssignment {
            product_id: ProductId(4242),
            channel_id: ChannelId(1),
        }])
        .await
        .expect_err("no such product");
    assert!(bad.to_string().contains("0.product_id"), "{bad}");
}

#[tokio::test]
async fn a_channel_is_updated_partially() {
    let sb = demo();
    let staging = store_client(&sb, "staging", STAGING_TOKEN);
    let skip = sb.sandbox().requests().len();
    let updated = staging
        .update_channel(
            ChannelId(2),
            &ChannelUpdate {
                name: Some("trade".into()),
                ..ChannelUpdate::default()
            },
        )
        .await
        .expect("updated");
    assert_eq!(updated.name, "trade");
    assert_eq!(updated.status.as_deref(), Some("active"), "unchanged");
    let sent = requests_since(&sb, skip);
    assert_eq!(
        (sent[0].method.as_str(), sent[0].path.as_str()),
        ("PUT", "/stores/staging/v3/channels/2")
    );
    let missing = staging
        .update_channel(ChannelId(99), &ChannelUpdate::default())
        .await
        .expect_err("no channel 99");
    assert!(missing.is_not_found(), "{missing}");
}

#[tokio::test]
async fn a_channel_s_tree_is_found_by_its_channel_and_a_channel_without_one_has_none() {
    let sb = demo();
    let staging = store_client(&sb, "staging", STAGING_TOKEN);
    let tree = staging
        .channel_category_tree(ChannelId(2))
        .await
        .expect("channel 2's tree")
        .expect("channel 2 has a tree");
    assert_eq!(tree.id, CategoryTreeId(2));
    let first = staging
        .channel_category_tree(ChannelId(1))
        .await
        .expect("channel 1's tree")
        .expect("channel 1 has a tree");
    assert_eq!(first.id, CategoryTreeId(1));
    assert_eq!(
        staging
            .channel_category_tree(ChannelId(77))
            .await
            .expect("a listing"),
        None
    );
}
