//! Posted forms: repeated fields (one `products` per ticked box) need more than serde.

/// The fields of an `application/x-www-form-urlencoded` body, in order.
#[derive(Debug, Clone, Default)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    pub fn parse(body: &[u8]) -> FormData {
        FormData(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A ticked checkbox is present; an unticked one is absent.
    pub fn ticked(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The version a change from this form must find: the one it was rendered from. A form
    /// without a valid one asks for version 0, which no user has, so it is refused as
    /// stale instead of being applied over whatever is stored.
    pub fn expected_version(&self) -> Option<i64> {
        Some(self.version().unwrap_or(0))
    }

    /// The user version the form was rendered from, if it carries a valid one.
    pub fn version(&self) -> Option<i64> {
        self.get("version").and_then(|v| v.trim().parse().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fields_and_checkboxes() {
        let f =
            FormData::parse(b"products=meeting&products=rescue&do_not_notify=on&version=3&x=a%20b");
        assert_eq!(f.all("products"), vec!["meeting", "rescue"]);
        assert!(f.ticked("do_not_notify"));
        assert!(!f.ticked("absent"));
        assert_eq!(f.version(), Some(3));
        assert_eq!(f.get("x"), Some("a b"));
    }
}
