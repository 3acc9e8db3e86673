//! Bulk changes (DESIGN §1 "Bulk changes"): one action for a list of users or for every
//! user a filter selects, each user decided by the rules of a single change
//! (`domain::bulk` over `apply_change`) and written on the one change path: their own
//! audit event (sharing the request's batch id), emails and security events, through
//! the `ChangeTx` tail.
//!
//! Two passes. The first reads the whole selection (keyset pages of the list's search,
//! or the ids asked for) and decides every user without writing: that is the dry run's
//! answer, and the seats the selection needs are checked there, so that a shortage
//! refuses the whole request before anything is written. The second applies the users
//! the first would change, a thousand per transaction: each chunk reads its users again
//! under lock and decides them again, so a user changed meanwhile is decided on what is
//! now stored. There is no If-Match per user in bulk: the version a person saw cannot be
//! carried for thousands of users; the rules run on the current version instead, and a
//! chunk's transaction keeps it current while it writes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::users::{ends_sessions, settle};
use super::{Actor, Service, ServiceError};
use crate::domain::bulk::{BulkAction, BulkPlanner, BulkUser, Verdict};
use crate::domain::query::{PageAt, Position, UserQuery};
use crate::domain::{policy, ActorRole, DomainError};
use crate::store::users::{self, UserRecord};
use crate::store::{accounts, batch, user_list, Conn};

/// Users read, decided and written together (one transaction when applying).
const CHUNK: usize = 1_000;
/// Users a report names per list (the preview shows them; the counts cover everyone).
const LISTED: usize = 200;
/// Ids one request may name; a filter selects any number.
pub const MAX_IDS: usize = 10_000;

/// Which users a bulk request is for.
#[derive(Debug, Clone)]
pub enum BulkSelection {
    Ids(Vec<String>),
    Filter(UserQuery),
}

#[derive(Debug, Clone)]
pub struct BulkRequest {
    pub selection: BulkSelection,
    pub action: BulkAction,
    pub notify: bool,
    pub dry_run: bool,
}

/// A user the rules refused, and why.
#[derive(Debug, Clone, Serialize)]
pub struct BulkRefusal {
    pub id: String,
    pub email: String,
    pub code: &'static str,
    pub message: String,
    #[serde(skip)]
    pub error: Option<DomainError>,
}

/// A user a report names.
#[derive(Debug, Clone, Serialize)]
pub struct BulkUserLine {
    pub id: String,
    pub email: String,
    pub name: String,
}

impl BulkUserLine {
    fn of(u: &UserRecord) -> BulkUserLine {
        BulkUserLine {
            id: u.id.clone(),
            email: u.email.clone(),
            name: format!("{} {}", u.first_name, u.last_name)
                .trim()
                .to_string(),
        }
    }
}

/// What a bulk request did (or, in a dry run, would do).
#[derive(Debug, Clone, Default)]
pub struct BulkReport {
    pub matched: u64,
    pub changed: u64,
    pub unchanged: u64,
    pub refused: Vec<BulkRefusal>,
    /// Emails per template (`products_changed`, `getting_started`, ...).
    pub emails: BTreeMap<String, u64>,
    /// The first changed and unchanged users, for the preview.
    pub changed_users: Vec<BulkUserLine>,
    pub unchanged_users: Vec<BulkUserLine>,
    /// Users who lose their portal access (the first of them) and how many in all.
    pub losing_portal: Vec<BulkUserLine>,
    pub losing_portal_count: u64,
    /// Shared by the audit events of an applied request.
    pub batch_id: Option<String>,
}

