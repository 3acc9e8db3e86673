//! The portal's words: Fluent messages looked up in the page's language.

use crate::domain::locale;
use crate::i18n;

/// Languages offered by the switcher, each named in itself.
pub const LANGUAGES: [(&str, &str); 7] = [
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pt", "Português"),
    ("nl", "Nederlands"),
];

/// Looks messages up in one language; templates call `tr.t("key")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    pub lang: &'static str,
}

impl Tr {
    pub fn new(lang: &str) -> Tr {
        Tr {
            lang: locale::parse(lang).unwrap_or(locale::DEFAULT),
        }
    }

    pub fn t(&self, key: &str) -> String {
        i18n::t(self.lang, key)
    }

    /// A message with one argument (`{ $name }`).
    pub fn t1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        i18n::t_args(self.lang, key, &[(name, &value.to_string())])
    }

    /// A message with two arguments.
    pub fn t2(&self, key: &str, (n1, v1): (&str, &str), (n2, v2): (&str, &str)) -> String {
        i18n::t_args(self.lang, key, &[(n1, v1), (n2, v2)])
    }

    /// A message counting something: `{ $NAME }` is a number, so the message can choose
    /// its plural form (no "seat(s)").
    pub fn n(&self, key: &str, name: &str, count: i64) -> String {
        i18n::t_with(self.lang, key, &[(name, i18n::Arg::Number(count))])
    }

    /// A message with any mix of text and numbers.
    pub fn with(&self, key: &str, args: &[(&str, i18n::Arg<'_>)]) -> String {
        i18n::t_with(self.lang, key, args)
    }

    pub fn role(&self, role: crate::domain::Role) -> String {
        self.t(&format!("role-{}", role.as_str()))
    }

    pub fn status(&self, status: crate::domain::Status) -> String {
        self.t(&format!("portal-status-{}", status.as_str()))
    }
}
