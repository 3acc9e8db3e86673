//! Roster: the admin center for the users of a multi-product suite.
//!
//! `domain` holds the rules (pure), `service` the one change path, `store` the database,
//! and `api`, `scim`, `web`, `cli` are the entry points that hand requests to `service`.

pub mod api;
pub mod app;
pub mod auth;
pub mod cli;
pub mod cli_bulk;
pub mod cli_credentials;
pub mod demo;
pub mod domain;
pub mod http;
pub mod i18n;
pub mod import;
pub mod mail;
pub mod progress;
pub mod scim;
pub mod server;
pub mod service;
pub mod signals;
pub mod ssf;
pub mod store;
pub mod web;
pub mod worker;
