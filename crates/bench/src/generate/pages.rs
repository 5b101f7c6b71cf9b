//! The web pages: every creatable type in a tree `depth` levels deep, with unique names, urls
//! and contact emails, bodies of realistic size, and a few images left on the source CDN.

use crate::generate::text::{paragraphs, sentence, slug, title};
use crate::rng::SiteRng;
use crate::spec::SiteSpec;
use pageport_model::{ChannelId, Page, PageId, PageType};

/// Share of `page` bodies that embed an image from the source store's CDN (a leak warning).
const CDN_IMAGE_SHARE: f64 = 0.03;

/// The generated pages, ordered by id, and the ids of the `page` pages (which get documents).
pub(crate) struct GeneratedPages {
    /// Every page, ordered by id.
    pub pages: Vec<Page>,
    /// The `page` pages' ids, in order.
    pub content_ids: Vec<PageId>,
}

/// A page's place in the tree while the tree is built.
struct Placed {
    id: PageId,
    level: usize,
    url: Option<String>,
    is_content: bool,
    children: i64,
}

/// Builds the pages of `spec` for a store whose CDN path holds `store_hash`.
pub(crate) fn generate(spec: &SiteSpec, channel: ChannelId, store_hash: &str) -> GeneratedPages {
    let mut rng = SiteRng::derive(spec.seed, "pages");
    let types = page_types(spec, &mut rng);
    let mut placed: Vec<Placed> = Vec::with_capacity(types.len());
    // Parents by level (index 0 = level 1): `page` pages that may still take children.
    let mut parents_at: Vec<Vec<usize>> = vec![Vec::new(); spec.depth];
    let level_weights = level_weights(spec.depth);
    let mut pages = Vec::with_capacity(types.len());
    let mut next_id = 1_u64;
    for (index, page_type) in types.into_iter().enumerate() {
        let id = PageId(next_id);
        // Gaps, as pages deleted over the years leave.
        next_id += 1 + if rng.chance(0.1) {
            rng.between(1, 5) as u64
        } else {
            0
        };
        let parent = if index < spec.depth {
            index.checked_sub(1)
        } else {
            let level = rng.weighted(&level_weights) + 1;
            (level > 1)
                .then(|| rng.pick(&parents_at[level - 2]))
                .copied()
        };
        let level = parent.map_or(1, |p| placed[p].level + 1);
        let sort_order = match parent {
            Some(p) => {
                placed[p].children += 1;
                placed[p].children
            }
            None => index as i64,
        };
        let name = format!("{} {}", title(&mut rng), index + 1);
        let url = (page_type != PageType::Link).then(|| {
            let base = parent
                .and_then(|p| placed[p].url.clone())
                .unwrap_or_else(|| "/".to_owned());
            format!("{base}{}/", slug(&name))
        });
        let is_content = page_type == PageType::Page;
        let mut page = base(
            id,
            parent.map(|p| placed[p].id),
            sort_order,
            name,
            page_type,
        );
        page.url = url.clone();
        fill_type_fields(&mut page, index, store_hash, &mut rng);
        page.channel_id = Some(channel);
        placed.push(Placed {
            id,
            level,
            url,
            is_content,
            children: 0,
        });
        if is_content && level < spec.depth {
            parents_at[level - 1].push(index);
        }
        pages.push(page);
    }
    let content_ids = placed
        .iter()
        .filter(|p| p.is_content)
        .map(|p| p.id)
        .collect();
    GeneratedPages { pages, content_ids }
}

/// The type of every page in creation order: the first `depth` are the `page` pages of the
/// spine (a chain from the top level to the deepest level), the rest shuffled.
fn page_types(spec: &SiteSpec, rng: &mut SiteRng) -> Vec<PageType> {
    let counts = spec.type_counts();
    let mut rest = Vec::with_capacity(spec.pages);
    let groups = [
        (PageType::Page, counts.page.saturating_sub(spec.depth)),
        (PageType::Raw, counts.raw),
        (PageType::ContactForm, counts.contact_form),
        (PageType::Link, counts.link),
        (PageType::Feed, counts.feed),
    ];
    for (page_type, count) in groups {
        rest.extend(std::iter::repeat_n(page_type, count));
    }
    rng.shuffle(&mut rest);
    let mut types = vec![PageType::Page; spec.depth.min(counts.page)];
    types.extend(rest);
    types
}

/// How likely a new page lands on each level: most pages sit one or two levels down.
fn level_weights(depth: usize) -> Vec<u32> {
    match depth {
        1 => vec![1],
        2 => vec![30, 70],
        _ => {
            let deep = (45 / (depth as u32 - 2)).max(1);
            let mut weights = vec![15, 40];
            weights.extend(std::iter::repeat_n(deep, depth - 2));
            weights
        }
    }
}

/// The fields every type has, with the store's usual values.
fn base(
    id: PageId,
    parent: Option<PageId>,
    sort_order: i64,
    name: String,
    page_type: PageType,
) -> Page {
    let mut page = Page::new(name, page_type);
    page.id = Some(id);
    page.parent_id = Some(parent.unwrap_or(PageId(0)));
    page.sort_order = Some(sort_order);
    page.is_visible = Some(true);
    page.is_homepage = Some(false);
    page.is_customers_only = Some(false);
    page
}

