//! The current time in each API family's timestamp format (CONTRACT §1): widgets use
//! millisecond UTC, channels whole seconds with `Z`, the catalog an explicit `+00:00` offset.

use jiff::Timestamp;

/// Widgets family: `2020-12-21T19:36:16.896Z`.
pub(crate) fn widgets_now() -> String {
    Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// Channels family: `2021-05-07T14:54:51Z`.
pub(crate) fn channels_now() -> String {
    Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Catalog family: `2015-07-03T18:16:02+00:00`.
pub(crate) fn catalog_now() -> String {
    Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_match_each_family() {
        let widgets = widgets_now();
        assert_eq!(widgets.len(), "2020-12-21T19:36:16.896Z".len(), "{widgets}");
        assert!(widgets.ends_with('Z') && widgets.as_bytes()[19] == b'.');
        let channels = channels_now();
        assert_eq!(channels.len(), "2021-05-07T14:54:51Z".len(), "{channels}");
        let catalog = catalog_now();
        assert!(catalog.ends_with("+00:00"), "{catalog}");
        assert_eq!(catalog.len(), "2015-07-03T18:16:02+00:00".len());
    }
}
