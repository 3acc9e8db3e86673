//! Credentials: password hashing, API tokens.

pub mod password;
pub mod scope;
pub mod token;
