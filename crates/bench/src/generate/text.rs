//! Plausible shop copy: titles, sentences and HTML paragraphs from a fixed word list, and URL
//! slugs.

use crate::rng::SiteRng;

/// Words shop pages are made of.
const WORDS: &[&str] = &[
    "linen",
    "cotton",
    "ceramic",
    "garden",
    "kitchen",
    "bath",
    "towel",
    "apron",
    "planter",
    "terrarium",
    "candle",
    "basket",
    "blanket",
    "mug",
    "bowl",
    "vase",
    "lamp",
    "shelf",
    "rug",
    "cushion",
    "handmade",
    "durable",
    "organic",
    "natural",
    "seasonal",
    "classic",
    "modern",
    "simple",
    "warm",
    "bright",
    "soft",
    "sturdy",
    "care",
    "guide",
    "story",
    "workshop",
    "maker",
    "studio",
    "collection",
    "edition",
    "gift",
    "sale",
    "offer",
    "delivery",
    "returns",
    "order",
    "size",
    "colour",
    "material",
    "washing",
    "storage",
    "recipe",
    "season",
    "spring",
    "summer",
    "autumn",
    "winter",
    "holiday",
    "weekend",
    "morning",
    "evening",
    "table",
    "window",
    "door",
    "wall",
    "floor",
    "light",
    "water",
    "wood",
    "stone",
    "clay",
    "glass",
    "wool",
    "thread",
    "craft",
    "design",
    "colourful",
    "quiet",
    "everyday",
    "favourite",
    "small",
    "large",
    "family",
    "friends",
    "home",
    "living",
    "dining",
    "outdoor",
    "indoor",
    "plant",
    "herb",
    "flower",
    "seed",
    "soil",
    "harvest",
    "market",
    "local",
];

/// `count` random words.
fn words(rng: &mut SiteRng, count: usize) -> Vec<&'static str> {
    (0..count).map(|_| *rng.pick(WORDS)).collect()
}

/// A capitalised word.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A title of two to four capitalised words.
pub(crate) fn title(rng: &mut SiteRng) -> String {
    let count = rng.between(2, 4);
    words(rng, count)
        .iter()
        .map(|w| capitalised(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A sentence of `min..=max` words, capitalised, ending with a full stop.
pub(crate) fn sentence(rng: &mut SiteRng, min: usize, max: usize) -> String {
    let count = rng.between(min, max);
    let text = words(rng, count).join(" ");
    format!("{}.", capitalised(&text))
}

/// `count` HTML paragraphs of a few sentences each.
pub(crate) fn paragraphs(rng: &mut SiteRng, count: usize) -> String {
    (0..count)
        .map(|_| {
            let sentences = rng.between(2, 5);
            let body: Vec<String> = (0..sentences).map(|_| sentence(rng, 6, 16)).collect();
            format!("<p>{}</p>", body.join(" "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The URL slug of a name: lowercase ASCII letters and digits joined by `-`.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_and_dashed() {
        assert_eq!(slug("Linen Care Guide 12"), "linen-care-guide-12");
        assert_eq!(slug("  Shipping & Returns! "), "shipping-returns");
    }

    #[test]
    fn titles_and_sentences_have_the_asked_shape() {
        let mut rng = SiteRng::new(2);
        for _ in 0..50 {
            let title = title(&mut rng);
            let count = title.split(' ').count();
            assert!((2..=4).contains(&count), "{title}");
            assert!(
                title.chars().next().is_some_and(char::is_uppercase),
                "{title}"
            );
            let sentence = sentence(&mut rng, 3, 3);
            assert_eq!(sentence.split(' ').count(), 3, "{sentence}");
            assert!(sentence.ends_with('.'));
        }
        let html = paragraphs(&mut rng, 3);
        assert_eq!(html.matches("<p>").count(), 3);
    }
}
