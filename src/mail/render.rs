//! Turns a planned email into a subject, a text body and an HTML body in the user's language.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use askama::Template;

use crate::domain::{Catalog, EmailKind, PlannedEmail, Role};
use crate::i18n::{t, t_args};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Who the email is for.
pub struct Recipient<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub locale: &'a str,
    pub account: &'a str,
    /// The portal's public address (`--public-url`), for links: an email is read
    /// far from the server, so a link must be absolute.
    pub portal_url: &'a str,
    /// The one-time link to set a password, for an invitation or a password reset; the
    /// change that queues the email issues it, and renders `pending_password_link` here
    /// so that the stored body holds a placeholder, not the secret.
    pub password_link: Option<&'a str>,
}

/// Stands for a one-time link's secret in a stored body: the secret itself travels beside
/// the body (`OutboxMessage::secret`) and is put in place only when the email is sent, so
/// that no body at rest opens an account. Letters and underscores: HTML leaves it as is.
pub const LINK_SECRET: &str = "__roster_link_secret__";

/// The link to render into a body that waits in the outbox: `{public_url}/password/` and
/// the placeholder.
pub fn pending_password_link(public_url: &str) -> String {
    format!(
        "{}/password/{LINK_SECRET}",
        public_url.trim_end_matches('/')
    )
}

/// A stored body as sent: the secret in place of its placeholder. Fails (for good) when
/// the body needs a secret that is gone: the link expired before the email could go.
pub fn with_secret(body: &str, secret: Option<&str>) -> Result<String, String> {
    if !body.contains(LINK_SECRET) {
        return Ok(body.to_string());
    }
    match secret {
        Some(s) => Ok(body.replace(LINK_SECRET, s)),
        None => Err("the one-time link of this email expired before it could be sent".into()),
    }
}

/// A call to action shown as a button in HTML and as the bare address in text.
struct Link {
    label: String,
    url: String,
}

#[derive(Template)]
#[template(path = "email/message.html")]
struct HtmlEmail<'a> {
    lang: &'a str,
    subject: &'a str,
    greeting: &'a str,
    paragraphs: &'a [String],
    items: &'a [String],
    link: Option<&'a Link>,
    footer: &'a str,
}

fn role_name(locale: &str, role: Option<Role>) -> String {
    role.map(|r| t(locale, &format!("role-{}", r.as_str())))
        .unwrap_or_default()
}

