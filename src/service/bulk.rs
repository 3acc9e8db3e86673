//! Bulk changes (DESIGN §1 "Bulk changes"): one action for a list of users or for every
//! user a filter selects, each user decided by the rules of a single change
//! (`domain::bulk` over `apply_change`) and written on the one change path: their own
//! audit event (sharing the request's batch id), emails and security events, through
//! the `ChangeTx` tail.
//!
//! An action that may take seats (adding products, reactivating, restoring) is planned
//! whole first: that pass reads the selection and decides every user without writing,
//! so that a seat shortage refuses the whole request before anything is written; it is
//! also the dry run's answer. The other actions, and the second pass of those, apply the
//! selection a thousand users per transaction as they read it.
//!
//! The users of a chunk are read, decided and their emails rendered by a reader task,
//! outside any transaction, while the chunk before them is being written: the writer
//! (on SQLite, the one writer of the store) only writes. Each row is written only if it
//! is still at the version it was decided on, and a chunk where one moved meanwhile is
//! decided again, read under lock. Users whose decision rests on the account's facts
//! (the last active admin; seats) are always decided under the account's lock, in the
//! chunk's transaction. There is no If-Match per user in bulk: the version a person saw
//! cannot be carried for thousands of users; the rules run on the current version.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use tokio::sync::mpsc;

