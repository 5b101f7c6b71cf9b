//! `limit` / `page` query handling and BigCommerce's pagination meta (CONTRACT §2).

use pageport_model::Pagination;
use serde_json::json;

/// The default page size when `limit` is absent.
pub(crate) const DEFAULT_LIMIT: u64 = 50;

/// A validated page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageRequest {
    /// Items per page, clamped to the configured maximum (ASSUMPTION, CONTRACT §11 #2).
    pub(crate) limit: u64,
    /// The 1-based page number.
    pub(crate) page: u64,
}

impl PageRequest {
    /// Reads `limit` and `page` from raw query values; `Err` names the offending parameter.
    pub(crate) fn parse(
        limit: Option<&str>,
        page: Option<&str>,
        max_limit: u64,
    ) -> Result<Self, String> {
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(raw) => raw.parse::<u64>().ok().filter(|l| *l >= 1).ok_or_else(|| {
                format!("Query parameter \"limit\" value must be a positive integer, got `{raw}`")
            })?,
        };
        let page = match page {
            None => 1,
            Some(raw) => raw.parse::<u64>().ok().filter(|p| *p >= 1).ok_or_else(|| {
                format!("Query parameter \"page\" value must be a positive integer, got `{raw}`")
            })?,
        };
        Ok(Self {
            limit: limit.min(max_limit),
            page,
        })
    }

    /// Cuts one page out of `items` and builds its pagination meta with relative links,
    /// omitting the links that do not apply (the emulator choice of CONTRACT §2).
    pub(crate) fn slice<T: Clone>(&self, items: &[T]) -> (Vec<T>, Pagination) {
        let total = items.len() as u64;
        let total_pages = total.div_ceil(self.limit);
        let start = ((self.page - 1) * self.limit).min(total) as usize;
        let end = (start as u64 + self.limit).min(total) as usize;
        let page_items = items[start..end].to_vec();
        let mut links = serde_json::Map::new();
        if self.page > 1 {
            links.insert(
                "previous".into(),
                json!(format!("?page={}&limit={}", self.page - 1, self.limit)),
            );
        }
        links.insert(
            "current".into(),
            json!(format!("?page={}&limit={}", self.page, self.limit)),
        );
        if self.page < total_pages {
            links.insert(
                "next".into(),
                json!(format!("?page={}&limit={}", self.page + 1, self.limit)),
            );
        }
        let pagination = Pagination {
            total,
            count: page_items.len() as u64,
            per_page: self.limit,
            current_page: self.page,
            total_pages,
            links: Some(serde_json::Value::Object(links)),
        };
        (page_items, pagination)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_pages_and_omits_missing_links() {
        let items: Vec<u32> = (1..=5).collect();
        let request = PageRequest::parse(Some("2"), Some("3"), 250).unwrap();
        let (page, meta) = request.slice(&items);
        assert_eq!(page, vec![5]);
        assert_eq!(
            (meta.total, meta.count, meta.total_pages, meta.current_page),
            (5, 1, 3, 3)
        );
        let links = meta.links.unwrap();
        assert_eq!(links["previous"], "?page=2&limit=2");
        assert!(links.get("next").is_none());
    }

    #[test]
    fn clamps_limit_and_rejects_garbage() {
        assert_eq!(
            PageRequest::parse(Some("1000"), None, 250).unwrap().limit,
            250
        );
        assert!(PageRequest::parse(Some("abc"), None, 250).is_err());
        assert!(PageRequest::parse(None, Some("0"), 250).is_err());
    }
}
