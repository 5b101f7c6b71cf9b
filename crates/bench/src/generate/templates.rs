//! The widget templates of the generated store: a handful of custom templates of the kinds
//! Page Builder sites use, two of them taking product ids.

use crate::rng::SiteRng;
use pageport_model::{ChannelId, WidgetTemplate, WidgetTemplateUuid};
use serde_json::json;

/// What a template is for; decides the configuration its widgets carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TemplateKind {
    /// A full-width banner with heading, text, button and background image.
    HeroBanner,
    /// Rich text.
    Text,
    /// One image with alt text and a link.
    Image,
    /// A call-to-action button.
    Button,
    /// One product card (`productId`, string in configuration, number in query params).
    Product,
    /// A row of products (`productIds`, a list).
    ProductCarousel,
    /// An embedded video.
    Video,
    /// Raw HTML.
    Html,
}

impl TemplateKind {
    /// Every kind, in the order templates are defined.
    pub(crate) const ALL: [TemplateKind; 8] = [
        TemplateKind::HeroBanner,
        TemplateKind::Text,
        TemplateKind::Image,
        TemplateKind::Button,
        TemplateKind::Product,
        TemplateKind::ProductCarousel,
        TemplateKind::Video,
        TemplateKind::Html,
    ];

    /// How often widgets of this kind appear, relative to the others.
    pub(crate) fn weight(self) -> u32 {
        match self {
            TemplateKind::HeroBanner => 5,
            TemplateKind::Text => 28,
            TemplateKind::Image => 20,
            TemplateKind::Button => 10,
            TemplateKind::Product => 17,
            TemplateKind::ProductCarousel => 6,
            TemplateKind::Video => 6,
            TemplateKind::Html => 8,
        }
    }

    /// The template's name, the key templates are matched by across stores.
    pub(crate) fn name(self) -> &'static str {
        match self {
            TemplateKind::HeroBanner => "Bench Hero Banner",
            TemplateKind::Text => "Bench Text",
            TemplateKind::Image => "Bench Image",
            TemplateKind::Button => "Bench Button",
            TemplateKind::Product => "Bench Product Card",
            TemplateKind::ProductCarousel => "Bench Product Carousel",
            TemplateKind::Video => "Bench Video",
            TemplateKind::Html => "Bench HTML",
        }
    }
}

/// One generated template with its kind.
#[derive(Debug, Clone)]
pub(crate) struct GeneratedTemplate {
    /// What its widgets look like.
    pub kind: TemplateKind,
    /// The template as the store returns it.
    pub template: WidgetTemplate,
}

/// Defines every template kind in `channel` with uuids drawn from `rng`.
pub(crate) fn generate(rng: &mut SiteRng, channel: ChannelId) -> Vec<GeneratedTemplate> {
    TemplateKind::ALL
        .iter()
        .map(|&kind| GeneratedTemplate {
            kind,
            template: definition(
                kind,
                WidgetTemplateUuid::new(rng.uuid()),
                rng.uuid(),
                channel,
            ),
        })
        .collect()
}

/// The template of `kind` under `uuid` in `channel`.
pub(crate) fn definition(
    kind: TemplateKind,
    uuid: WidgetTemplateUuid,
    version_uuid: String,
    channel: ChannelId,
) -> WidgetTemplate {
    let (fields, html, query) = match kind {
        TemplateKind::HeroBanner => (
            vec![
                "heading",
                "text",
                "buttonText",
                "buttonLink",
                "imageUrl",
                "backgroundColor",
            ],
            "<section class=\"hero\" style=\"background:{{backgroundColor}}\"><img src=\"{{imageUrl.src}}\"><h1>{{heading}}</h1><p>{{text}}</p><a href=\"{{buttonLink.value}}\">{{buttonText}}</a></section>",
            None,
        ),
        TemplateKind::Text => (
            vec!["richText", "textColor", "alignment"],
            "<div class=\"rich-text\" style=\"color:{{textColor}};text-align:{{alignment}}\">{{{richText}}}</div>",
            None,
        ),
        TemplateKind::Image => (
            vec!["imageUrl", "alt", "link", "imageFit"],
            "<a href=\"{{link.value}}\"><img src=\"{{imageUrl.src}}\" alt=\"{{alt}}\" style=\"object-fit:{{imageFit}}\"></a>",
            None,
        ),
        TemplateKind::Button => (
            vec!["text", "link", "style", "alignment"],
            "<a class=\"button button--{{style}}\" href=\"{{link.value}}\">{{text}}</a>",
            None,
        ),
        TemplateKind::Product => (
            vec!["productId", "showPrice", "showButton"],
            "{{#with _.data.site.product}}<article class=\"card\"><h3>{{name}}</h3>{{#if ../showPrice}}<p>{{prices.price.value}}</p>{{/if}}</article>{{/with}}",
            Some(
                "query Product($productId: Int!) { site { product(entityId: $productId) { name prices { price { value } } } } }",
            ),
        ),
        TemplateKind::ProductCarousel => (
            vec!["productIds", "title", "autoplay"],
            "<section class=\"carousel\"><h2>{{title}}</h2>{{#each _.data.site.products.edges}}<article>{{node.name}}</article>{{/each}}</section>",
            Some(
                "query Products($productIds: [Int!]) { site { products(entityIds: $productIds) { edges { node { name } } } } }",
            ),
        ),
        TemplateKind::Video => (
            vec!["videoId", "autoplay", "caption"],
            "<figure><iframe src=\"https://www.youtube.com/embed/{{videoId}}\"></iframe><figcaption>{{caption}}</figcaption></figure>",
            None,
        ),
        TemplateKind::Html => (
            vec!["html"],
            "<div class=\"custom-html\">{{{html}}}</div>",
            None,
        ),
    };
    let settings: Vec<serde_json::Value> = fields
        .iter()
        .map(|field| json!({"type": "input", "id": field, "label": field, "default": ""}))
        .collect();
    let schema = json!([{"type": "tab", "label": "Content",
                         "sections": [{"label": kind.name(), "settings": settings}]}]);
    let mut template = WidgetTemplate {
        uuid,
        name: kind.name().to_owned(),
        schema: Some(schema),
        template: html.to_owned(),
        storefront_api_query: Some(query.unwrap_or_default().to_owned()),
        kind: Some("custom".to_owned()),
        channel_id: Some(channel),
        current_version_uuid: Some(version_uuid),
        extra: pageport_model::Extra::new(),
    };
    template
        .extra
        .insert("icon_name".to_owned(), json!("default"));
    template
        .extra
        .insert("template_engine".to_owned(), json!("handlebars_v3"));
    template
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_kind_has_one_template_with_a_distinct_name_and_uuid() {
        let templates = generate(&mut SiteRng::new(1), ChannelId(1));
        assert_eq!(templates.len(), TemplateKind::ALL.len());
        let names: BTreeSet<&str> = templates.iter().map(|t| t.template.name.as_str()).collect();
        let uuids: BTreeSet<&str> = templates.iter().map(|t| t.template.uuid.as_str()).collect();
        assert_eq!(names.len(), templates.len());
        assert_eq!(uuids.len(), templates.len());
        assert!(templates.iter().all(|t| t.template.uuid.is_well_formed()));
    }
}
