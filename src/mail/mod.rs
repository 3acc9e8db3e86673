//! Email: rendering in the user's language, the outbox worker and its transports.

pub mod render;
pub mod transport;
pub mod worker;
