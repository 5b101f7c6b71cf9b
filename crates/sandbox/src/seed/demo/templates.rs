//! The widget templates of both demo stores: six custom templates in staging (two with the uuids
//! of BigCommerce's page-widgets guide), the same names under other uuids in production, minus
//! `Product Carousel`, and production's `Text` with an older `template` text (drifted).

use pageport_model::{ChannelId, WidgetTemplate, WidgetTemplateUuid};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Staging `Hero Banner` (the uuid of the guide's example).
pub(super) const STAGING_HERO_BANNER: &str = "d181ebd5-f42c-4f96-8f9d-c605023f5cb6";
/// Staging `Product` (the uuid of the guide's example).
pub(super) const STAGING_PRODUCT: &str = "e59c1412-2d85-4f18-ab4b-8a55412d945c";
/// Staging `Product Carousel` (absent from production).
pub(super) const STAGING_PRODUCT_CAROUSEL: &str = "6c5b3a1e-8f2d-4b7a-9c1e-2d3f4a5b6c70";
/// Staging `Text`.
pub(super) const STAGING_TEXT: &str = "2f8e6d4c-1a3b-4c5d-8e7f-9a0b1c2d3e41";
/// Staging `Image`.
pub(super) const STAGING_IMAGE: &str = "9a7b5c3d-2e4f-4a6b-8c0d-1e2f3a4b5c62";
/// Staging `Button`.
pub(super) const STAGING_BUTTON: &str = "4d3c2b1a-5e6f-4a7b-9c8d-0e1f2a3b4c83";

/// One template as both stores define it; only the uuids and dates differ between stores.
struct Definition {
    name: &'static str,
    schema: Value,
    template: &'static str,
    storefront_api_query: &'static str,
}

/// The staging templates, with their uuids and current version uuids.
pub(super) fn staging() -> Vec<WidgetTemplate> {
    let created = "2024-02-12T09:30:00.000Z";
    vec![
        build(
            hero_banner(),
            STAGING_HERO_BANNER,
            "0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a01",
            created,
        ),
        build(
            product(),
            STAGING_PRODUCT,
            "0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a02",
            created,
        ),
        build(
            product_carousel(),
            STAGING_PRODUCT_CAROUSEL,
            "0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a03",
            created,
        ),
        build(
            text(),
            STAGING_TEXT,
            "0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a04",
            created,
        ),
        build(
            image(),
            STAGING_IMAGE,
            "0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a05",
            created,
        ),
        build(
            button(),
            STAGING_BUTTON,
            "0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a06",
            created,
        ),
    ]
}

/// Production's `Text` template text: an older version than staging's, without the colours, so
/// the demo migration finds the template drifted.
const PRODUCTION_TEXT_TEMPLATE: &str = "<div class=\"text-widget\" style=\"text-align: {{alignment.horizontal}}\">{{{richText}}}</div>";

/// The production templates: the same names under other uuids, without `Product Carousel`, and
/// `Text` at an older `template` text (drifted).
pub(super) fn production() -> Vec<WidgetTemplate> {
    let created = "2024-05-20T14:05:00.000Z";
    vec![
        build(
            hero_banner(),
            "b3a1c2d4-7e6f-4a5b-9c8d-1f2e3d4c5b01",
            "1f2e3d4c-5b6a-4798-8b7c-6d5e4f3a2b01",
            created,
        ),
        build(
            product(),
            "c4b2d3e5-8f7a-4b6c-8d9e-2a3f4e5d6c02",
            "1f2e3d4c-5b6a-4798-8b7c-6d5e4f3a2b02",
            created,
        ),
        build(
            Definition {
                template: PRODUCTION_TEXT_TEMPLATE,
                ..text()
            },
            "d5c3e4f6-9a8b-4c7d-9e0f-3b4a5f6e7d03",
            "1f2e3d4c-5b6a-4798-8b7c-6d5e4f3a2b04",
            created,
        ),
        build(
            image(),
            "e6d4f5a7-0b9c-4d8e-8f1a-4c5b6a7f8e04",
            "1f2e3d4c-5b6a-4798-8b7c-6d5e4f3a2b05",
            created,
        ),
        build(
            button(),
            "f7e5a6b8-1c0d-4e9f-9a2b-5d6c7b8a9f05",
            "1f2e3d4c-5b6a-4798-8b7c-6d5e4f3a2b06",
            created,
        ),
    ]
}

/// Templates keyed by uuid, as the store holds them.
pub(super) fn by_uuid(templates: Vec<WidgetTemplate>) -> BTreeMap<String, WidgetTemplate> {
    templates
        .into_iter()
        .map(|template| (template.uuid.as_str().to_owned(), template))
        .collect()
}

/// A custom template of channel 1 as the API returns it.
fn build(definition: Definition, uuid: &str, version: &str, created: &str) -> WidgetTemplate {
    let mut extra = pageport_model::Extra::new();
    extra.insert("icon_name".into(), "default".into());
    extra.insert("template_engine".into(), "handlebars_v3".into());
    extra.insert("client_rerender".into(), false.into());
    extra.insert("date_created".into(), created.into());
    extra.insert("date_modified".into(), created.into());
    WidgetTemplate {
        uuid: WidgetTemplateUuid::new(uuid),
        name: definition.name.to_owned(),
        schema: Some(definition.schema),
        template: definition.template.to_owned(),
        storefront_api_query: Some(definition.storefront_api_query.to_owned()),
        kind: Some("custom".into()),
        channel_id: Some(ChannelId(1)),
        current_version_uuid: Some(version.to_owned()),
        extra,
    }
}

/// One Page Builder setting.
fn setting(kind: &str, label: &str, id: &str, default: Value) -> Value {
    json!({"type": kind, "label": label, "id": id, "default": default})
}

/// A schema of one `Content` tab holding `sections` of `(label, settings)`.
fn content_tab(sections: Vec<(&str, Vec<Value>)>) -> Value {
    let sections: Vec<Value> = sections
        .into_iter()
        .map(|(label, settings)| json!({"label": label, "settings": settings}))
        .collect();
    json!({"type": "tab", "label": "Content", "sections": sections})
}

fn hero_banner() -> Definition {
    Definition {
        name: "Hero Banner",
        schema: json!([content_tab(vec![
            (
                "Text",
                vec![
                    setting("input", "Title", "title", json!("Hero Banner Title")),
                    setting("text", "Subtitle", "subtitle", json!("")),
                    setting("input", "Button text", "buttonText", json!("Shop now")),
                    setting("input", "Button link", "buttonLink", json!("/")),
                ]
            ),
            (
                "Background",
                vec![
                    setting(
                        "imageManager",
                        "Image",
                        "imageUrl",
                        json!({"src": "", "type": "IMAGE_MANAGER"})
                    ),
                    setting(
                        "color",
                        "Background color",
                        "backgroundColor",
                        json!("#444444")
                    ),
                    json!({"type": "select", "label": "Height", "id": "containerHeight", "default": "small",
                           "typeMeta": {"selectOptions": [
                               {"label": "Small", "value": "small"},
                               {"label": "Medium", "value": "medium"},
                               {"label": "Large", "value": "large"}]}}),
                ]
            ),
        ])]),
        template: "<div class=\"hero-banner hero-banner--{{containerHeight}}\" \
                   style=\"background-color: {{backgroundColor}}; background-image: url('{{imageUrl.src}}')\">\n\
                   <h1 style=\"color: {{textColor}}\">{{title}}</h1>\n<p>{{subtitle}}</p>\n\
                   {{#if buttonText}}<a class=\"button\" href=\"{{buttonLink}}\">{{buttonText}}</a>{{/if}}\n</div>",
        storefront_api_query: "",
    }
}

fn product() -> Definition {
    Definition {
        name: "Product",
        schema: json!([
            content_tab(vec![("Product", vec![
                json!({"type": "productId", "label": "Product", "id": "productId", "default": "",
                       "typeMeta": {"placeholder": "Search by name or SKU"}}),
            ])]),
            {"type": "hidden", "settings": [
                {"type": "graphQl", "id": "graphQueries",
                 "typeMeta": {"mappings": {"productId": {"reads": "productId", "type": "Int!"}}}}
            ]}
        ]),
        template: "{{#with data.site.product}}<div class=\"product-card\">\n\
                   <img src=\"{{defaultImage.url}}\" alt=\"{{defaultImage.altText}}\">\n\
                   <h3>{{name}}</h3>\n<span class=\"price\">{{prices.price.value}} {{prices.price.currencyCode}}</span>\n\
                   </div>{{/with}}",
        storefront_api_query: "query Product($productId: Int!) {\n  site {\n    product(entityId: $productId) {\n      \
                               name\n      defaultImage { url(width: 500) altText }\n      \
                               prices { price { value currencyCode } }\n    }\n  }\n}",
    }
}

/// A carousel as real stores build them: a freely named product picker (`featured`), an
/// `array` of slides whose elements hold a `product` picker, an untyped category setting, and
/// a hidden `graphQl` setting sending them to the query under its own variable names.
fn product_carousel() -> Definition {
    Definition {
        name: "Product Carousel",
        schema: json!([
            content_tab(vec![
                ("Heading", vec![
                    setting("input", "Title", "title", json!("You may also like")),
                    json!({"type": "productId", "label": "Featured product", "id": "featured",
                           "default": "", "typeMeta": {"placeholder": "Search by name or SKU"}}),
                ]),
                ("Source", vec![
                    setting("input", "Category id (instead of slides)", "categoryId", json!("")),
                    setting("number", "Products shown", "visibleCount", json!(4)),
                ]),
            ]),
            {"type": "array", "label": "Slides", "id": "slides", "defaultCount": 3,
             "entryLabel": "Slide", "schema": [
                 {"type": "tab", "label": "Slide", "sections": [{"label": "Product", "settings": [
                     {"type": "productId", "label": "Product", "id": "product", "default": ""},
                     {"type": "input", "label": "Caption", "id": "caption", "default": ""}
                 ]}]}
             ]},
            {"type": "hidden", "settings": [
                {"type": "graphQl", "id": "graphQueries",
                 "typeMeta": {"mappings": {
                     "featuredProductId": {"reads": "featured", "type": "Int!"},
                     "slideIds": {"reads": "slides.*.product", "type": "Int!"},
                     "categoryId": {"reads": "categoryId", "type": "Int"}}}}
            ]}
        ]),
        template: "<section class=\"product-carousel\">\n<h2>{{title}}</h2>\n\
                   {{#with data.site.featured}}<div class=\"featured\"><a href=\"{{path}}\">{{name}}</a></div>{{/with}}\n<ul>\n\
                   {{#each data.site.products.edges}}<li><a href=\"{{node.path}}\">{{node.name}}</a></li>{{/each}}\n\
                   </ul>\n</section>",
        storefront_api_query: "query Carousel($featuredProductId: Int = 0, $slideIds: [Int!], $categoryId: Int) {\n  \
                               site {\n    featured: product(entityId: $featuredProductId) { ...Card }\n    \
                               products(entityIds: $slideIds, first: 12) { edges { node { ...Card } } }\n    \
                               category(entityId: $categoryId) { name }\n  }\n}\n\
                               fragment Card on Product { name path }",
    }
}

fn text() -> Definition {
    Definition {
        name: "Text",
        schema: json!([content_tab(vec![(
            "Text",
            vec![
                setting(
                    "text",
                    "Text",
                    "richText",
                    json!("<p>Add your text here.</p>")
                ),
                setting(
                    "alignment",
                    "Alignment",
                    "alignment",
                    json!({"horizontal": "left"})
                ),
                setting("color", "Text color", "textColor", json!("#444444")),
                setting(
                    "color",
                    "Background color",
                    "backgroundColor",
                    json!("rgba(0,0,0,0)")
                ),
            ]
        )])]),
        template: "<div class=\"text-widget\" style=\"text-align: {{alignment.horizontal}}; \
                   color: {{textColor}}; background-color: {{backgroundColor}}\">{{{richText}}}</div>",
        storefront_api_query: "",
    }
}

fn image() -> Definition {
    Definition {
        name: "Image",
        schema: json!([content_tab(vec![(
            "Image",
            vec![
                setting(
                    "imageManager",
                    "Image",
                    "imageUrl",
                    json!({"src": "", "type": "IMAGE_MANAGER"})
                ),
                setting("input", "Alt text", "altText", json!("")),
                setting("input", "Link", "link", json!("")),
                json!({"type": "select", "label": "Fit", "id": "imageFit", "default": "fill",
                       "typeMeta": {"selectOptions": [
                           {"label": "Fill", "value": "fill"},
                           {"label": "Fit", "value": "fit"}]}}),
            ]
        )])]),
        template: "{{#if link}}<a href=\"{{link}}\">{{/if}}<img class=\"image-widget image-widget--{{imageFit}}\" \
                   src=\"{{imageUrl.src}}\" alt=\"{{altText}}\">{{#if link}}</a>{{/if}}",
        storefront_api_query: "",
    }
}

fn button() -> Definition {
    Definition {
        name: "Button",
        schema: json!([content_tab(vec![(
            "Button",
            vec![
                setting("input", "Text", "buttonText", json!("Shop now")),
                setting("input", "Link", "buttonLink", json!("/")),
                setting("color", "Color", "buttonColor", json!("#444444")),
                setting(
                    "color",
                    "Text color",
                    "buttonTextColor",
                    json!("rgba(255,255,255,1)")
                ),
                setting(
                    "alignment",
                    "Alignment",
                    "alignment",
                    json!({"horizontal": "center"})
                ),
            ]
        )])]),
        template: "<div style=\"text-align: {{alignment.horizontal}}\"><a class=\"button\" href=\"{{buttonLink}}\" \
                   style=\"background-color: {{buttonColor}}; color: {{buttonTextColor}}\">{{buttonText}}</a></div>",
        storefront_api_query: "",
    }
}
