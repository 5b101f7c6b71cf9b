//! The plan text with token values masked, kept so the CLI can draw a snippet around an error
//! without ever showing a token that was written into the file literally.
//!
//! Masking replaces each byte of a value with `*`, so byte offsets and line/column positions
//! reported by the parser stay valid for the masked text. Values that are a lone `${VAR}`
//! reference are left visible: they name a variable, not a secret.

use crate::plan_file::env::is_single_reference;
use std::fmt;
use std::sync::Arc;

/// The plan text, `access_token` values masked; safe to show in a diagnostic.
#[derive(Clone, PartialEq, Eq)]
pub struct RedactedSource(Arc<str>);

impl RedactedSource {
    /// Masks every `access_token` value of `text`, and the credentials, query and fragment of
    /// URLs (where a token may be written, as `?token=…` or `#…`).
    pub fn new(text: &str) -> Self {
        Self(Arc::from(mask_url_credentials(&mask_access_tokens(text))))
    }

    /// The masked text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RedactedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RedactedSource({} bytes)", self.0.len())
    }
}

const KEY: &str = "access_token";

/// Masks the `user:password`, the query and the fragment of every `scheme://…` URL in `text`,
/// byte for byte.
fn mask_url_credentials(text: &str) -> String {
    let mut out = text.to_owned();
    let mut search_from = 0;
    while let Some(pos) = text[search_from..].find("://") {
        let start = search_from + pos + 3;
        let url_end = text[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '}' | ']'))
            .map_or(text.len(), |n| start + n);
        let authority_end = text[start..url_end]
            .find(['/', '?', '#'])
            .map_or(url_end, |n| start + n);
        if let Some(at) = text[start..authority_end].rfind('@') {
            out = mask_range(&out, start, start + at);
        }
        if let Some(query) = text[authority_end..url_end].find(['?', '#']) {
            // Keep the `?`/`#` itself visible, so the reader sees that something was there.
            out = mask_range(&out, authority_end + query + 1, url_end);
        }
        search_from = url_end.max(start);
    }
    out
}

/// Returns `text` with every `access_token` value replaced by as many `*` as it has bytes.
fn mask_access_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Indentation of the key line while the value may go on over more-indented lines: a
    // block scalar (`|`, `>`), or a plain or quoted scalar continued on the next lines
    // (`access_token:` with the token on the line below, or a token folded over two lines).
    let mut block_indent: Option<usize> = None;
    // Set after an explicit key line (`? access_token`): its value follows on a `:` line.
    let mut explicit_value_at: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let body = line.trim();
        if let Some(key_indent) = explicit_value_at {
            if let Some(value) = body.strip_prefix(':') {
                explicit_value_at = None;
                let start = line.len() - line.trim_start().len() + 1;
                let value_start = start + (value.len() - value.trim_start().len());
                out.push_str(&mask_range(line, value_start, line.trim_end().len()));
                block_indent = Some(key_indent);
                continue;
            }
            if !body.is_empty() && !body.starts_with('#') {
                explicit_value_at = None;
            }
        }
        if is_explicit_token_key(body) {
            explicit_value_at = Some(indent);
            out.push_str(line);
            continue;
        }
        if let Some(key_indent) = block_indent {
            if line.trim().is_empty() || indent > key_indent {
                out.push_str(&mask_range(line, indent, line.trim_end().len()));
                continue;
            }
            block_indent = None;
        }
        let mut masked = line.to_owned();
        for (value_start, value_end, may_continue) in token_values(line) {
            masked = mask_range(&masked, value_start, value_end);
            if may_continue {
                block_indent = Some(indent);
            }
        }
        out.push_str(&masked);
    }
    out
}

/// True for the line of an explicit mapping key naming the token (`? access_token`, quoted or
/// not), whose value is written on the following `:` line.
fn is_explicit_token_key(body: &str) -> bool {
    body.strip_prefix('?')
        .map(|key| key.trim().trim_matches(['"', '\'']))
        .is_some_and(|key| key == KEY)
}

/// The byte ranges of `access_token` values on one line, and whether the value may go on
/// over the following, more-indented lines (a block scalar, or any value outside a flow
/// mapping: YAML continues a plain or quoted scalar on more-indented lines).
fn token_values(line: &str) -> Vec<(usize, usize, bool)> {
    let mut found = Vec::new();
    let mut search_from = 0;
    while let Some(pos) = line[search_from..].find(KEY) {
        let key_start = search_from + pos;
        search_from = key_start + KEY.len();
        let before = line[..key_start].chars().next_back();
        if !before.is_none_or(|c| matches!(c, ' ' | '\t' | '{' | ',' | '"' | '\'')) {
            continue;
        }
        let after_key = line[search_from..].trim_start_matches(['"', '\'']);
        let Some(after_colon) = after_key.trim_start_matches([' ', '\t']).strip_prefix(':') else {
            continue;
        };
        let value = after_colon.trim_start_matches([' ', '\t']);
        let start = line.len() - value.len();
        let in_flow =
            line[..key_start].matches('{').count() > line[..key_start].matches('}').count();
        if value.starts_with(['|', '>']) {
            found.push((start, start, true));
            continue;
        }
        let end = start + value_length(value, in_flow);
        if !is_single_reference(line[start..end].trim_matches(['"', '\''])) {
            found.push((start, end, !in_flow));
        }
    }
    found
}

