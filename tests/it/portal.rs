//! The admin portal over HTTP and in a real headless Chromium, on both stores.

mod browser_flows;
mod crawl;
mod http;
mod pages_browser;
mod pages_http;

pub use crate::support::portal::{api_user, cookie_client, hidden, person, signed_in, PASSWORD};
