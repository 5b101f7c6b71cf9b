//! Reading an answer's body within bounds and decoding it: a size cap enforced while streaming
//! (a store, or anything impersonating one, must not be able to exhaust memory), and the
//! nesting depth past which JSON is refused rather than decoded (so a hostile document can
//! never exhaust the stack).

use crate::error::{ClientError, ClientErrorKind};
use crate::transport::{Answer, Call};
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// The largest answer body the client reads by default: 64 MiB, far above any page of a list
/// endpoint (250 items) yet small enough to hold in memory.
pub const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// The deepest nesting of JSON arrays and objects the client decodes: serde_json's recursion
/// limit (its 128th nested level is an error). API objects nest a handful of levels.
pub const MAX_JSON_DEPTH: usize = 127;

/// The most memory reserved up front from a declared `Content-Length`: a declared length is a
/// promise, not a proof, so larger bodies grow as their bytes actually arrive.
const MAX_INITIAL_CAPACITY: usize = 1024 * 1024;

/// An answer's body, read whole or abandoned at the cap.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Body {
    /// Every byte of the body.
    Complete(Vec<u8>),
    /// The body is larger than the cap: `prefix` holds the bytes read before giving up (empty
    /// when `Content-Length` already announced too many).
    TooLarge {
        /// The first bytes of the body, at most the cap.
        prefix: Vec<u8>,
    },
}

/// Reads a body chunk by chunk, giving up as soon as it would pass `limit` bytes, or at once
/// when its `Content-Length` announces more.
pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Body, reqwest::Error> {
    let declared = response.content_length();
    if declared.is_some_and(|declared| declared > limit) {
        return Ok(Body::TooLarge { prefix: Vec::new() });
    }
    let initial = declared.map_or(0, |declared| {
        usize::try_from(declared).map_or(MAX_INITIAL_CAPACITY, |d| d.min(MAX_INITIAL_CAPACITY))
    });
    let mut collector = Collector::new(limit, initial);
    while let Some(chunk) = response.chunk().await? {
        if !collector.push(&chunk) {
            return Ok(collector.finish());
        }
    }
    Ok(collector.finish())
}

/// Accumulates chunks up to a limit.
#[derive(Debug)]
struct Collector {
    bytes: Vec<u8>,
    limit: u64,
    over: bool,
}

impl Collector {
    fn new(limit: u64, capacity: usize) -> Self {
        Self {
            bytes: Vec::with_capacity(capacity),
            limit,
            over: false,
        }
    }

    /// Adds a chunk; false (keeping only what fits) once the body passes the limit.
    fn push(&mut self, chunk: &[u8]) -> bool {
        let room = self
            .limit
            .saturating_sub(u64::try_from(self.bytes.len()).unwrap_or(u64::MAX));
        let fits = u64::try_from(chunk.len()).is_ok_and(|len| len <= room);
        if fits {
            self.bytes.extend_from_slice(chunk);
            return true;
        }
        let keep = usize::try_from(room).map_or(chunk.len(), |room| room.min(chunk.len()));
        self.bytes.extend_from_slice(&chunk[..keep]);
        self.over = true;
        false
    }

    fn finish(self) -> Body {
        if self.over {
            Body::TooLarge { prefix: self.bytes }
        } else {
            Body::Complete(self.bytes)
        }
    }
}

/// Decodes a success body. JSON nested past serde_json's recursion limit fails in the parser
/// (never on the stack) and is reported as such.
pub(crate) fn decode<T: DeserializeOwned>(call: &Call, answer: &Answer) -> Result<T, ClientError> {
    serde_json::from_slice(&answer.body).map_err(|source| {
        if nested_too_deeply(&answer.body) {
            call.error(ClientErrorKind::ResponseTooDeep {
                status: answer.status,
                limit: MAX_JSON_DEPTH,
            })
        } else {
            call.error(ClientErrorKind::Decode {
                status: answer.status,
                source: Arc::new(source),
            })
        }
    })
}

/// True when the JSON text nests arrays and objects deeper than [`MAX_JSON_DEPTH`]. Brackets
/// inside strings do not count; the text need not be valid JSON.
pub(crate) fn nested_too_deeply(text: &[u8]) -> bool {
    let mut depth: usize = 0;
    let mut in_string = false;
    let mut escaped = false;
    for &byte in text {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn the_depth_limit_is_serde_json_s() {
        let deepest_accepted = nested(MAX_JSON_DEPTH);
        assert!(!nested_too_deeply(deepest_accepted.as_bytes()));
        serde_json::from_str::<serde_json::Value>(&deepest_accepted).expect("serde accepts it");
        let refused = nested(MAX_JSON_DEPTH + 1);
        assert!(nested_too_deeply(refused.as_bytes()));
        let error = serde_json::from_str::<serde_json::Value>(&refused).expect_err("too deep");
        assert!(error.to_string().contains("recursion limit"), "{error}");
    }

    #[test]
    fn brackets_inside_strings_do_not_count() {
        let text = format!(
            r#"{{"title": "{}", "escaped": "\"{}"}}"#,
            "[".repeat(500),
            "{".repeat(500)
        );
        assert!(!nested_too_deeply(text.as_bytes()));
        let mixed = format!(r#"{{"a": "\\", "b": {}}}"#, nested(200));
        assert!(nested_too_deeply(mixed.as_bytes()));
    }

    #[test]
    fn the_collector_keeps_at_most_the_limit() {
        let mut collector = Collector::new(10, 0);
        assert!(collector.push(b"12345"));
        assert!(collector.push(b"67890"));
        assert_eq!(collector.finish(), Body::Complete(b"1234567890".to_vec()));

        let mut collector = Collector::new(10, 0);
        assert!(collector.push(b"12345678"));
        assert!(!collector.push(b"9ab"));
        assert_eq!(
            collector.finish(),
            Body::TooLarge {
                prefix: b"123456789a".to_vec()
            }
        );
    }
}