impl BulkReport {
    /// The counts, as `roster users bulk` prints them.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "matched {}, changed {}, unchanged {}, refused {}\n",
            self.matched,
            self.changed,
            self.unchanged,
            self.refused.len()
        );
        for (template, n) in &self.emails {
            out.push_str(&format!("emails {template}: {n}\n"));
        }
        out
    }

    /// The users named, by email: a selection is read in id order (see `bulk_change`),
    /// which means nothing to the person reading the preview.
    fn sort_lists(&mut self) {
        for list in [
            &mut self.changed_users,
            &mut self.unchanged_users,
            &mut self.losing_portal,
        ] {
            list.sort_by(|a, b| a.email.cmp(&b.email));
        }
    }

    fn unchanged(&mut self, u: &UserRecord) {
        self.unchanged += 1;
        if self.unchanged_users.len() < LISTED {
            self.unchanged_users.push(BulkUserLine::of(u));
        }
    }

    /// `None`: the account has no such user.
    fn refused(&mut self, id: &str, email: &str, e: Option<DomainError>) {
        let (code, message) = match &e {
            Some(d) => (d.code(), d.to_string()),
            None => ("not_found", "no such user in this account".to_string()),
        };
        self.refused.push(BulkRefusal {
            id: id.to_string(),
            email: email.to_string(),
            code,
            message,
            error: e,
        });
    }

    fn changed(
        &mut self,
        u: &UserRecord,
        after_role: ActorRole,
        outcome: &crate::domain::ChangeOutcome,
    ) {
        self.changed += 1;
        if self.changed_users.len() < LISTED {
            self.changed_users.push(BulkUserLine::of(u));
        }
        for e in &outcome.plan.emails {
            *self
                .emails
                .entry(e.kind.template().to_string())
                .or_default() += 1;
        }
        let before_role = ActorRole::from_user(u.role, u.status);
        if before_role != ActorRole::None && after_role == ActorRole::None {
            self.losing_portal_count += 1;
            if self.losing_portal.len() < LISTED {
                self.losing_portal.push(BulkUserLine::of(u));
            }
        }
    }
}

impl Service {
    /// Applies `req.action` to every selected user (or, with `dry_run`, only says what it
    /// would do). A seat shortage over the selection refuses the whole request.
    pub async fn bulk_change(
        &self,
        actor: &Actor,
        req: &BulkRequest,
    ) -> Result<BulkReport, ServiceError> {
        policy::may_view(actor.role)?;
        if let BulkSelection::Ids(ids) = &req.selection {
            if ids.len() > MAX_IDS {
                return Err(ServiceError::invalid(
                    "users",
                    format!("at most {MAX_IDS} ids per request; select more with a filter"),
                ));
            }
        }
        let (mut report, mut to_apply) = self.plan_bulk(actor, req).await?;
        // Written in id order: most of the rows a change writes are keyed by the user's
        // id (status index, products, audit by user), so a chunk of neighbouring ids
        // rewrites a few neighbouring pages of each where a chunk in the list's order
        // touched a page per user (at a million users, ten thousand pages a chunk). Only
        // users the first pass would change are here, so no rule depends on their order.
        to_apply.sort_unstable();
        if req.dry_run || to_apply.is_empty() {
            report.sort_lists();
            return Ok(report);
        }
        // The second pass counts what it really changed.
        report.changed = 0;
        report.emails.clear();
        report.changed_users.clear();
        report.losing_portal.clear();
        report.losing_portal_count = 0;
        let batch_id = uuid::Uuid::new_v4().to_string();
        // The writes run to the end even when the request is dropped (the client gone,
        // the request timeout): each chunk commits on its own, so stopping midway would
        // leave the selection half changed with nobody told. The audit's batch id tells
        // the whole of it afterwards.
        let (service, actor, req) = (self.clone(), actor.clone(), req.clone());
        let writes = tokio::spawn(async move {
            for chunk in to_apply.chunks(CHUNK) {
                service
                    .apply_bulk_chunk(&actor, &req, chunk, &batch_id, &mut report)
                    .await?;
            }
            report.batch_id = Some(batch_id);
            report.sort_lists();
            Ok(report)
        });
        match writes.await {
            Ok(done) => done,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            // The runtime is shutting down: the chunks written so far stay written.
            Err(_) => Err(ServiceError::Store(crate::store::StoreError::Busy)),
        }
    }

