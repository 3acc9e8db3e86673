//! The languages users are written to in.

use super::DomainError;

pub const SUPPORTED: [&str; 7] = ["en", "fr", "de", "es", "it", "pt", "nl"];
pub const DEFAULT: &str = "en";

/// Accepts `fr`, `fr-FR`, `fr_CA`, `FR`; answers the supported primary language.
pub fn parse(input: &str) -> Result<&'static str, DomainError> {
    let primary = input
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    SUPPORTED
        .iter()
        .find(|l| **l == primary)
        .copied()
        .ok_or_else(|| DomainError::UnknownLocale(input.to_string()))
}

/// The best supported language of an `Accept-Language` header, if any.
pub fn negotiate(accept_language: &str) -> Option<&'static str> {
    let mut best: Option<(&'static str, f32)> = None;
    for part in accept_language.split(',') {
        let mut bits = part.trim().split(';');
        let tag = bits.next().unwrap_or("");
        let q = bits
            .find_map(|b| {
                b.trim()
                    .strip_prefix("q=")
                    .and_then(|v| v.parse::<f32>().ok())
            })
            .unwrap_or(1.0);
        if let Ok(lang) = parse(tag) {
            if q > 0.0 && best.is_none_or(|(_, bq)| q > bq) {
                best = Some((lang, q));
            }
        }
    }
    best.map(|(l, _)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_variants_map_to_the_language() {
        assert_eq!(parse("fr-FR").unwrap(), "fr");
        assert_eq!(parse("pt_BR").unwrap(), "pt");
        assert_eq!(parse("NL").unwrap(), "nl");
        assert_eq!(parse("sv"), Err(DomainError::UnknownLocale("sv".into())));
        assert!(parse("").is_err());
    }

    #[test]
    fn negotiates_accept_language_by_quality() {
        assert_eq!(negotiate("sv,de;q=0.8,fr;q=0.9"), Some("fr"));
        assert_eq!(negotiate("es-ES"), Some("es"));
        assert_eq!(negotiate("sv, ja"), None);
        assert_eq!(negotiate("fr;q=0"), None);
    }
}
