//! The HTTP edge's machinery shared by every part of the site: the accept loop and its
//! limits, load shedding, the client's address behind proxies, metrics.

pub mod limits;
pub mod listener;
pub mod metrics;
pub mod proxy;