fn product_list(catalog: &Catalog, keys: &[String]) -> String {
    keys.iter()
        .map(|k| catalog.name_of(k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where the call to action of a reset leads: the one-time link, else (never issued, a
/// bug) the sign-in page rather than nowhere.
fn password_or_login(to: &Recipient<'_>) -> String {
    match to.password_link {
        Some(link) => link.to_string(),
        None => format!("{}/login", to.portal_url.trim_end_matches('/')),
    }
}

/// Stands for the recipient's name in a remembered render: the name is the one part of
/// an email that differs between the users of a bulk change.
const NAME_MARK: &str = "__roster_recipient_name__";

/// Emails rendered lately, by all they depend on but the recipient's name (which stands
/// as `NAME_MARK`): a bulk change sends the same email to thousands of users, and
/// rendering it (Fluent, the HTML template) cost more than writing it.
static RECENT: LazyLock<Mutex<HashMap<String, Rendered>>> = LazyLock::new(Mutex::default);

/// Distinct renders remembered; past that the memory starts over.
const RECENT_MAX: usize = 256;

#[derive(Template)]
#[template(source = "{{ text }}", ext = "html")]
struct Escaped<'a> {
    text: &'a str,
}

/// The email for `to`, as `render_for` makes it, from a render remembered for another
/// recipient when there is one.
pub fn render(
    email: &PlannedEmail,
    to: &Recipient<'_>,
    catalog: &Catalog,
    now_products: &[String],
) -> Rendered {
    let name = format!("{} {}", to.first_name, to.last_name)
        .trim()
        .to_string();
    if to.account.contains(NAME_MARK) || to.portal_url.contains(NAME_MARK) {
        return render_for(&name, email, to, catalog, now_products);
    }
    let key = format!(
        "{email:?}\n{}\n{}\n{}\n{:?}\n{now_products:?}",
        to.locale, to.account, to.portal_url, to.password_link
    );
    let remembered = RECENT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .cloned();
    let marked = remembered.unwrap_or_else(|| {
        let marked = render_for(NAME_MARK, email, to, catalog, now_products);
        let mut recent = RECENT.lock().unwrap_or_else(|e| e.into_inner());
        if recent.len() >= RECENT_MAX {
            recent.clear();
        }
        recent.insert(key, marked.clone());
        marked
    });
    // The HTML escapes the name exactly as the template escapes it.
    let escaped = Escaped { text: &name }.render().unwrap_or_default();
    Rendered {
        subject: marked.subject.replace(NAME_MARK, &name),
        text: marked.text.replace(NAME_MARK, &name),
        html: marked.html.replace(NAME_MARK, &escaped),
    }
}

/// The email rendered for a recipient called `name`.
fn render_for(
    name: &str,
    email: &PlannedEmail,
    to: &Recipient<'_>,
    catalog: &Catalog,
    now_products: &[String],
) -> Rendered {
    let l = to.locale;
    let greeting = t_args(l, "email-greeting", &[("name", name)]);
    let footer = t_args(l, "email-footer", &[("account", to.account)]);
    let mut paragraphs = Vec::new();
    let mut items = Vec::new();
    let mut link = None;
    let subject = match email.kind {
        EmailKind::ProductsChanged => {
            paragraphs.push(t(l, "products-changed-intro"));
            if !email.added.is_empty() {
                items.push(t_args(
                    l,
                    "products-changed-added",
                    &[("list", &product_list(catalog, &email.added))],
                ));
            }
            if !email.removed.is_empty() {
                items.push(t_args(
                    l,
                    "products-changed-removed",
                    &[("list", &product_list(catalog, &email.removed))],
                ));
            }
            if now_products.is_empty() {
                paragraphs.push(t(l, "products-changed-none"));
            } else {
                paragraphs.push(t_args(
                    l,
                    "products-changed-now",
                    &[("list", &product_list(catalog, now_products))],
                ));
            }
            t(l, "products-changed-subject")
        }
        EmailKind::RoleChanged => {
            let (old, new) = (role_name(l, email.old_role), role_name(l, email.new_role));
            paragraphs.push(t_args(
                l,
                "role-changed-body",
                &[("old", &old), ("new", &new)],
            ));
            t(l, "role-changed-subject")
        }
        EmailKind::GettingStarted => {
            let key = email.product.as_deref().unwrap_or_default();
            let product = catalog.name_of(key);
            paragraphs.push(t_args(l, "getting-started-intro", &[("product", product)]));
            let specific = format!("getting-started-{key}");
            paragraphs.push(if crate::i18n::has("en", &specific) {
                t(l, &specific)
            } else {
                t(l, "getting-started-generic")
            });
            t_args(l, "getting-started-subject", &[("product", product)])
        }
        EmailKind::Invitation => {
            paragraphs.push(t_args(l, "invitation-body", &[("account", to.account)]));
            // Created with a password: the administrator hands it over; sign in with it.
            let (text, label, url) = match to.password_link {
                Some(url) => (
                    "password-link-validity",
                    "invitation-action",
                    url.to_string(),
                ),
                None => (
                    "invitation-sign-in",
                    "invitation-sign-in-action",
                    format!("{}/login", to.portal_url.trim_end_matches('/')),
                ),
            };
            paragraphs.push(t_args(l, text, &[("link", &url)]));
            link = Some(Link {
                label: t(l, label),
                url,
            });
            t(l, "invitation-subject")
        }
        EmailKind::PasswordReset => {
            let url = password_or_login(to);
            paragraphs.push(t_args(l, "password-reset-body", &[("account", to.account)]));
            paragraphs.push(t_args(l, "password-link-validity", &[("link", &url)]));
            paragraphs.push(t(l, "password-reset-ignore"));
            link = Some(Link {
                label: t(l, "password-reset-action"),
                url,
            });
            t(l, "password-reset-subject")
        }
    };
    let mut text = format!("{greeting}\n\n");
    for p in &paragraphs {
        text.push_str(p);
        text.push_str("\n\n");
    }
    for i in &items {
        text.push_str(&format!("  - {i}\n"));
    }
    if !items.is_empty() {
        text.push('\n');
    }
    text.push_str("-- \n");
    text.push_str(&footer);
    text.push('\n');
    let html = HtmlEmail {
        lang: l,
        subject: &subject,
        greeting: &greeting,
        paragraphs: &paragraphs,
        items: &items,
        link: link.as_ref(),
        footer: &footer,
    }
    .render()
    // The template only interpolates strings: rendering cannot fail but for a bug, and
    // then the text part alone still carries the whole message.
    .unwrap_or_else(|e| {
        tracing::error!(error = %e, "the HTML email template failed; sending text only");
        String::new()
    });
    Rendered {
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::locale::SUPPORTED;

    fn planned(kind: EmailKind) -> PlannedEmail {
        PlannedEmail {
            kind,
            product: None,
            added: vec![],
            removed: vec![],
            old_role: None,
            new_role: None,
        }
    }

    #[test]
    fn a_link_secret_is_put_in_place_only_when_sent() {
        let link = super::pending_password_link("https://r.example/");
        assert_eq!(
            link,
            format!("https://r.example/password/{}", super::LINK_SECRET)
        );
        let body = format!("Choose it: {link}");
        assert_eq!(
            super::with_secret(&body, Some("rpt_1")).unwrap(),
            "Choose it: https://r.example/password/rpt_1"
        );
        assert!(super::with_secret(&body, None).is_err());
        assert_eq!(super::with_secret("Hi", None).unwrap(), "Hi");
    }

    #[test]
    fn every_kind_renders_in_every_language_without_raw_keys() {
        let c = Catalog::default_suite();
        let emails = [
            PlannedEmail {
                added: vec!["meeting".into()],
                removed: vec!["rescue".into()],
                ..planned(EmailKind::ProductsChanged)
            },
            PlannedEmail {
                old_role: Some(Role::Member),
                new_role: Some(Role::Admin),
                ..planned(EmailKind::RoleChanged)
            },
            PlannedEmail {
                product: Some("webinar".into()),
                ..planned(EmailKind::GettingStarted)
            },
            planned(EmailKind::Invitation),
            planned(EmailKind::PasswordReset),
        ];
        for l in SUPPORTED {
            let to = Recipient {
                first_name: "Ada",
                last_name: "<Lovelace>",
                locale: l,
                account: "acme",
                portal_url: "https://roster.example.com/",
                password_link: Some("https://roster.example.com/password/rpt_x"),
            };
            for e in &emails {
                let r = render(e, &to, &c, &["meeting".to_string()]);
                assert!(!r.subject.is_empty());
                for part in [&r.subject, &r.text] {
                    assert!(
                        !part.contains("getting-started-") && !part.contains("products-changed-"),
                        "{l}: {part}"
                    );
                }
                assert!(r.text.contains("Ada"));
                assert!(
                    !r.html.contains("<Lovelace>") && r.html.contains("Lovelace"),
                    "names are escaped in HTML"
                );
            }
        }
    }

    #[test]
    fn a_remembered_render_is_the_render_of_its_recipient() {
        let c = Catalog::default_suite();
        let e = PlannedEmail {
            removed: vec!["meeting".into()],
            ..planned(EmailKind::ProductsChanged)
        };
        for (first, last) in [("Ada", "Lovelace"), ("Jo", "<O'Brien & Co>"), ("", "Zed")] {
            let to = Recipient {
                first_name: first,
                last_name: last,
                locale: "fr",
                account: "acme",
                portal_url: "https://roster.example.com",
                password_link: None,
            };
            let name = format!("{first} {last}").trim().to_string();
            let direct = render_for(&name, &e, &to, &c, &[]);
            assert_eq!(render(&e, &to, &c, &[]), direct);
            assert_eq!(
                render(&e, &to, &c, &[]),
                direct,
                "{first} {last}, remembered"
            );
        }
    }

    #[test]
    fn products_changed_lists_added_and_removed_by_name() {
        let c = Catalog::default_suite();
        let to = Recipient {
            first_name: "Jean",
            last_name: "Dupont",
            locale: "fr",
            account: "acme",
            portal_url: "https://roster.example.com",
            password_link: None,
        };
        let e = PlannedEmail {
            added: vec!["meeting".into()],
            removed: vec!["resolve-mdm".into()],
            ..planned(EmailKind::ProductsChanged)
        };
        let r = render(&e, &to, &c, &["meeting".to_string()]);
        assert_eq!(r.subject, "Vos produits ont changé");
        assert!(r.text.contains("Ajoutés : GoTo Meeting"));
        assert!(r.text.contains("Retirés : Resolve MDM"));
    }

    #[test]
    fn getting_started_has_the_product_specific_content() {
        let c = Catalog::default_suite();
        let to = Recipient {
            first_name: "Ana",
            last_name: "Silva",
            locale: "pt",
            account: "acme",
            portal_url: "https://roster.example.com",
            password_link: None,
        };
        let r = render(
            &PlannedEmail {
                product: Some("meeting".into()),
                ..planned(EmailKind::GettingStarted)
            },
            &to,
            &c,
            &[],
        );
        assert_eq!(r.subject, "Comece a usar o GoTo Meeting");
        assert!(r.text.contains("Reunir agora"));
    }

    #[test]
    fn invitation_and_reset_carry_the_one_time_link_in_text_and_html() {
        let c = Catalog::default_suite();
        let link = "https://roster.example.com/password/rpt_0123";
        for l in SUPPORTED {
            let to = Recipient {
                first_name: "Ada",
                last_name: "Lovelace",
                locale: l,
                account: "acme",
                portal_url: "https://roster.example.com/",
                password_link: Some(link),
            };
            for kind in [EmailKind::Invitation, EmailKind::PasswordReset] {
                let r = render(&planned(kind), &to, &c, &[]);
                assert!(r.text.contains(link), "{l}: {}", r.text);
                assert!(r.html.contains(&format!("href=\"{link}\"")), "{l}");
                // The long link wraps on a phone instead of widening the message.
                assert!(r.html.contains("overflow-wrap: anywhere"), "{l}");
                assert!(r.text.contains("acme"), "{l}: {}", r.text);
                assert!(r.text.contains('7'), "{l}: the validity is told");
                assert!(!r.text.contains("password-"), "{l}: raw key in {}", r.text);
            }
            assert_ne!(
                render(&planned(EmailKind::Invitation), &to, &c, &[]).subject,
                render(&planned(EmailKind::PasswordReset), &to, &c, &[]).subject
            );
        }
    }

    #[test]
    fn without_a_link_the_invitation_says_to_sign_in_with_the_given_password() {
        let c = Catalog::default_suite();
        let to = Recipient {
            first_name: "Ada",
            last_name: "Lovelace",
            locale: "en",
            account: "acme",
            portal_url: "https://roster.example.com/",
            password_link: None,
        };
        let r = render(&planned(EmailKind::Invitation), &to, &c, &[]);
        assert!(r.text.contains("https://roster.example.com/login"));
        assert!(r.text.contains("the password your administrator gives you"));
        assert!(r.html.contains("Sign in to the portal"));
    }
}
