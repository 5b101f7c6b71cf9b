//! Widgets and layouts with the configuration Page Builder writes: text, images (a few still
//! on the source CDN), buttons, and product ids in both JSON forms (`"77"` in `configuration`,
//! `77` in `storefront_api_query_params`, lists as arrays or comma-separated text).

use crate::generate::templates::{GeneratedTemplate, TemplateKind};
use crate::generate::text::{paragraphs, sentence, slug, title};
use crate::rng::SiteRng;
use pageport_model::{Dropzone, Extra, JsonObject, Layout, LayoutTemplateUuid, Product, Widget};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Share of images still served from the source store's CDN (each a leak warning).
const CDN_IMAGE_SHARE: f64 = 0.05;

/// BigCommerce's layout templates for one to four columns (kept unchanged by a migration).
const LAYOUT_TEMPLATES: [&str; 4] = [
    "7d42d0b1-1152-4ce3-a6c1-3709f786f295",
    "2f1e3c4d-5a6b-4c7d-8e9f-0a1b2c3d4e51",
    "3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c62",
    "4b3c2d1e-0f9a-4b8c-9d7e-6f5a4b3c2d73",
];

/// Makes widgets and layouts, remembering which products they reference.
pub(crate) struct WidgetFactory<'a> {
    templates: &'a [GeneratedTemplate],
    weights: Vec<u32>,
    products: &'a [Product],
    store_hash: &'a str,
    referenced: BTreeSet<usize>,
    images: usize,
}

impl<'a> WidgetFactory<'a> {
    /// A factory for widgets of `templates` pointing at `products` (not empty).
    pub(crate) fn new(
        templates: &'a [GeneratedTemplate],
        products: &'a [Product],
        store_hash: &'a str,
    ) -> Self {
        Self {
            weights: templates.iter().map(|t| t.kind.weight()).collect(),
            templates,
            products,
            store_hash,
            referenced: BTreeSet::new(),
            images: 0,
        }
    }

    /// The catalog products the widgets made so far reference, in catalog order.
    pub(crate) fn referenced_products(&self) -> Vec<Product> {
        self.referenced
            .iter()
            .map(|&i| self.products[i].clone())
            .collect()
    }

    /// One widget of a template chosen by the kinds' weights.
    pub(crate) fn widget(&mut self, rng: &mut SiteRng) -> Widget {
        let template = &self.templates[rng.weighted(&self.weights)];
        let (configuration, params) = self.configuration(template.kind, rng);
        Widget {
            widget_template_uuid: template.template.uuid.clone(),
            name: Some(template.kind.name().trim_start_matches("Bench ").to_owned()),
            description: None,
            configuration: Some(configuration),
            storefront_api_query_params: params,
            extra: Extra::new(),
        }
    }

    /// A layout holding `widgets` in one to four columns.
    pub(crate) fn layout(&mut self, rng: &mut SiteRng, widgets: Vec<Widget>) -> Layout {
        let columns = rng.between(1, 4).min(widgets.len().max(1));
        let mut dropzones: Vec<Dropzone> = (0..columns)
            .map(|_| Dropzone {
                configuration: None,
                widgets: Vec::new(),
                extra: Extra::new(),
            })
            .collect();
        for (index, widget) in widgets.into_iter().enumerate() {
            dropzones[index % columns].widgets.push(widget);
        }
        let configuration = object(json!({
            "_.id": rng.uuid(),
            "fullWidth": rng.chance(0.3),
            "gutter": rng.pick(&["small", "medium", "large"]),
        }));
        Layout {
            layout_template_uuid: Some(LayoutTemplateUuid::new(LAYOUT_TEMPLATES[columns - 1])),
            name: Some(format!(
                "{columns} column{}",
                if columns == 1 { "" } else { "s" }
            )),
            configuration: Some(configuration),
            dropzones,
            extra: Extra::new(),
        }
    }

