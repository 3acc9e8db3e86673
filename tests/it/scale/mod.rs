//! Issue 11: lists that do not scan. The counts the change path keeps, keyset paging both
//! ways, one Unicode folding for every lookup, and the access snapshot.

mod counts;
mod folding;
mod paging;
mod snapshot;
