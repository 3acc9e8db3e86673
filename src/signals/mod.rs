//! Signals to products: Roster as an OpenID Shared Signals Framework 1.0 transmitter.
//!
//! A change that disables, enables, purges a user, sets a password or takes a product away
//! writes its events (`plan`, pure) into the `ssf_events` queue in the change's own
//! transaction, one row per receiving stream. The rows are signed as Security Event Tokens
//! (`set`, `keys`) when they leave: pushed by the delivery worker (`push`, RFC 8935), or
//! handed to a receiver that polls (RFC 8936). A refused or rolled-back change therefore
//! emits nothing, and a receiver that is down gets its events when it is back.

pub mod egress;
pub mod keys;
pub mod plan;
pub mod push;
pub mod set;
