//! The rules of Roster (DESIGN §1), free of I/O: no database, no clock, no HTTP.
//! Everything here is decided from values handed in, so it is unit- and property-tested.

pub mod bulk;
pub mod change;
pub mod error;
pub mod fold;
pub mod limits;
pub mod locale;
pub mod notification;
pub mod policy;
pub mod product;
pub mod query;
pub mod role;
pub mod seats;
pub mod status;

pub use change::{
    apply_change, concerns, Change, ChangeOutcome, Concerns, Edit, Facts, Memory, UserState,
};
pub use error::DomainError;
pub use notification::{EmailKind, NotificationPlan, PlannedEmail};
pub use policy::{ActorRole, MIN_PASSWORD_CHARS};
pub use product::{Catalog, Product};
pub use role::Role;
pub use seats::SeatUsage;
pub use status::Status;
