use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::DomainError;

/// One product of the suite, as the catalog describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub key: String,
    pub name: String,
    /// The first time ever this product is enabled for a user, a getting-started email is sent.
    #[serde(default)]
    pub getting_started_email: bool,
}

/// The product catalog, in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    products: Vec<Product>,
}

#[derive(Deserialize)]
struct CatalogFile {
    product: Vec<Product>,
}

const DEFAULT_SUITE: &[(&str, &str, bool)] = &[
    ("connect", "GoTo Connect", false),
    ("meeting", "GoTo Meeting", true),
    ("webinar", "GoTo Webinar", true),
    ("room", "GoTo Room", false),
    ("training", "GoTo Training", true),
    ("openvoice", "OpenVoice", true),
    ("grasshopper", "Grasshopper", false),
    ("joinme", "join.me", false),
    ("resolve", "Resolve", false),
    ("resolve-mdm", "Resolve MDM", false),
    ("pro", "Pro", false),
    ("central", "Central", false),
    ("rescue", "Rescue", false),
    ("gotomypc", "GoToMyPC", false),
    ("gotoassist", "GoToAssist", false),
    ("hamachi", "Hamachi", false),
    ("remotelyanywhere", "RemotelyAnywhere", false),
];

impl Default for Catalog {
    fn default() -> Self {
        Self::default_suite()
    }
}

impl Catalog {
    /// The suite of DESIGN §1.
    pub fn default_suite() -> Catalog {
        let products = DEFAULT_SUITE
            .iter()
            .map(|(key, name, gs)| Product {
                key: key.to_string(),
                name: name.to_string(),
                getting_started_email: *gs,
            })
            .collect();
        Catalog { products }
    }

    pub fn new(products: Vec<Product>) -> Result<Catalog, String> {
        if products.is_empty() {
            return Err("the product catalog is empty".into());
        }
        let mut seen = BTreeSet::new();
        for p in &products {
            let valid = !p.key.is_empty()
                && p.key.len() <= 64
                && p.key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
            if !valid {
                return Err(format!(
                    "invalid product key '{}' (lowercase letters, digits, '-' and '_')",
                    p.key
                ));
            }
            if p.name.trim().is_empty() {
                return Err(format!("product '{}' has no name", p.key));
            }
            if !seen.insert(p.key.clone()) {
                return Err(format!("product '{}' appears twice", p.key));
            }
        }
        Ok(Catalog { products })
    }

    /// Parses a TOML catalog: `[[product]] key = "..." name = "..." getting_started_email = true`.
    pub fn from_toml(text: &str) -> Result<Catalog, String> {
        let file: CatalogFile = toml::from_str(text).map_err(|e| e.message().to_string())?;
        Catalog::new(file.product)
    }

    pub fn products(&self) -> &[Product] {
        &self.products
    }

    pub fn get(&self, key: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.key == key)
    }

    pub fn name_of<'a>(&'a self, key: &'a str) -> &'a str {
        self.get(key).map(|p| p.name.as_str()).unwrap_or(key)
    }

    /// Validates product keys given by a caller: every key must be in the catalog.
    pub fn parse_keys<S: AsRef<str>>(&self, keys: &[S]) -> Result<BTreeSet<String>, DomainError> {
        keys.iter()
            .map(|k| {
                let k = k.as_ref().trim();
                self.get(k)
                    .map(|p| p.key.clone())
                    .ok_or_else(|| DomainError::UnknownProduct(k.to_string()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_suite_has_seventeen_products_and_four_getting_started() {
        let c = Catalog::default_suite();
        assert_eq!(c.products().len(), 17);
        let gs: Vec<&str> = c
            .products()
            .iter()
            .filter(|p| p.getting_started_email)
            .map(|p| p.key.as_str())
            .collect();
        assert_eq!(gs, ["meeting", "webinar", "training", "openvoice"]);
        assert_eq!(c.name_of("resolve-mdm"), "Resolve MDM");
    }

    #[test]
    fn unknown_keys_are_named_in_the_error() {
        let c = Catalog::default_suite();
        assert_eq!(
            c.parse_keys(&["meeting", "metting"]),
            Err(DomainError::UnknownProduct("metting".into()))
        );
        assert_eq!(c.parse_keys(&["meeting", "meeting"]).unwrap().len(), 1);
    }

    #[test]
    fn loads_a_catalog_from_toml() {
        let c = Catalog::from_toml(
            "[[product]]\nkey = \"alpha\"\nname = \"Alpha\"\ngetting_started_email = true\n\
             [[product]]\nkey = \"beta\"\nname = \"Beta\"\n",
        )
        .unwrap();
        assert_eq!(c.products().len(), 2);
        assert!(c.get("alpha").unwrap().getting_started_email);
        assert!(!c.get("beta").unwrap().getting_started_email);
    }

    #[test]
    fn rejects_duplicate_and_malformed_keys() {
        assert!(Catalog::from_toml(
            "[[product]]\nkey=\"a\"\nname=\"A\"\n[[product]]\nkey=\"a\"\nname=\"B\"\n"
        )
        .unwrap_err()
        .contains("twice"));
        assert!(Catalog::from_toml("[[product]]\nkey=\"A B\"\nname=\"A\"\n")
            .unwrap_err()
            .contains("invalid product key"));
        assert!(Catalog::from_toml("nonsense").is_err());
    }
}
