//! The page-widget documents: global regions, the home page and one `pages/page` document per
//! content page, with the site's layouts and widgets spread over them (a few heavy pages, many
//! light ones), each within the per-page limits and the totals exact.

use crate::generate::widgets::WidgetFactory;
use crate::rng::SiteRng;
use pageport_model::{
    ChannelId, EntityId, Extra, Limits, PageId, PageWidgetsDocument, PageWidgetsKey, Region,
    RegionChild, Widget,
};

/// The layouts and widgets one document holds (widgets inside its layouts included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Share {
    /// Layouts.
    pub layouts: usize,
    /// Widgets.
    pub widgets: usize,
}

/// Splits `total` over slots with the given `caps`, roughly in proportion to `weights`, the
/// sum exact. The caller guarantees `total <= caps.iter().sum()`.
pub(crate) fn distribute(
    total: usize,
    caps: &[usize],
    weights: &[f64],
    rng: &mut SiteRng,
) -> Vec<usize> {
    let weight_sum: f64 = weights.iter().sum();
    let mut counts: Vec<usize> = weights
        .iter()
        .zip(caps)
        .map(|(w, cap)| {
            let ideal = if weight_sum > 0.0 {
                total as f64 * w / weight_sum
            } else {
                0.0
            };
            (ideal.floor() as usize).min(*cap)
        })
        .collect();
    let mut missing = total.saturating_sub(counts.iter().sum());
    let slots = counts.len();
    while missing > 0 && slots > 0 {
        // From a random slot, find the next one with room; add what fits, at most a few at once
        // so the remainder spreads.
        let start = rng.below(slots);
        let Some(slot) = (0..slots)
            .map(|offset| (start + offset) % slots)
            .find(|&i| counts[i] < caps[i])
        else {
            break;
        };
        let add = missing.min(caps[slot] - counts[slot]).min(3);
        counts[slot] += add;
        missing -= add;
    }
    counts
}

/// How much each document should hold relative to the others: exponentially distributed, the
/// home page four times heavier.
fn weights(rng: &mut SiteRng, documents: usize) -> Vec<f64> {
    (0..documents)
        .map(|index| {
            let draw = -(1.0 - rng.unit()).ln();
            let draw = draw.max(0.05);
            if index == 1 { draw * 4.0 } else { draw }
        })
        .collect()
}

/// Decides every document's share: layouts first, then the widgets beyond one per layout.
pub(crate) fn shares(
    rng: &mut SiteRng,
    documents: usize,
    layouts: usize,
    widgets: usize,
    limits: &Limits,
) -> Vec<Share> {
    let layout_caps = vec![limits.layouts_per_page.min(limits.widgets_per_page); documents];
    let layout_counts = distribute(layouts, &layout_caps, &weights(rng, documents), rng);
    let widget_caps: Vec<usize> = layout_counts
        .iter()
        .map(|l| limits.widgets_per_page - l)
        .collect();
    let extra = widgets.saturating_sub(layouts);
    let extra_counts = distribute(extra, &widget_caps, &weights(rng, documents), rng);
    layout_counts
        .into_iter()
        .zip(extra_counts)
        .map(|(layouts, extra)| Share {
            layouts,
            widgets: layouts + extra,
        })
        .collect()
}

/// The keys of the documents, in the order [`shares`] fills them: global regions, the home
/// page, then one `pages/page` per content page.
pub(crate) fn keys(channel: ChannelId, content_pages: &[PageId]) -> Vec<PageWidgetsKey> {
    let mut keys = vec![
        PageWidgetsKey::global(channel),
        PageWidgetsKey {
            channel_id: channel,
            template_file: Some("pages/home".into()),
            entity_id: None,
        },
    ];
    keys.extend(content_pages.iter().map(|id| PageWidgetsKey {
        channel_id: channel,
        template_file: Some("pages/page".into()),
        entity_id: Some(EntityId::from_page(*id)),
    }));
    keys
}

/// The theme regions a document of `key` fills.
fn region_names(key: &PageWidgetsKey) -> &'static [&'static str] {
    match key.template_file.as_ref().map(|f| f.as_str()) {
        None => &["header_bottom--global", "footer_top--global"],
        Some("pages/home") => &[
            "home_below_menu",
            "home_below_featured_products",
            "home_below_new_products",
            "home_below_top_products",
        ],
        Some(_) => &["page_builder_content"],
    }
}

/// Builds one document holding exactly `share`: every layout with at least one widget, some
/// widgets straight in the regions.
pub(crate) fn document(
    key: PageWidgetsKey,
    share: Share,
    factory: &mut WidgetFactory<'_>,
    rng: &mut SiteRng,
) -> PageWidgetsDocument {
    let beyond_one = share.widgets - share.layouts;
    let direct = if share.layouts == 0 {
        share.widgets
    } else {
        (beyond_one as f64 * rng.unit() * 0.4).round() as usize
    };
    let in_layouts = share.widgets - direct;
    let per_layout = distribute(
        in_layouts - share.layouts,
        &vec![usize::MAX; share.layouts],
        &vec![1.0; share.layouts],
        rng,
    );
    let mut children: Vec<RegionChild> = Vec::with_capacity(share.layouts + direct);
    for extra in per_layout {
        let widgets: Vec<Widget> = (0..=extra).map(|_| factory.widget(rng)).collect();
        children.push(RegionChild::Layout(factory.layout(rng, widgets)));
    }
    children.extend((0..direct).map(|_| RegionChild::Widget(factory.widget(rng))));
    rng.shuffle(&mut children);

    let names = region_names(&key);
    let used = names.len().min(children.len().max(1));
    let per_region = children.len().div_ceil(used).max(1);
    let mut regions: Vec<Region> = Vec::with_capacity(used);
    let mut rest = children.into_iter();
    for name in &names[..used] {
        regions.push(Region {
            name: (*name).to_owned(),
            children: rest.by_ref().take(per_region).collect(),
            extra: Extra::new(),
        });
    }
    PageWidgetsDocument { key, regions }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distribute_is_exact_and_respects_caps() {
        let mut rng = SiteRng::new(1);
        let caps = vec![150; 40];
        let weights: Vec<f64> = (0..40).map(|i| if i == 0 { 100.0 } else { 1.0 }).collect();
        let counts = distribute(5_000, &caps, &weights, &mut rng);
        assert_eq!(counts.iter().sum::<usize>(), 5_000);
        assert!(counts.iter().all(|c| *c <= 150));
        let full = distribute(6_000, &caps, &weights, &mut rng);
        assert!(full.iter().all(|c| *c == 150));
    }

    #[test]
    fn shares_add_up_within_the_page_limits() {
        let mut rng = SiteRng::new(2);
        let limits = Limits::default();
        let shares = shares(&mut rng, 100, 2_000, 9_000, &limits);
        assert_eq!(shares.iter().map(|s| s.layouts).sum::<usize>(), 2_000);
        assert_eq!(shares.iter().map(|s| s.widgets).sum::<usize>(), 9_000);
        for share in &shares {
            assert!(share.layouts <= 150 && share.widgets <= 150, "{share:?}");
            assert!(share.widgets >= share.layouts, "{share:?}");
        }
    }
}