    /// The first pass: every selected user decided, nothing written. Answers the report
    /// and the ids of the users to change.
    async fn plan_bulk(
        &self,
        actor: &Actor,
        req: &BulkRequest,
    ) -> Result<(BulkReport, Vec<String>), ServiceError> {
        let mut read = self.read_conn().await?;
        let conn = read.conn();
        let seats = users::limited_seat_usage(conn, &actor.account_id).await?;
        let admins = users::count_active_admins(conn, &actor.account_id).await?;
        let mut planner =
            BulkPlanner::planning(actor.role, &self.catalog, req.notify, seats, admins);
        let mut report = BulkReport::default();
        let mut to_apply = Vec::new();
        let mut pages = Pages::new(&req.selection);
        while let Some(chunk) = pages.next(conn, &actor.account_id).await? {
            for (id, email) in &chunk.missing {
                report.matched += 1;
                report.refused(id, email, None);
            }
            let ids: Vec<String> = chunk.users.iter().map(|u| u.id.clone()).collect();
            let started = batch::started_products(conn, &ids).await?;
            for u in &chunk.users {
                report.matched += 1;
                let verdict = decide(&mut planner, actor, req, u, &started);
                match verdict {
                    Verdict::Unchanged => report.unchanged(u),
                    Verdict::Refused(e) => report.refused(&u.id, &u.email, Some(e)),
                    Verdict::Changed(outcome) => {
                        let after =
                            ActorRole::from_user(outcome.after.role, outcome.after.status());
                        report.changed(u, after, &outcome);
                        to_apply.push(u.id.clone());
                    }
                }
            }
        }
        planner.seat_shortage()?;
        Ok((report, to_apply))
    }

    /// The second pass for one chunk: its users read again under lock, decided again and
    /// written in one transaction through the change tail.
    async fn apply_bulk_chunk(
        &self,
        actor: &Actor,
        req: &BulkRequest,
        ids: &[String],
        batch_id: &str,
        report: &mut BulkReport,
    ) -> Result<(), ServiceError> {
        let mut change = self.begin_change().await?;
        change.batch_id = Some(batch_id.to_string());
        let conn = change.db();
        accounts::lock(conn, &actor.account_id).await?;
        let current = batch::users_by_ids(conn, &actor.account_id, ids, true).await?;
        let started = batch::started_products(conn, ids).await?;
        let seats = users::limited_seat_usage(conn, &actor.account_id).await?;
        let admins = users::count_active_admins(conn, &actor.account_id).await?;
        let mut planner =
            BulkPlanner::applying(actor.role, &self.catalog, req.notify, seats, admins);
        let now = self.clock.now_ms();
        let mut written = Vec::new();
        for before in current {
            match decide(&mut planner, actor, req, &before, &started) {
                Verdict::Unchanged => report.unchanged(&before),
                Verdict::Refused(e) => report.refused(&before.id, &before.email, Some(e)),
                Verdict::Changed(outcome) => {
                    let after = settle(&before, before.clone(), &outcome, now);
                    written.push((before, after, outcome));
                }
            }
        }
        let rows: Vec<(&UserRecord, &UserRecord)> =
            written.iter().map(|(b, a, _)| (b, a)).collect();
        let stored = batch::update_users(change.db(), &actor.account_id, &rows).await?;
        if stored != rows.len() as u64 {
            // Impossible under the chunk's locks; refuse rather than write half a chunk.
            return Err(DomainError::Conflict(
                "users changed while the bulk change was written; run it again".into(),
            )
            .into());
        }
        let revoked: Vec<String> = written
            .iter()
            .filter(|(b, a, o)| ends_sessions(b, a, o))
            .map(|(b, _, _)| b.id.clone())
            .collect();
        batch::revoke_access(change.db(), &revoked).await?;
        for (before, after, outcome) in &written {
            // The audit names the single change it was (update, suspend, ...).
            let action = req.action.change_for(&before.state()).name();
            self.record_change(
                &mut change,
                actor,
                action,
                before,
                after,
                outcome,
                req.notify,
            )
            .await?;
            report.changed(
                before,
                ActorRole::from_user(after.role, after.status),
                outcome,
            );
        }
        self.commit(change).await
    }
}

