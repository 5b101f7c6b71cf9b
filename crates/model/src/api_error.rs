//! BigCommerce's error bodies. Each API family has its own shape; all share `status`, `title`
//! and `type`, so one lenient struct reads them all.

use crate::Extra;
use serde::{Deserialize, Serialize};

/// An error body of any API family, parsed leniently.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    /// The HTTP status the body describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// A human-readable summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A documentation URL or path.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
    /// Details (Pages family).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request instance (Widgets family).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Per-field or itemized errors: an object or a list, depending on the family.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<serde_json::Value>,
    /// Anything else the body held.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `type` BigCommerce puts in its error bodies.
pub const STATUS_CODES_DOC: &str =
    "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes";

impl ApiErrorBody {
    /// A body with status, title and the standard `type`.
    pub fn new(status: u16, title: impl Into<String>) -> Self {
        Self {
            status: Some(status),
            title: Some(title.into()),
            error_type: Some(STATUS_CODES_DOC.to_owned()),
            ..Self::default()
        }
    }

    /// One line saying what went wrong: the title, then the detail and the errors, if any.
    pub fn summary(&self) -> String {
        let mut out = self
            .title
            .clone()
            .unwrap_or_else(|| "no error title".into());
        let title = self.title.as_deref().unwrap_or_default();
        if let Some(detail) = self
            .detail
            .as_deref()
            .filter(|d| !d.is_empty() && *d != title)
        {
            out.push_str(": ");
            out.push_str(detail);
        }
        match &self.errors {
            Some(serde_json::Value::Object(map)) if !map.is_empty() => {
                let parts: Vec<String> = map
                    .iter()
                    .map(|(k, v)| match v {
                        serde_json::Value::String(s) => format!("{k}: {s}"),
                        other => format!("{k}: {other}"),
                    })
                    .collect();
                out.push_str(" (");
                out.push_str(&parts.join("; "));
                out.push(')');
            }
            Some(serde_json::Value::Array(items)) if !items.is_empty() => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_owned)
                            .unwrap_or_else(|| v.to_string())
                    })
                    .collect();
                out.push_str(" (");
                out.push_str(&parts.join("; "));
                out.push(')');
            }
            _ => {}
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_family_shape() {
        let pages: ApiErrorBody = serde_json::from_str(
            r#"{"status":422,"title":"Input is invalid","type":"x","detail":"missing the required field: body"}"#,
        )
        .expect("pages shape");
        assert_eq!(
            pages.summary(),
            "Input is invalid: missing the required field: body"
        );
        let itemized: ApiErrorBody = serde_json::from_str(
            r#"{"status":422,"title":"Invalid Input.","type":"x","errors":["bar"]}"#,
        )
        .expect("itemized shape");
        assert_eq!(itemized.summary(), "Invalid Input. (bar)");
        let channels: ApiErrorBody = serde_json::from_str(
            r#"{"status":422,"title":"JSON data is missing or invalid","type":"/x","errors":{"name":"error.expected.jsstring"}}"#,
        )
        .expect("channels shape");
        assert_eq!(
            channels.summary(),
            "JSON data is missing or invalid (name: error.expected.jsstring)"
        );
    }
}
