//! The staging page-widget documents (all on channel 1):
//!
//! - global regions: `header_bottom--global` with an announcement banner (Text) and a Button
//! - `pages/home`: the Hero Banner in `home_below_menu` and the three-column product layout in
//!   `header_bottom` exactly as BigCommerce's page-widgets guide shows them (products `"77"`/77,
//!   `"80"`/80, `"93"`/93), plus a Product Carousel featuring product 98 (its freely named
//!   `featured` picker, sent to the query as `featuredProductId`) from category 18 in
//!   `home_below_featured_products`
//! - `pages/page` for pages 1 (About Us), 2 (Our Story, a two-column layout) and 7 (Shipping &
//!   Returns)
//! - `pages/product` for product 77 (a carousel whose `slides[].product` hold products 80, 93,
//!   104, sent as `slideIds`) and product 80 (care
//!   text and a Product widget of 77)
//!
//! Ids inside `configuration` are strings and ids inside `storefront_api_query_params` numbers,
//! as in the guide, so a migration has to preserve both JSON types.

use super::pages::{ABOUT_US, OUR_STORY, SHIPPING_RETURNS};
use super::templates::{
    STAGING_BUTTON, STAGING_HERO_BANNER, STAGING_IMAGE, STAGING_PRODUCT, STAGING_PRODUCT_CAROUSEL,
    STAGING_TEXT,
};
use pageport_model::{
    ChannelId, Dropzone, EntityId, JsonObject, Layout, LayoutTemplateUuid, PageWidgetsKey, Region,
    RegionChild, TemplateFile, Widget, WidgetTemplateUuid,
};
use serde_json::{Value, json};

/// The three-column layout of the guide.
const THREE_COLUMNS: &str = "7d42d0b1-1152-4ce3-a6c1-3709f786f295";
/// A two-column layout.
const TWO_COLUMNS: &str = "3c2e8b1f-4a5d-4e6f-8a7b-9c0d1e2f3a4b";

/// Every staging document with its key, ordered by key.
pub(super) fn staging() -> Vec<(PageWidgetsKey, Vec<Region>)> {
    let mut documents = vec![
        (PageWidgetsKey::global(ChannelId(1)), global_regions()),
        (key("pages/home", None), home()),
        (key("pages/page", Some(ABOUT_US)), about_us()),
        (key("pages/page", Some(OUR_STORY)), our_story()),
        (
            key("pages/page", Some(SHIPPING_RETURNS)),
            shipping_returns(),
        ),
        (key("pages/product", Some(77)), product_77()),
        (key("pages/product", Some(80)), product_80()),
    ];
    documents.sort_by(|a, b| a.0.cmp(&b.0));
    documents
}

fn key(template_file: &str, entity: Option<u64>) -> PageWidgetsKey {
    PageWidgetsKey {
        channel_id: ChannelId(1),
        template_file: Some(TemplateFile::from(template_file)),
        entity_id: entity.map(|id| EntityId::new(id.to_string())),
    }
}

fn global_regions() -> Vec<Region> {
    vec![region(
        "header_bottom--global",
        vec![
            RegionChild::Widget(text(
                "Announcement Banner",
                "<p><strong>Free shipping</strong> on orders over $75, this week only.</p>",
                "center",
                "#3C64F4",
            )),
            RegionChild::Widget(button("Shop the Sale", "/sale/")),
        ],
    )]
}

fn home() -> Vec<Region> {
    let products = [77, 80, 93].map(|id| vec![in_dropzone(product_card(id))]);
    vec![
        region("home_below_menu", vec![RegionChild::Widget(hero_banner())]),
        region(
            "header_bottom",
            vec![layout(
                THREE_COLUMNS,
                three_column_configuration(),
                products.into(),
            )],
        ),
        region(
            "home_below_featured_products",
            vec![RegionChild::Widget(widget(
                STAGING_PRODUCT_CAROUSEL,
                "Kitchen Favourites",
                json!({"title": "Kitchen favourites", "featured": "98", "slides": [],
                       "categoryId": "18", "visibleCount": 4}),
                json!({"featuredProductId": 98, "categoryId": 18}),
            ))],
        ),
    ]
}

fn about_us() -> Vec<Region> {
    vec![region(
        "page_builder_content",
        vec![
            RegionChild::Widget(image(
                "Workshop",
                "https://images.unsplash.com/photo-1504148455328-c376907d081c?auto=format&fit=crop&w=1600&q=80",
                "Our workshop",
            )),
            RegionChild::Widget(text(
                "Our Values",
                "<h2>Our values</h2><p>Made to last, repaired when it doesn't.</p>",
                "left",
                "#444444",
            )),
        ],
    )]
}

