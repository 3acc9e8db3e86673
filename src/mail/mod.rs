//! Email: rendering in the user's language, the outbox worker and its transports.
//!
//! Delivery guarantee. An email is an outbox row written in the transaction of the change
//! that planned it, so a change that rolls back sends nothing and a committed one is never
//! lost. The worker claims a row with a lease, hands the message to the transport, and marks
//! it sent in its own transaction right after the server accepted it (`250` after `DATA`).
//! A row marked sent is never delivered again: every later write is fenced by the claim
//! (the attempt number), so a worker whose lease ran out cannot overwrite a newer claim.
//!
//! The one window left is between the server's acceptance and that mark: if the process
//! dies there (SIGKILL, power loss), or the reply to `DATA` is lost (timeout), the row is
//! still queued and is delivered again after restart (SQLite) or after its lease
//! (PostgreSQL, any instance). Delivery is therefore at-least-once, with at most
//! `concurrency` repeats per crash, and every repeat carries the same
//! `Message-ID: <outbox-id@roster>`, so receiving systems that deduplicate on it show one
//! email. SMTP has no idempotent submission, so no sender can close that window; a
//! SIGTERM does not open it (the worker stops claiming and records what is under way).
//!
//! Lease. A claim hides a message from other workers for `--mail-lease-secs` (60 s); a
//! delivery is abandoned after half of it, so its outcome is recorded while the lease
//! holds. The lease is also how long the emails in flight at a crash wait on PostgreSQL
//! before another instance sends them; SQLite has one process, which frees them at start.
//!
//! Failures. 4xx replies, refused connections, timeouts and TLS errors are retried with
//! exponential backoff and ±20% jitter; 5xx replies are final (except authentication
//! codes, an operator's fix), and so is the last of `--mail-attempts`: the message is
//! then dead, listed by `roster mail status` and `GET /api/v1/mail`, and requeued by
//! `roster mail retry`.

pub mod render;
pub mod transport;
pub mod worker;
