//! Checks of the free-text fields of a user (the rules themselves are in `domain`).

use super::ServiceError;

/// An email address: one `@`, a dotted domain, no spaces nor control characters
/// (which also makes header injection impossible), at most 254 characters.
pub fn email(input: &str) -> Result<String, ServiceError> {
    let e = input.trim();
    let bad = |why: &str| {
        Err(ServiceError::invalid(
            "email",
            format!("invalid email '{}': {why}", e.escape_debug()),
        ))
    };
    if e.is_empty() {
        return bad("empty");
    }
    if e.len() > 254 {
        return bad("longer than 254 characters");
    }
    if e.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '<' | '>' | ',' | ';' | '"' | '(' | ')' | '[' | ']' | '\\'
            )
    }) {
        return bad("contains a space or a character not allowed in an address");
    }
    let Some((local, domain)) = e.split_once('@') else {
        return bad("no '@'");
    };
    if local.is_empty() || domain.contains('@') {
        return bad("expected exactly one '@' after a name");
    }
    let labels_ok = domain
        .split('.')
        .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    if !domain.contains('.') || !labels_ok {
        return bad("the domain must look like example.com");
    }
    Ok(e.to_string())
}

/// A person's name part: trimmed, at most 100 characters, no control characters.
pub fn name(field: &'static str, input: &str) -> Result<String, ServiceError> {
    let n = input.trim();
    if n.chars().count() > 100 {
        return Err(ServiceError::invalid(field, "longer than 100 characters"));
    }
    if n.chars().any(char::is_control) {
        return Err(ServiceError::invalid(
            field,
            "contains a control character (such as a line break)",
        ));
    }
    Ok(n.to_string())
}

pub fn external_id(input: &str) -> Result<String, ServiceError> {
    let v = input.trim();
    if v.is_empty() || v.len() > 256 || v.chars().any(char::is_control) {
        return Err(ServiceError::invalid(
            "external_id",
            "must be 1 to 256 characters without control characters",
        ));
    }
    Ok(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        assert_eq!(
            email(" Ada.Lovelace+x@example.co.uk ").unwrap(),
            "Ada.Lovelace+x@example.co.uk"
        );
    }

    #[test]
    fn refuses_malformed_and_injected_addresses() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.com",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "a@b.com\r\nBcc: x@y.com",
            "a@-b.com",
        ] {
            assert!(email(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn names_refuse_line_breaks() {
        assert!(name("first_name", "Ada\r\nBcc: x@y.com").is_err());
        assert_eq!(name("first_name", "  Ada ").unwrap(), "Ada");
        assert!(name("last_name", &"x".repeat(101)).is_err());
    }
}
