//! Message catalogs (Fluent), one folder per language under `locales/`, shared by the
//! emails and the portal.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{static_loader, LanguageIdentifier, Loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Emails and pages are plain text in one direction: no Unicode isolation marks.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn lang(locale: &str) -> LanguageIdentifier {
    locale
        .parse()
        .unwrap_or_else(|_| "en".parse().expect("en is a language"))
}

/// The message `key` in `locale`, with no arguments.
pub fn t(locale: &str, key: &str) -> String {
    LOCALES.lookup(&lang(locale), key)
}

/// The message `key` in `locale`, with named arguments.
pub fn t_args(locale: &str, key: &str, args: &[(&str, &str)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(k, v)| (Cow::Owned(k.to_string()), FluentValue::from(v.to_string())))
        .collect();
    LOCALES.lookup_with_args(&lang(locale), key, &map)
}

/// An argument of a message: text, or a number that chooses a plural form
/// (`{ $count -> [one] ... *[other] ... }`) by the language's own plural rules.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    Number(i64),
}

/// The message `key` in `locale`, with text and numeric arguments.
pub fn t_with(locale: &str, key: &str, args: &[(&str, Arg<'_>)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Arg::Text(t) => FluentValue::from(t.to_string()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            (Cow::Owned(k.to_string()), value)
        })
        .collect();
    LOCALES.lookup_with_args(&lang(locale), key, &map)
}

/// Whether `key` exists in `locale` itself (not through the fallback).
pub fn has(locale: &str, key: &str) -> bool {
    // A message that needs arguments reports their absence as a Fluent error, yet exists;
    // the crate does not export its error type, so tell the cases apart by their message.
    match LOCALES.lookup_single_language::<&str>(&lang(locale), key, None) {
        Ok(_) => true,
        Err(e) => e.to_string().starts_with("Fluent errors"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;
    use crate::domain::locale::SUPPORTED;

    fn keys_of(path: &Path) -> BTreeSet<String> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_string()))
            .collect()
    }

    #[test]
    fn every_language_has_every_key_of_english() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        for file in std::fs::read_dir(root.join("en")).unwrap() {
            let file = file.unwrap().file_name();
            let english = keys_of(&root.join("en").join(&file));
            for l in SUPPORTED {
                let theirs = keys_of(&root.join(l).join(&file));
                let missing: Vec<_> = english.difference(&theirs).collect();
                assert!(missing.is_empty(), "{l}/{file:?} misses {missing:?}");
                for k in &english {
                    assert!(has(l, k), "{l} does not load {k}");
                }
            }
        }
    }

    #[test]
    fn messages_are_translated_and_take_arguments() {
        assert_eq!(t("fr", "role-changed-subject"), "Votre rôle a changé");
        assert_eq!(
            t_args(
                "de",
                "getting-started-subject",
                &[("product", "GoTo Meeting")]
            ),
            "Erste Schritte mit GoTo Meeting"
        );
        // An unknown language falls back to English.
        assert_eq!(t("xx", "role-changed-subject"), "Your role has changed");
    }
}
