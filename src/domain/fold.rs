//! The one case folding of Roster: every stored key (email, SCIM userName, name, search
//! text) and every value compared with one goes through here, so the two stores, the
//! lookups and the orders agree whatever the database's own `lower()` does (SQLite's
//! folds ASCII only). Full Unicode lowercase, nothing stripped: `É` and `é` meet, `e`
//! and `é` stay apart.

/// The folded form of a text.
pub fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// The name key: "last first", folded (the name order sorts on it).
pub fn name_key(first_name: &str, last_name: &str) -> String {
    fold(&format!("{last_name} {first_name}"))
}

/// The text a substring search looks in: the email and the name in both orders, folded,
/// one per line so that a search does not match across two of them.
pub fn search_text(email: &str, first_name: &str, last_name: &str) -> String {
    fold(&format!(
        "{email}\n{first_name} {last_name}\n{last_name} {first_name}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folds_beyond_ascii() {
        assert_eq!(fold("ÉLODIE.ÖST@uni.test"), "élodie.öst@uni.test");
        assert_eq!(fold("ÅNGSTRÖM"), "ångström");
        assert_eq!(name_key("Émile", "Ölaf"), "ölaf émile");
        assert_ne!(fold("Émile"), fold("Emile"));
    }

    #[test]
    fn search_text_holds_both_name_orders() {
        let t = search_text("A@B.test", "Jörg", "MÜLLER");
        assert!(t.contains("jörg müller") && t.contains("müller jörg"));
        assert!(t.starts_with("a@b.test\n"));
    }

    proptest! {
        /// Folding twice changes nothing more, so a folded key compared with a folded
        /// query always meets the row it was written from.
        #[test]
        fn fold_is_idempotent(s in "\\PC{0,24}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        /// Upper and lower case of the same text fold alike.
        #[test]
        fn case_does_not_matter(s in "[a-zA-ZàâäéèêëïîôöùûüçåøæœÀÂÄÉÈÊËÏÎÔÖÙÛÜÇÅØÆŒ@. ]{0,24}") {
            prop_assert_eq!(fold(&s.to_uppercase()), fold(&s));
        }
    }
}