fn our_story() -> Vec<Region> {
    let columns = vec![
        vec![in_dropzone(image(
            "First Terrarium",
            "https://images.unsplash.com/photo-1485955900006-10f4d324d411?auto=format&fit=crop&w=800&q=80",
            "The first terrarium, 2014",
        ))],
        vec![in_dropzone(text(
            "Timeline",
            "<ul><li>2014: the first terrarium</li><li>2017: the kitchen line</li><li>2021: 32 countries</li></ul>",
            "left",
            "#444444",
        ))],
    ];
    let configuration = json!({
        "columnWeights": ["50%", "50%"],
        "layoutBackgroundColor": "rgba(0,0,0,0)",
        "numberOfDropzones": 2,
        "layoutZIndex": "auto",
        "name": "Layout"
    });
    vec![region(
        "page_builder_content",
        vec![
            layout(TWO_COLUMNS, configuration, columns),
            RegionChild::Widget(button(
                "Meet the Founders",
                "/about-us/our-story/meet-the-founders/",
            )),
        ],
    )]
}

fn shipping_returns() -> Vec<Region> {
    vec![region(
        "page_builder_content",
        vec![RegionChild::Widget(text(
            "Shipping Rates",
            "<table><tr><td>Standard (3-5 days)</td><td>$6.95</td></tr>\
             <tr><td>Express (1-2 days)</td><td>$14.95</td></tr>\
             <tr><td>Orders over $75</td><td>Free</td></tr></table>",
            "left",
            "#444444",
        ))],
    )]
}

fn product_77() -> Vec<Region> {
    vec![region(
        "product_below_content",
        vec![RegionChild::Widget(widget(
            STAGING_PRODUCT_CAROUSEL,
            "Complete the Look",
            json!({"title": "Complete the look", "featured": "",
                   "slides": [{"product": "80", "caption": "Grow"}, {"product": 93, "caption": "Store"},
                              {"product": "104", "caption": ""}],
                   "categoryId": "", "visibleCount": 3}),
            json!({"slideIds": [80, 93, 104]}),
        ))],
    )]
}

fn product_80() -> Vec<Region> {
    let mut pairs_with = product_card(77);
    pairs_with.name = Some("Pairs Well With".into());
    vec![region(
        "product_below_content",
        vec![
            RegionChild::Widget(text(
                "Care Instructions",
                "<h3>Care</h3><p>Mist twice a week. Keep out of direct sun.</p>",
                "left",
                "#444444",
            )),
            RegionChild::Widget(pairs_with),
        ],
    )]
}

fn region(name: &str, children: Vec<RegionChild>) -> Region {
    Region {
        name: name.to_owned(),
        children,
        extra: pageport_model::Extra::new(),
    }
}

fn widget(template: &str, name: &str, configuration: Value, query_params: Value) -> Widget {
    Widget {
        widget_template_uuid: WidgetTemplateUuid::new(template),
        name: Some(name.to_owned()),
        description: Some(String::new()),
        configuration: Some(object(configuration)),
        storefront_api_query_params: Some(object(query_params)),
        extra: pageport_model::Extra::new(),
    }
}

/// A widget inside a dropzone carries its `type` like one in a region does.
fn in_dropzone(mut widget: Widget) -> Widget {
    widget.extra.insert("type".into(), "widget".into());
    widget
}

fn layout(uuid: &str, configuration: Value, columns: Vec<Vec<Widget>>) -> RegionChild {
    let dropzones = columns
        .into_iter()
        .map(|widgets| Dropzone {
            configuration: Some(object(dropzone_configuration())),
            widgets,
            extra: pageport_model::Extra::new(),
        })
        .collect();
    RegionChild::Layout(Layout {
        layout_template_uuid: Some(LayoutTemplateUuid::new(uuid)),
        name: Some("Layout".into()),
        configuration: Some(object(configuration)),
        dropzones,
        extra: pageport_model::Extra::new(),
    })
}

fn object(value: Value) -> JsonObject {
    match value {
        Value::Object(map) => map,
        _ => JsonObject::new(),
    }
}

fn text(name: &str, html: &str, alignment: &str, color: &str) -> Widget {
    widget(
        STAGING_TEXT,
        name,
        json!({"richText": html, "alignment": {"horizontal": alignment}, "textColor": color,
               "backgroundColor": "rgba(0,0,0,0)"}),
        json!({}),
    )
}

fn button(label: &str, target: &str) -> Widget {
    widget(
        STAGING_BUTTON,
        label,
        json!({"buttonText": label, "buttonLink": target, "buttonColor": "#444444",
               "buttonTextColor": "rgba(255,255,255,1)", "alignment": {"horizontal": "center"}}),
        json!({}),
    )
}

fn image(name: &str, src: &str, alt: &str) -> Widget {
    widget(
        STAGING_IMAGE,
        name,
        json!({"imageUrl": {"src": src, "type": "IMAGE_MANAGER"}, "altText": alt, "link": "",
               "imageFit": "fill"}),
        json!({}),
    )
}