    /// The `configuration` and `storefront_api_query_params` of a widget of `kind`.
    fn configuration(
        &mut self,
        kind: TemplateKind,
        rng: &mut SiteRng,
    ) -> (JsonObject, Option<JsonObject>) {
        let id = rng.uuid();
        let (configuration, params) = match kind {
            TemplateKind::HeroBanner => (
                json!({"_.id": id, "heading": title(rng), "text": sentence(rng, 6, 14),
                       "buttonText": "Shop now", "buttonLink": link(rng),
                       "imageUrl": self.image(rng), "backgroundColor": "#f4f1ea"}),
                None,
            ),
            TemplateKind::Text => {
                let count = rng.between(1, 3);
                (
                    json!({"_.id": id, "richText": paragraphs(rng, count),
                           "textColor": "#333333", "alignment": rng.pick(&["left", "center"])}),
                    None,
                )
            }
            TemplateKind::Image => (
                json!({"_.id": id, "imageUrl": self.image(rng), "alt": sentence(rng, 3, 8),
                       "link": link(rng), "imageFit": "fill"}),
                None,
            ),
            TemplateKind::Button => (
                json!({"_.id": id, "text": title(rng), "link": link(rng),
                       "style": rng.pick(&["primary", "secondary"]), "alignment": "center"}),
                None,
            ),
            TemplateKind::Product => {
                let product = self.product(rng);
                (
                    json!({"_.id": id, "productId": product.to_string(), "showPrice": true,
                           "showButton": rng.chance(0.7)}),
                    Some(json!({"productId": product})),
                )
            }
            TemplateKind::ProductCarousel => {
                let count = rng.between(3, 8);
                let ids: Vec<u64> = (0..count).map(|_| self.product(rng)).collect();
                let as_text: Vec<String> = ids.iter().map(u64::to_string).collect();
                let in_configuration = if rng.chance(0.5) {
                    json!(as_text)
                } else {
                    json!(as_text.join(","))
                };
                (
                    json!({"_.id": id, "productIds": in_configuration, "title": title(rng),
                           "autoplay": false}),
                    Some(json!({"productIds": ids})),
                )
            }
            TemplateKind::Video => {
                let video: String = (0..11)
                    .map(|_| *rng.pick(&['a', 'b', 'c', 'D', 'E', 'F', '1', '2', '3', '_', '-']))
                    .collect();
                (
                    json!({"_.id": id, "videoId": video, "autoplay": false,
                           "caption": sentence(rng, 4, 10)}),
                    None,
                )
            }
            TemplateKind::Html => (json!({"_.id": id, "html": paragraphs(rng, 1)}), None),
        };
        (object(configuration), params.map(object))
    }

    /// A catalog product's id, remembered as referenced.
    fn product(&mut self, rng: &mut SiteRng) -> u64 {
        let index = rng.below(self.products.len());
        self.referenced.insert(index);
        self.products[index].id.get()
    }

    /// An image setting; a few still point at the source store's CDN.
    fn image(&mut self, rng: &mut SiteRng) -> Value {
        self.images += 1;
        let name = format!("{}-{}.jpg", slug(&title(rng)), self.images);
        let src = if rng.chance(CDN_IMAGE_SHARE) {
            format!(
                "https://cdn11.bigcommerce.com/s-{}/images/stencil/original/image-manager/{name}",
                self.store_hash
            )
        } else {
            format!("https://images.bench-store.example/{name}")
        };
        json!({"src": src, "type": "IMAGE_MANAGER"})
    }
}

/// A link setting to a storefront path.
fn link(rng: &mut SiteRng) -> Value {
    json!({"type": "url", "value": format!("/{}/", slug(&title(rng)))})
}

/// The object inside a `json!` object literal.
fn object(value: Value) -> JsonObject {
    match value {
        Value::Object(map) => map,
        _ => JsonObject::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{catalog, templates};
    use pageport_model::ChannelId;

    #[test]
    fn product_widgets_carry_ids_in_both_forms_and_are_remembered() {
        let mut rng = SiteRng::new(6);
        let templates = templates::generate(&mut rng, ChannelId(1));
        let products = catalog::generate(&mut rng, 30);
        let mut factory = WidgetFactory::new(&templates, &products, "abc123");
        let widgets: Vec<Widget> = (0..400).map(|_| factory.widget(&mut rng)).collect();
        let card = templates
            .iter()
            .find(|t| t.kind == TemplateKind::Product)
            .map(|t| t.template.uuid.clone());
        let cards: Vec<&Widget> = widgets
            .iter()
            .filter(|w| Some(&w.widget_template_uuid) == card.as_ref())
            .collect();
        assert!(!cards.is_empty());
        for widget in cards {
            let text = &widget.configuration.as_ref().unwrap()["productId"];
            let number = &widget.storefront_api_query_params.as_ref().unwrap()["productId"];
            assert_eq!(text.as_str().map(str::to_owned), Some(number.to_string()));
        }
        let referenced = factory.referenced_products();
        assert!(!referenced.is_empty() && referenced.len() <= products.len());
    }

    #[test]
    fn a_layout_keeps_every_widget_in_at_most_four_columns() {
        let mut rng = SiteRng::new(8);
        let templates = templates::generate(&mut rng, ChannelId(1));
        let products = catalog::generate(&mut rng, 20);
        let mut factory = WidgetFactory::new(&templates, &products, "abc123");
        for count in [1, 2, 7] {
            let widgets = (0..count).map(|_| factory.widget(&mut rng)).collect();
            let layout = factory.layout(&mut rng, widgets);
            let held: usize = layout.dropzones.iter().map(|d| d.widgets.len()).sum();
            assert_eq!(held, count);
            assert!((1..=4).contains(&layout.dropzones.len()));
            assert!(layout.dropzones.iter().all(|d| !d.widgets.is_empty()));
        }
    }
}