/// One user through the planner.
fn decide(
    planner: &mut BulkPlanner<'_>,
    actor: &Actor,
    req: &BulkRequest,
    u: &UserRecord,
    started: &std::collections::HashMap<String, std::collections::BTreeSet<String>>,
) -> Verdict {
    let none = Default::default();
    let state = u.state();
    planner.decide(
        &req.action,
        BulkUser {
            state: &state,
            memory: u.memory.as_ref(),
            started: started.get(&u.id).unwrap_or(&none),
            is_actor: actor.user_id.as_deref() == Some(u.id.as_str()),
        },
    )
}

/// A chunk of the selection: the users found, and the ids asked for that the account
/// does not have (another account's user is unknown here).
struct Chunk {
    users: Vec<UserRecord>,
    missing: Vec<(String, String)>,
}

/// Walks a selection a chunk at a time: the ids asked for, or the filter's keyset pages.
struct Pages<'a> {
    selection: &'a BulkSelection,
    /// The ids asked for, each once, in the order given.
    ids: Vec<String>,
    /// Ids: the next offset. Filter: the position after the last page.
    offset: usize,
    after: Option<Position>,
    /// Filter, in id order (`user_list::bulk_page`): the id the next page starts after.
    after_id: Option<String>,
    done: bool,
}

impl<'a> Pages<'a> {
    fn new(selection: &'a BulkSelection) -> Pages<'a> {
        let mut seen = std::collections::HashSet::new();
        let ids = match selection {
            BulkSelection::Ids(ids) => ids.iter().filter(|id| seen.insert(*id)).cloned().collect(),
            BulkSelection::Filter(_) => Vec::new(),
        };
        Pages {
            selection,
            ids,
            offset: 0,
            after: None,
            after_id: None,
            done: false,
        }
    }

    async fn next(
        &mut self,
        conn: &mut Conn,
        account_id: &str,
    ) -> Result<Option<Chunk>, ServiceError> {
        if self.done {
            return Ok(None);
        }
        match self.selection {
            BulkSelection::Ids(_) => {
                let end = (self.offset + CHUNK).min(self.ids.len());
                let ids = &self.ids[self.offset.min(end)..end];
                self.offset = end;
                self.done = end >= self.ids.len();
                if ids.is_empty() {
                    return Ok(None);
                }
                let users = batch::users_by_ids(conn, account_id, ids, false).await?;
                let found: std::collections::HashSet<&str> =
                    users.iter().map(|u| u.id.as_str()).collect();
                let missing = ids
                    .iter()
                    .filter(|id| !found.contains(id.as_str()))
                    .map(|id| (id.clone(), String::new()))
                    .collect();
                Ok(Some(Chunk { users, missing }))
            }
            BulkSelection::Filter(query) if user_list::walks_by_id(query) => {
                let from = self.after_id.take();
                let (users, next) =
                    user_list::bulk_page(conn, account_id, query, from.as_deref(), CHUNK as u32)
                        .await?;
                self.done = next.is_none();
                self.after_id = next;
                Ok(Some(Chunk {
                    users,
                    missing: Vec::new(),
                }))
            }
            BulkSelection::Filter(query) => {
                let page = user_list::search(
                    conn,
                    account_id,
                    query,
                    &PageAt::After(self.after.take()),
                    CHUNK as u32,
                )
                .await?;
                self.after = page.next;
                self.done = self.after.is_none();
                Ok(Some(Chunk {
                    users: page.users,
                    missing: Vec::new(),
                }))
            }
        }
    }
}
