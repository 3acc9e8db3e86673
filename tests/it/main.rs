//! All integration tests in one binary, so the suite links once. Each test starts the real
//! server on a random port with a fresh database, on SQLite and on PostgreSQL.

mod support;

mod api_validation;
mod api_workflow;
mod bulk;
mod cli;
mod cluster;
mod edge_input;
mod history;
mod import;
mod mail;
mod password;
mod portal;
mod scale;
mod scim;
mod security;
mod signals;
mod signin;
mod tokens;
mod writes;
