//! How long a user's texts and lists may be, for every channel: bounds keep one request
//! from filling the database or the memory, and a refused value is named, never cut.

/// An email address (RFC 5321 allows 64 + 1 + 255 octets).
pub const EMAIL_CHARS: usize = 320;
/// A first, last or display name, a SCIM userName that is not an address, an external id.
pub const NAME_CHARS: usize = 256;
/// Any other text: a language tag, a role, a product key, an extension value.
pub const TEXT_CHARS: usize = 1024;
/// A password, in bytes (the hash reads it all; a megabyte would cost as much to hash).
pub const PASSWORD_BYTES: usize = 1024;
/// Values of a multi-valued attribute (emails, phone numbers, products, ...).
pub const LIST_ITEMS: usize = 50;
/// A whole SCIM User document or API user body, in bytes.
pub const DOCUMENT_BYTES: usize = 64 * 1024;

/// Refuses a text longer than `max` characters, naming the field.
pub fn check_chars(field: &str, value: &str, max: usize) -> Result<(), String> {
    let n = value.chars().count();
    if n > max {
        return Err(format!(
            "{field} is {n} characters long; at most {max} are accepted"
        ));
    }
    Ok(())
}

/// Refuses a password longer than [`PASSWORD_BYTES`].
pub fn check_password(value: &str) -> Result<(), String> {
    if value.len() > PASSWORD_BYTES {
        return Err(format!(
            "password is {} bytes long; at most {PASSWORD_BYTES} are accepted",
            value.len()
        ));
    }
    Ok(())
}

/// Refuses a list of more than [`LIST_ITEMS`] values, naming the field.
pub fn check_items(field: &str, n: usize) -> Result<(), String> {
    if n > LIST_ITEMS {
        return Err(format!(
            "{field} has {n} values; at most {LIST_ITEMS} are accepted"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_name_the_field_and_count_characters_not_bytes() {
        assert!(check_chars("first_name", &"é".repeat(NAME_CHARS), NAME_CHARS).is_ok());
        let e = check_chars("first_name", &"x".repeat(NAME_CHARS + 1), NAME_CHARS).unwrap_err();
        assert!(e.starts_with("first_name is 257 characters"), "{e}");
        assert!(check_password(&"x".repeat(PASSWORD_BYTES)).is_ok());
        assert!(check_password(&"é".repeat(PASSWORD_BYTES / 2 + 1)).is_err());
        assert!(check_items("emails", LIST_ITEMS).is_ok());
        assert!(check_items("emails", LIST_ITEMS + 1).is_err());
    }
}
