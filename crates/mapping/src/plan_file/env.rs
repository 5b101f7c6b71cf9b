//! `${VAR}` expansion in plan values, done on parsed strings (never on YAML text), with the
//! environment passed in so that tests do not touch the process environment.

use thiserror::Error;

/// Looks a variable up; the process environment is [`process_env`].
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Reads a variable from the process environment; the lookup the CLI passes to the loader.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Why a value could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExpandError {
    /// `${NAME}` names a variable the environment does not hold.
    #[error("environment variable `{0}` is not set")]
    Missing(String),
    /// `${` without its closing `}`.
    #[error("`${{` is not closed by `}}`")]
    Unterminated,
    /// `${…}` holds something that is not a variable name.
    #[error(
        "`${{{0}}}` is not a valid variable name (letters, digits and `_`, not starting with a digit)"
    )]
    InvalidName(String),
}

/// Replaces every `${NAME}` in `value` by the variable's value; `$${` stands for a literal `${`.
///
/// The substituted text is never scanned again, so a value containing `${` stays as it is.
pub fn expand(value: &str, env: EnvLookup<'_>) -> Result<String, ExpandError> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(start) = rest.find('$') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        if let Some(tail) = after.strip_prefix("$${") {
            out.push_str("${");
            rest = tail;
        } else if let Some(tail) = after.strip_prefix("${") {
            let end = tail.find('}').ok_or(ExpandError::Unterminated)?;
            let name = &tail[..end];
            if !is_variable_name(name) {
                return Err(ExpandError::InvalidName(name.to_owned()));
            }
            let found = env(name).ok_or_else(|| ExpandError::Missing(name.to_owned()))?;
            out.push_str(&found);
            rest = &tail[end + 1..];
        } else {
            out.push('$');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// True when `value` is exactly one `${NAME}` reference (such a value is no secret).
pub(crate) fn is_single_reference(value: &str) -> bool {
    value
        .strip_prefix("${")
        .and_then(|v| v.strip_suffix('}'))
        .is_some_and(is_variable_name)
}

fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "TOKEN" => Some("abc".to_owned()),
            "TRICKY" => Some("${TOKEN}".to_owned()),
            _ => None,
        }
    }

    #[test]
    fn expands_variables_anywhere_in_the_value() {
        assert_eq!(expand("${TOKEN}", &env), Ok("abc".to_owned()));
        assert_eq!(expand("x-${TOKEN}-y", &env), Ok("x-abc-y".to_owned()));
        assert_eq!(expand("plain", &env), Ok("plain".to_owned()));
        assert_eq!(expand("cost $5", &env), Ok("cost $5".to_owned()));
    }

    #[test]
    fn substituted_text_is_not_expanded_again() {
        assert_eq!(expand("${TRICKY}", &env), Ok("${TOKEN}".to_owned()));
    }

    #[test]
    fn double_dollar_escapes_a_reference() {
        assert_eq!(expand("$${TOKEN}", &env), Ok("${TOKEN}".to_owned()));
    }

    #[test]
    fn missing_unterminated_and_invalid_references_are_errors() {
        assert_eq!(
            expand("${NOPE}", &env),
            Err(ExpandError::Missing("NOPE".to_owned()))
        );
        assert_eq!(expand("${TOKEN", &env), Err(ExpandError::Unterminated));
        assert_eq!(
            expand("${1X}", &env),
            Err(ExpandError::InvalidName("1X".to_owned()))
        );
    }

    #[test]
    fn recognises_a_lone_reference() {
        assert!(is_single_reference("${BC_TOKEN}"));
        assert!(!is_single_reference("${BC_TOKEN}x"));
        assert!(!is_single_reference("literal"));
    }
}