/// The fields of the page's type: bodies, content types, emails, links, feeds.
fn fill_type_fields(page: &mut Page, index: usize, store_hash: &str, rng: &mut SiteRng) {
    if rng.chance(0.05) {
        page.is_visible = Some(false);
    }
    if rng.chance(0.03) {
        page.is_customers_only = Some(true);
    }
    match page.page_type {
        PageType::Page => {
            with_meta(page, rng);
            let count = rng.between(2, 6);
            let mut body = format!("<h1>{}</h1>\n{}", page.name, paragraphs(rng, count));
            if rng.chance(CDN_IMAGE_SHARE) {
                body.push_str(&format!(
                    "\n<img src=\"https://cdn11.bigcommerce.com/s-{store_hash}/images/stencil/original/image-manager/page-{index}.jpg\" alt=\"{}\">",
                    page.name
                ));
            }
            page.body = Some(Some(body));
        }
        PageType::Raw => {
            page.search_keywords = Some(Some(String::new()));
            page.content_type = Some("text/html".to_owned());
            let rows: String = (0..rng.between(3, 12))
                .map(|row| {
                    format!(
                        "<tr><td>{row}</td><td>{} cm</td><td>{} cm</td></tr>\n",
                        rng.between(20, 200),
                        rng.between(20, 200)
                    )
                })
                .collect();
            page.body = Some(Some(format!(
                "<table class=\"size-guide\">\n<tr><th>Size</th><th>Width</th><th>Length</th></tr>\n{rows}</table>"
            )));
        }
        PageType::ContactForm => {
            with_meta(page, rng);
            page.body = Some(Some(format!("<p>{}</p>", sentence(rng, 8, 20))));
            page.email = Some(format!("contact-{}@bench-store.example", index + 1));
            page.contact_fields = Some("fullname,phone,orderno".to_owned());
        }
        PageType::Link => {
            page.link = Some(format!("https://partners.example.com/{}", slug(&page.name)));
        }
        PageType::Feed => {
            page.feed = Some(format!("https://blog.example.com/{}/rss", slug(&page.name)));
        }
        PageType::Blog | PageType::Other(_) => {}
    }
}

/// Meta fields as merchants fill them: a title, a description, no keywords.
fn with_meta(page: &mut Page, rng: &mut SiteRng) {
    page.meta_title = Some(Some(format!("{} | Bench Store", page.name)));
    page.meta_keywords = Some(None);
    page.meta_description = Some(Some(sentence(rng, 8, 18)));
    page.search_keywords = Some(Some(String::new()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn spec(pages: usize, depth: usize) -> SiteSpec {
        SiteSpec {
            pages,
            widgets: 0,
            layouts: 0,
            depth,
            seed: 9,
        }
    }

    fn levels(pages: &[Page]) -> BTreeMap<PageId, usize> {
        let mut out = BTreeMap::new();
        for page in pages {
            let level = page.parent().map_or(1, |p| out[&p] + 1);
            out.insert(page.id.unwrap_or(PageId(0)), level);
        }
        out
    }

    #[test]
    fn the_tree_reaches_exactly_the_depth() {
        for depth in 1..=6 {
            let generated = generate(&spec(300, depth), ChannelId(1), "abc");
            let deepest = levels(&generated.pages).into_values().max();
            assert_eq!(deepest, Some(depth));
        }
    }

    #[test]
    fn parents_are_earlier_content_pages() {
        let generated = generate(&spec(500, 4), ChannelId(1), "abc");
        let content: BTreeSet<PageId> = generated.content_ids.iter().copied().collect();
        let mut seen = BTreeSet::new();
        for page in &generated.pages {
            if let Some(parent) = page.parent() {
                assert!(seen.contains(&parent), "parent {parent} comes later");
                assert!(content.contains(&parent), "parent {parent} is not a `page`");
            }
            seen.insert(page.id.unwrap_or(PageId(0)));
        }
    }

    #[test]
    fn names_urls_and_emails_are_unique_and_types_required_fields_present() {
        let generated = generate(&spec(1_000, 4), ChannelId(1), "abc");
        let names: BTreeSet<String> = generated
            .pages
            .iter()
            .map(|p| p.name.to_lowercase())
            .collect();
        assert_eq!(names.len(), 1_000);
        let urls: Vec<&str> = generated
            .pages
            .iter()
            .filter_map(|p| p.url.as_deref())
            .collect();
        assert_eq!(urls.iter().collect::<BTreeSet<_>>().len(), urls.len());
        for page in &generated.pages {
            match page.page_type {
                PageType::Raw | PageType::Page => assert!(page.body_text().is_some()),
                PageType::Link => assert!(page.link.is_some() && page.url.is_none()),
                PageType::Feed => assert!(page.feed.is_some()),
                PageType::ContactForm => assert!(page.email.is_some()),
                _ => panic!("uncreatable type {}", page.page_type),
            }
        }
        let ids: Vec<PageId> = generated.pages.iter().filter_map(|p| p.id).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids ascend");
    }
}