/// The length in bytes of the scalar at the start of `value`.
fn value_length(value: &str, in_flow: bool) -> usize {
    let bytes = value.as_bytes();
    match bytes.first() {
        Some(&quote @ (b'"' | b'\'')) => {
            let mut i = 1;
            while i < bytes.len() {
                if quote == b'"' && bytes[i] == b'\\' {
                    i += 2;
                    continue;
                }
                if bytes[i] == quote {
                    return i + 1;
                }
                i += 1;
            }
            value.trim_end().len()
        }
        _ => {
            let mut end = value.trim_end().len();
            if let Some(comment) = value.find(" #") {
                end = end.min(comment);
            }
            if in_flow && let Some(stop) = value.find([',', '}', ']']) {
                end = end.min(stop);
            }
            value[..end].trim_end().len()
        }
    }
}

/// `text` with the bytes in `start..end` replaced by `*` (one per byte, so offsets hold).
fn mask_range(text: &str, start: usize, end: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if i >= start && i < end && !c.is_whitespace() {
            out.extend(std::iter::repeat_n('*', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_urls_are_masked_in_place() {
        let text = "api_base: https://admin:hunter2@api.example.com/x\n";
        let masked = RedactedSource::new(text);
        assert_eq!(
            masked.as_str(),
            "api_base: https://*************@api.example.com/x\n"
        );
        assert_eq!(masked.as_str().len(), text.len());
    }

    #[test]
    fn block_and_flow_values_are_masked_with_offsets_kept() {
        let text = "stores:\n  a:\n    access_token: hunter2 # old\n  b: { access_token: \"s,cret\", store_hash: x }\n";
        let masked = RedactedSource::new(text);
        assert!(!masked.as_str().contains("hunter2"));
        assert!(!masked.as_str().contains("s,cret"));
        assert!(masked.as_str().contains("access_token: ******* # old"));
        assert!(masked.as_str().contains("store_hash: x }"));
        assert_eq!(masked.as_str().len(), text.len());
        assert_eq!(masked.as_str().lines().count(), text.lines().count());
    }

    #[test]
    fn variable_references_stay_visible() {
        let text = "    access_token: ${BC_TOKEN}\n";
        assert_eq!(RedactedSource::new(text).as_str(), text);
    }

    #[test]
    fn block_scalar_tokens_are_masked() {
        let text = "a:\n  access_token: |\n    topsecret\n  store_hash: x\n";
        let masked = RedactedSource::new(text);
        assert!(!masked.as_str().contains("topsecret"));
        assert!(masked.as_str().contains("store_hash: x"));
    }

    #[test]
    fn tokens_continued_on_the_next_lines_are_masked() {
        for text in [
            "a:\n  access_token:\n    topsecret\n  bogus: 1\n",
            "a:\n  access_token: top\n    secret\n  bogus: 1\n",
            "a:\n  access_token: \"top\n    secret\"\n  bogus: 1\n",
            "a:\n  access_token: # the token\n    topsecret\n  bogus: 1\n",
        ] {
            let masked = RedactedSource::new(text);
            for part in ["topsecret", "top", "secret"] {
                assert!(!masked.as_str().contains(part), "{text:?} gave {masked:?}");
            }
            assert!(
                masked.as_str().contains("  bogus: 1\n"),
                "{}",
                masked.as_str()
            );
            assert_eq!(masked.as_str().len(), text.len());
        }
        // A sibling key right after a token is not part of it.
        let text = "a:\n  access_token: s3cret\n  store_hash: x\n";
        assert_eq!(
            RedactedSource::new(text).as_str(),
            "a:\n  access_token: ******\n  store_hash: x\n"
        );
    }

    #[test]
    fn a_token_under_an_explicit_key_is_masked() {
        for text in [
            "a:\n  ? access_token\n  : topsecret\n  store_hash: x\n",
            "a:\n  ? \"access_token\"\n\n  :   topsecret\n    more\n  store_hash: x\n",
        ] {
            let masked = RedactedSource::new(text);
            assert!(
                !masked.as_str().contains("topsecret"),
                "{}",
                masked.as_str()
            );
            assert!(!masked.as_str().contains("more"), "{}", masked.as_str());
            assert!(masked.as_str().contains("store_hash: x"));
            assert_eq!(masked.as_str().len(), text.len());
        }
    }

    #[test]
    fn url_queries_and_fragments_are_masked() {
        let text = "api_base: https://api.example.com/v3?token=s3cret#frag\nother: https://x.example/#k3y, y\n";
        let masked = RedactedSource::new(text);
        assert_eq!(
            masked.as_str(),
            "api_base: https://api.example.com/v3?*****************\nother: https://x.example/#***, y\n"
        );
    }

    #[test]
    fn debug_shows_only_the_size() {
        let masked = RedactedSource::new("access_token: abc\n");
        assert_eq!(format!("{masked:?}"), "RedactedSource(18 bytes)");
    }
}
