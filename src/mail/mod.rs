//! Email: rendering in the user's language, the outbox worker and its transports.
//!
//! Delivery guarantee. An email is an outbox row written in the transaction of the change
//! that planned it, so a change that rolls back sends nothing and a committed one is never
//! lost. The worker claims a row with a lease, hands the message to the transport, and marks
//! it sent in its own transaction right after the server accepted it (`250` after `DATA`).
//! A row marked sent is never delivered again: every later write is fenced by the claim.
//!
//! The one window left is between the server's acceptance and that mark: if the process
//! dies there (SIGKILL, power loss), the row is still queued and is delivered again after
//! restart (SQLite) or after its lease (PostgreSQL, another instance). Delivery is therefore
//! at-least-once with at most `concurrency` repeats per crash, and every repeat carries the
//! same `Message-ID: <outbox-id@roster>`, so receiving servers and clients that deduplicate
//! on it show one email. No protocol can close that window: SMTP has no idempotent submit.

pub mod render;
pub mod retry;
pub mod status;
pub mod transport;
pub mod worker;
