//! The rules a channel must follow ([CH]): types, statuses, the platform/type pairs of the
//! spec's table, which statuses each type may be given, and which names are allowed.

use pageport_model::Channel;

/// The channel types ([CH] `ChannelType`).
pub(super) const TYPES: &[&str] = &["storefront", "marketplace", "marketing", "pos"];

/// Every status a channel may have ([CH] `ChannelStatus`).
pub(super) const STATUSES: &[&str] = &[
    "prelaunch",
    "active",
    "inactive",
    "connected",
    "disconnected",
    "archived",
    "deleted",
    "terminated",
];

/// The platforms of [CH]'s table and the types each accepts.
const PLATFORM_TYPES: &[(&str, &[&str])] = &[
    ("clover", &["pos"]),
    ("square", &["pos"]),
    ("stripe", &["pos"]),
    ("talech", &["pos"]),
    ("vend", &["pos"]),
    ("amazon", &["marketplace"]),
    ("belk", &["marketplace"]),
    ("catch", &["marketplace"]),
    ("ebay", &["marketplace"]),
    ("etsy", &["marketplace"]),
    ("facebook", &["marketplace", "marketing"]),
    ("hudsons_bay", &["marketplace"]),
    ("google", &["marketplace", "marketing"]),
    ("google_shopping", &["marketing"]),
    ("instagram", &["marketplace", "marketing"]),
    ("macys", &["marketplace"]),
    ("meta", &["marketplace", "marketing"]),
    ("microsoft", &["marketing"]),
    ("mirakl", &["marketplace"]),
    ("overstock", &["marketplace"]),
    ("pinterest", &["marketplace"]),
    ("target_plus", &["marketplace"]),
    ("tiktok", &["marketplace"]),
    ("wayfair", &["marketplace"]),
    ("wish", &["marketplace"]),
    ("walmart", &["marketplace"]),
    ("acquia", &["storefront"]),
    ("bigcommerce", &["storefront"]),
    ("bloomreach", &["storefront"]),
    ("catalyst", &["storefront"]),
    ("deity", &["storefront"]),
    ("drupal", &["storefront"]),
    ("gatsby", &["storefront"]),
    ("next", &["storefront"]),
    ("vue", &["storefront"]),
    ("wordpress", &["storefront"]),
    ("custom", &["storefront", "pos", "marketing", "marketplace"]),
];

/// ASSUMPTION (CONTRACT §8): `available` means neither deleted nor terminated.
pub(super) fn is_available(channel: &Channel) -> bool {
    !matches!(channel.status.as_deref(), Some("deleted" | "terminated"))
}

/// ASSUMPTION (CONTRACT §8): [CH]'s text allows Latin letters, digits, dashes and underscores;
/// its own examples (`"Facebook by Meta"`, `"Sample Store"`, sent in a PUT example) hold spaces,
/// so spaces are allowed too. Anything else (accents, punctuation) is refused, as is a blank name.
pub(super) fn valid_name(name: &str) -> bool {
    !name.trim().is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' '))
}

/// ASSUMPTION (CONTRACT §8): a platform in [CH]'s table must be paired with one of its types; a
/// platform outside the table (the spec calls the list open) is accepted with any type.
pub(super) fn valid_pair(kind: &str, platform: &str) -> bool {
    PLATFORM_TYPES
        .iter()
        .find(|(name, _)| *name == platform)
        .is_none_or(|(_, types)| types.contains(&kind))
}

/// [CH]'s writable statuses per type.
pub(super) fn writable_status(kind: &str, status: &str) -> bool {
    let writable: &[&str] = if kind == "storefront" {
        &["prelaunch", "active", "inactive", "archived", "deleted"]
    } else {
        &["connected", "disconnected", "archived", "deleted"]
    };
    writable.contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_allow_latin_letters_digits_dash_underscore_space() {
        assert!(valid_name("Facebook by Meta"));
        assert!(valid_name("eu-store_2"));
        assert!(!valid_name("Café"));
        assert!(!valid_name("Shop!"));
        assert!(!valid_name("   "));
    }

    #[test]
    fn platform_and_type_must_pair() {
        assert!(valid_pair("storefront", "bigcommerce"));
        assert!(!valid_pair("marketplace", "bigcommerce"));
        assert!(valid_pair("marketing", "google"));
        assert!(valid_pair("pos", "custom"));
        assert!(valid_pair("pos", "some-new-platform"));
    }

    #[test]
    fn statuses_depend_on_the_type() {
        assert!(writable_status("storefront", "prelaunch"));
        assert!(!writable_status("storefront", "connected"));
        assert!(writable_status("marketplace", "connected"));
        assert!(!writable_status("pos", "terminated"));
    }
}
