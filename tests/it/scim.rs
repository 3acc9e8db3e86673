//! SCIM 2.0 on both stores: the third-party compliance tool, Okta's and Entra's request
//! sequences replayed from fixtures, and the protocol details (filters, paging, errors).

mod compliance;
mod idp;
mod notifications;
mod protocol;
mod put_keeps_access;
mod replay;
mod roundtrip;
