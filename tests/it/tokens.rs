//! API tokens with scopes, product binding, expiry, listing and revocation (DESIGN §1
//! "Credentials and scopes", §4).

mod audit;
mod cli;
pub(crate) mod doors;
mod lifecycle;