/// The guide's Hero Banner.
fn hero_banner() -> Widget {
    widget(
        STAGING_HERO_BANNER,
        "Hero Banner",
        json!({
            "title": "Hero Banner Title",
            "subtitle": "Add a description for this hero banner. This is a great place to highlight a promotion.",
            "buttonText": "Shop now",
            "contentAlignment": {"horizontal": "left"},
            "containerHeight": "small",
            "backgroundType": "image",
            "backgroundColor": "#444444",
            "imageUrl": {
                "src": "https://images.unsplash.com/photo-1533038590840-1cde6e668a91?ixlib=rb-1.2.1&ixid=eyJhcHBfaWQiOjEyMDd9&auto=format&fit=crop&w=2000&q=100",
                "type": "IMAGE_MANAGER"
            },
            "imageFit": "fill",
            "imageParallax": "off",
            "imageAlignment": {"horizontal": "center", "vertical": "middle"},
            "imageOpacity": 100,
            "titleVisible": "show",
            "titleStyle": "default",
            "titleFontFamily": "inherit",
            "titleFontWeight": "400",
            "titleFontSize": {"value": 36, "type": "px"},
            "descriptionVisible": "show",
            "descriptionStyle": "default",
            "descriptionFontFamily": "inherit",
            "descriptionFontWeight": "400",
            "descriptionFontSize": {"value": 21, "type": "px"},
            "textColor": "#444444",
            "mobileTextColor": "#444444",
            "buttonVisible": "show",
            "buttonFont": "default",
            "buttonFontFamily": "inherit",
            "buttonStyle": "round",
            "buttonColor": "#444444",
            "mobileButtonColor": "#444444",
            "buttonTextColor": "rgba(255,255,255,1)",
            "mobileButtonTextColor": "rgba(255,255,255,1)"
        }),
        json!({}),
    )
}

/// The guide's Product widget: `productId` a string in `configuration`, a number in
/// `storefront_api_query_params`.
fn product_card(product_id: u64) -> Widget {
    widget(
        STAGING_PRODUCT,
        "Product",
        json!({
            "productCardContentAlignment": {"horizontal": "center"},
            "productImage": {"visibility": "show", "imageFit": "fill"},
            "brand": {"visibility": "show", "textStyle": "default", "color": "#444444"},
            "productName": {"visibility": "show", "textStyle": "default", "color": "#444444"},
            "price": {"visibility": "show", "textStyle": "default", "color": "#444444"},
            "productRating": {"visibility": "hide", "starColorFilled": "#3C64F4",
                              "starColorEmpty": "#ECEEF5", "reviewsColor": "#8C93AD"},
            "button": {"visibility": "hide", "shape": "round", "buttonColor": "rgba(68,68,68,1)",
                       "textStyle": "default", "buttonTextColor": "rgba(255,255,255,1)",
                       "buttonActionType": "addToCart"},
            "productId": product_id.to_string()
        }),
        json!({"productId": product_id}),
    )
}

/// The guide's three-column layout configuration.
fn three_column_configuration() -> Value {
    json!({
        "columnWeights": ["33.333333%", "33.333333%", "33.333333%"],
        "layoutBackgroundColor": "rgba(0,0,0,0)",
        "layoutBackgroundImageAlignment": {"horizontal": "center", "vertical": "middle"},
        "layoutBackgroundImageFit": "fill",
        "layoutBackgroundImageOpacity": 100,
        "layoutBackgroundImageUrl": "",
        "layoutBorderColor": "#333333",
        "layoutBorderStyle": "solid",
        "layoutBorderThickness": 0,
        "layoutHeight": "",
        "layoutMargin": px_box("0", "0"),
        "layoutPadding": px_box("0", "0"),
        "numberOfDropzones": 3,
        "layoutBackgroundType": "",
        "layoutZIndex": "auto",
        "name": "Layout"
    })
}

/// The guide's dropzone configuration.
fn dropzone_configuration() -> Value {
    json!({
        "dropzoneBackgroundColor": "rgba(0,0,0,0)",
        "dropzoneBackgroundImageAlignment": {"horizontal": "center", "vertical": "middle"},
        "dropzoneBackgroundImageFit": "fill",
        "dropzoneBackgroundImageOpacity": 100,
        "dropzoneBackgroundImageUrl": "",
        "dropzoneBorderColor": "#333333",
        "dropzoneBorderStyle": "solid",
        "dropzoneBorderThickness": 0,
        "dropzoneHeight": "",
        "dropzoneJustifyContent": "center",
        "dropzoneMargin": px_box("0", "0"),
        "dropzonePadding": px_box("0", "10.5"),
        "dropzoneZIndex": "auto",
        "dropzoneBackgroundType": ""
    })
}

/// A margin or padding box in the guide's shape: `vertical` top and bottom, `horizontal` sides.
fn px_box(vertical: &str, horizontal: &str) -> Value {
    json!({
        "bottom": {"type": "px", "value": vertical},
        "left": {"type": "px", "value": horizontal},
        "right": {"type": "px", "value": horizontal},
        "top": {"type": "px", "value": vertical}
    })
}