use super::users::{ends_sessions, settle, Done};
use super::{Actor, ChangeTx, Effects, Service, ServiceError};
use crate::domain::bulk::{BulkAction, BulkPlanner, BulkUser, Verdict};
use crate::domain::query::{PageAt, Position, UserQuery};
use crate::domain::{change::concerns, policy, ActorRole, ChangeOutcome, DomainError};
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
        let (report, applied) = if req.dry_run || req.action.may_take_seats() {
            let (mut report, mut to_apply) = self.plan_bulk(actor, req).await?;
            if req.dry_run || to_apply.is_empty() {
                report.sort_lists();
                return Ok(report);
            }
            // Written in id order: most of the rows a change writes are keyed by the
            // user's id (status index, products, audit by user), so a chunk of
            // neighbouring ids rewrites a few neighbouring pages of each where a chunk in
            // the list's order touched a page per user. Only users the plan would change
            // are here, and none of them frees a seat or an admin another one needs, so
            // no rule depends on their order.
            to_apply.sort_unstable();
            // The second pass counts what it really changed.
            report.changed = 0;
            report.emails.clear();
            report.changed_users.clear();
            report.losing_portal.clear();
            report.losing_portal_count = 0;
            let applied = Applied {
                selection: BulkSelection::Ids(to_apply),
                planned: true,
            };
            (report, applied)
        } else {
            (
                BulkReport::default(),
                Applied {
                    selection: req.selection.clone(),
                    planned: false,
                },
            )
        };
        let batch_id = uuid::Uuid::new_v4().to_string();
        // The writes run to the end even when the request is dropped (the client gone,
        // the request timeout): each chunk commits on its own, so stopping midway would
        // leave the selection half changed with nobody told. The audit's batch id tells
        // the whole of it afterwards.
        let (service, actor, req) = (self.clone(), actor.clone(), req.clone());
        let writes = tokio::spawn(async move {
            service
                .apply_bulk(&actor, &req, applied, &batch_id, report)
                .await
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
            let started = started_products(conn, &req.action, &ids).await?;
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

    /// Writes the chunks a reader task prepares, each as it comes, while the reader
    /// prepares the next.
    async fn apply_bulk(
        &self,
        actor: &Actor,
        req: &BulkRequest,
        applied: Applied,
        batch_id: &str,
        mut report: BulkReport,
    ) -> Result<BulkReport, ServiceError> {
        // The mail worker claims seldom, and SQLite's log is copied back, once the last
        // chunk is written (`HeavyWrites`).
        let _heavy = self.store.heavy_writes().begin();
        // One chunk ahead: enough to keep the writer busy, and no more held in memory.
        let (ready, mut chunks) = mpsc::channel(1);
        let reader = {
            let (service, actor, req) = (self.clone(), actor.clone(), req.clone());
            tokio::spawn(async move {
                let result = service.prepare_chunks(&actor, &req, &applied, &ready).await;
                if let Err(e) = result {
                    // The writer stopped already if nobody hears this.
                    let _ = ready.send(Err(e)).await;
                }
            })
        };
        while let Some(prepared) = chunks.recv().await {
            let prepared = prepared?;
            self.write_chunk(actor, req, prepared, batch_id, &mut report)
                .await?;
        }
        if let Err(e) = reader.await {
            if e.is_panic() {
                std::panic::resume_unwind(e.into_panic());
            }
        }
        report.batch_id = Some(batch_id.to_string());
        report.sort_lists();
        Ok(report)
    }

    /// The reader's side: the selection a chunk at a time, each user decided against
    /// what is stored now and their effects gathered. Users whose decision rests on the
    /// account's facts are left for the writer to decide under the account's lock.
    async fn prepare_chunks(
        &self,
        actor: &Actor,
        req: &BulkRequest,
        applied: &Applied,
        ready: &mpsc::Sender<Result<Prepared, ServiceError>>,
    ) -> Result<(), ServiceError> {
        let mut read = self.read_conn().await?;
        let conn = read.conn();
        let account = accounts::by_id(conn, &actor.account_id)
            .await?
            .ok_or(ServiceError::NotFound("account"))?
            .name;
        let seats = users::limited_seat_usage(conn, &actor.account_id).await?;
        let limited: BTreeSet<String> = seats.keys().cloned().collect();
        // Its seats and admins go stale as chunks are written: it decides only the users
        // whose decision does not rest on them.
        let mut planner = BulkPlanner::applying(actor.role, &self.catalog, req.notify, seats, 0);
        let done = Done {
            actor,
            account: &account,
            action: "",
            notify: req.notify,
        };
        let mut pages = Pages::new(&applied.selection);
        while let Some(chunk) = pages.next(conn, &actor.account_id).await? {
            // A plan counted the selection already.
            let (matched, missing) = match applied.planned {
                true => (0, Vec::new()),
                false => (
                    (chunk.users.len() + chunk.missing.len()) as u64,
                    chunk.missing,
                ),
            };
            let mut prepared = Prepared {
                ids: chunk.users.iter().map(|u| u.id.clone()).collect(),
                matched,
                missing,
                concerned: Vec::new(),
                decided: Decided::default(),
            };
            let started = started_products(conn, &req.action, &prepared.ids).await?;
            let now = self.clock.now_ms();
            for u in chunk.users {
                let state = u.state();
                let change = req.action.change_for(&state);
                if concerns(Some((&state, u.memory.as_ref())), &change, &limited).any() {
                    prepared.concerned.push(u.id);
                    continue;
                }
                let verdict = decide(&mut planner, actor, req, &u, &started);
                prepared.decided.add(self, &done, req, u, verdict, now);
            }
            if ready.send(Ok(prepared)).await.is_err() {
                return Ok(()); // the writer stopped
            }
        }
        Ok(())
    }

    /// The writer's side for one chunk: its users decided under the account's lock where
    /// that is needed, then every row written if still at the version decided on, in one
    /// transaction. A chunk where one moved is decided again, all read under lock.
    async fn write_chunk(
        &self,
        actor: &Actor,
        req: &BulkRequest,
        prepared: Prepared,
        batch_id: &str,
        report: &mut BulkReport,
    ) -> Result<(), ServiceError> {
        let Prepared {
            ids,
            matched,
            missing,
            concerned,
            mut decided,
        } = prepared;
        report.matched += matched;
        for (id, email) in &missing {
            report.refused(id, email, None);
        }
        let mut change = self.begin_chunk(actor, batch_id).await?;
        if !concerned.is_empty() {
            let locked = self
                .decide_locked(&mut change, actor, req, &concerned)
                .await?;
            decided.absorb(locked);
        }
        if !write_decided(&mut change, actor, &decided).await? {
            drop(change); // rolled back
            change = self.begin_chunk(actor, batch_id).await?;
            decided = self.decide_locked(&mut change, actor, req, &ids).await?;
            if !write_decided(&mut change, actor, &decided).await? {
                // Impossible under the chunk's locks; refuse rather than write half a chunk.
                return Err(DomainError::Conflict(
                    "users changed while the bulk change was written; run it again".into(),
                )
                .into());
            }
        }
        self.commit_decided(change, decided, report).await
    }

    /// A bulk chunk's transaction, its audit events carrying the request's batch id. It
    /// holds the account alone, as a single change decided against its facts does: two
    /// bulk requests never write the same users' rows in two orders.
    async fn begin_chunk(&self, actor: &Actor, batch_id: &str) -> Result<ChangeTx, ServiceError> {
        let mut change = self.begin_change().await?;
        change.batch_id = Some(batch_id.to_string());
        change.hold_account(&actor.account_id, true).await?;
        Ok(change)
    }

    /// `ids` read again under lock and decided against the account's seats and admins
    /// as they are now (the change holds the account alone).
    async fn decide_locked(
        &self,
        change: &mut ChangeTx,
        actor: &Actor,
        req: &BulkRequest,
        ids: &[String],
    ) -> Result<Decided, ServiceError> {
        let conn = change.db();
        let current = batch::users_by_ids(conn, &actor.account_id, ids, true).await?;
        let started = started_products(conn, &req.action, ids).await?;
        let seats = users::limited_seat_usage(conn, &actor.account_id).await?;
        let admins = users::count_active_admins(conn, &actor.account_id).await?;
        let account = change.account_name(&actor.account_id).await?;
        let done = Done {
            actor,
            account: &account,
            action: "",
            notify: req.notify,
        };
        let mut planner =
            BulkPlanner::applying(actor.role, &self.catalog, req.notify, seats, admins);
        let now = self.clock.now_ms();
        let mut decided = Decided::default();
        for before in current {
            let verdict = decide(&mut planner, actor, req, &before, &started);
            decided.add(self, &done, req, before, verdict, now);
        }
        Ok(decided)
    }

    /// Commits a written chunk with its effects and counts it in the report.
    async fn commit_decided(
        &self,
        mut change: ChangeTx,
        decided: Decided,
        report: &mut BulkReport,
    ) -> Result<(), ServiceError> {
        let Decided {
            unchanged,
            refused,
            written,
            effects,
        } = decided;
        change.absorb(effects);
        self.commit(change).await?;
        for u in &unchanged {
            report.unchanged(u);
        }
        for (u, e) in refused {
            report.refused(&u.id, &u.email, Some(e));
        }
        for (before, after, outcome) in &written {
            report.changed(
                before,
                ActorRole::from_user(after.role, after.status),
                outcome,
            );
        }
        Ok(())
    }
}

/// The users a bulk request applies to: the selection itself, applied as it is read, or
/// (`planned`) the ids of the users its plan would change, in id order.
struct Applied {
    selection: BulkSelection,
    planned: bool,
}

/// A chunk read and decided by the reader task, for the writer.
struct Prepared {
    /// Every user read, for deciding the chunk again under lock.
    ids: Vec<String>,
    /// Users of the selection the chunk counts (none when a plan counted them).
    matched: u64,
    /// Ids asked for that the account does not have.
    missing: Vec<(String, String)>,
    /// Users whose decision rests on the account's facts, for the writer to decide.
    concerned: Vec<String>,
    decided: Decided,
}

/// Users decided, and the effects of those to write.
#[derive(Default)]
struct Decided {
    unchanged: Vec<UserRecord>,
    refused: Vec<(UserRecord, DomainError)>,
    /// Before, after, and what the rules said.
    written: Vec<(UserRecord, UserRecord, ChangeOutcome)>,
    effects: Effects,
}

impl Decided {
    fn add(
        &mut self,
        service: &Service,
        done: &Done<'_>,
        req: &BulkRequest,
        before: UserRecord,
        verdict: Verdict,
        now: i64,
    ) {
        match verdict {
            Verdict::Unchanged => self.unchanged.push(before),
            Verdict::Refused(e) => self.refused.push((before, e)),
            Verdict::Changed(outcome) => {
                let after = settle(&before, before.clone(), &outcome, now);
                // The audit names the single change it was (update, suspend, ...).
                let done = Done {
                    action: req.action.change_for(&before.state()).name(),
                    ..*done
                };
                service.gather_change(&mut self.effects, &done, &before, &after, &outcome);
                self.written.push((before, after, *outcome));
            }
        }
    }

    fn absorb(&mut self, other: Decided) {
        self.unchanged.extend(other.unchanged);
        self.refused.extend(other.refused);
        self.written.extend(other.written);
        self.effects.absorb(other.effects);
    }
}

/// The decided users' rows (each only if still at the version it was decided on) and
/// the end of the access they lose. False when a row moved: the caller rolls back.
async fn write_decided(
    change: &mut ChangeTx,
    actor: &Actor,
    decided: &Decided,
) -> Result<bool, ServiceError> {
    let rows: Vec<(&UserRecord, &UserRecord)> =
        decided.written.iter().map(|(b, a, _)| (b, a)).collect();
    let stored = batch::update_users(change.db(), &actor.account_id, &rows).await?;
    if stored != rows.len() as u64 {
        return Ok(false);
    }
    let revoked: Vec<String> = decided
        .written
        .iter()
        .filter(|(b, a, o)| ends_sessions(b, a, o))
        .map(|(b, _, _)| b.id.clone())
        .collect();
    batch::revoke_access(change.db(), &revoked).await?;
    Ok(true)
}

/// Products whose getting-started email each of `ids` was sent, read only when `action`
/// can give a product: that email is due on a product gained, which is also when a seat
/// may be taken. A suspension of 100,000 users read them for nothing.
async fn started_products(
    conn: &mut Conn,
    action: &BulkAction,
    ids: &[String],
) -> Result<HashMap<String, BTreeSet<String>>, ServiceError> {
    if !action.may_take_seats() {
        return Ok(HashMap::new());
    }
    Ok(batch::started_products(conn, ids).await?)
}

/// One user through the planner.
fn decide(
    planner: &mut BulkPlanner<'_>,
    actor: &Actor,
    req: &BulkRequest,
    u: &UserRecord,
    started: &HashMap<String, BTreeSet<String>>,
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
