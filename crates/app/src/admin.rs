//! Administration, once for the command line, the API and the pages: areas and agencies, users
//! and their API tokens, and sharing agreements. An agency's admin manages its own users; the
//! install's administrator (`system_admin`, or the command line, which runs as the install's
//! owner) everything. Every value is checked by field before anything is written, and every
//! change carries its audit event.

use crate::auth::{password, token};
use crate::clock::{now, uk_today};
use crate::failure::Failure;
use chrono::{DateTime, Days, NaiveDate, Utc};
use haven_domain::Invalid;
use haven_domain::agency::{Agency, AgencyCode, AgencyKind, Area, AreaKind};
use haven_domain::audit::{AuditAction, AuditEvent, SubjectKind};
use haven_domain::ids::{AgencyId, AgreementId, AreaId, TokenId, UserId};
use haven_domain::policy::{Action, Target, can};
use haven_domain::sharing::{Agreement, Grant, RecordClass, Roles, Scope};
use haven_domain::text::clean;
use haven_domain::user::{Actor, Identity, Role, User, Username};
use haven_store::{ApiToken, Store, StoreError};

/// Who administers: the install's owner at the command line, or a signed-in admin.
#[derive(Debug)]
pub struct Operator<'a> {
    store: &'a dyn Store,
    /// `None` at the command line.
    actor: Option<Actor>,
    label: String,
}

/// A new user and the password they must change at their first sign-in (shown once).
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub user: User,
    pub one_time_password: String,
}

/// A change to a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChange<'a> {
    pub role: Option<&'a str>,
    pub display_name: Option<&'a str>,
    pub disabled: Option<bool>,
    /// Who they are at the organisation's identity provider (its `sub`, or Entra ID's `oid`), so
    /// that they may sign in there; blank unlinks them. One identity opens one user at most.
    pub identity: Option<&'a str>,
}

/// A new sharing agreement as typed: agencies by code; one line of grants per class × kind.
#[derive(Debug, Clone, Default)]
pub struct NewAgreement<'a> {
    pub name: &'a str,
    pub purpose: &'a str,
    pub members: Vec<&'a str>,
    pub classes: Vec<&'a str>,
    /// The kinds of agency the classes are shared with.
    pub to: Vec<&'a str>,
    /// `cohort` or `own_cases`.
    pub scope: &'a str,
    /// `all`, or role codes joined by commas.
    pub roles: &'a str,
    /// `YYYY-MM-DD`; ends and review may be blank.
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub review_on: &'a str,
}

impl<'a> Operator<'a> {
    /// The install's owner at the command line.
    pub fn command_line(store: &'a dyn Store) -> Self {
        Self { store, actor: None, label: "cli".to_owned() }
    }

    /// A signed-in user: what they may do is the policy's to say.
    pub fn user(store: &'a dyn Store, user: &User) -> Self {
        Self { store, actor: Some(user.actor()), label: user.username.to_string() }
    }

    /// The store the operator writes to (for the other administration modules: `places`).
    pub(crate) fn store(&self) -> &'a dyn Store {
        self.store
    }

    /// The signed-in admin (`None` at the command line), and who they are for people reading a
    /// record of what they did.
    pub(crate) fn actor(&self) -> (Option<Actor>, &str) {
        (self.actor, &self.label)
    }

    pub(crate) fn event(&self, action: AuditAction, purpose: &str) -> AuditEvent {
        match self.actor {
            Some(actor) => AuditEvent::by(actor, &self.label, action, purpose, now()),
            None => AuditEvent::system(&self.label, action, purpose, now()),
        }
    }

    fn may(&self, action: Action, target: Target<'_>) -> Result<(), Failure> {
        let Some(actor) = self.actor else { return Ok(()) };
        match can(&actor, action, target) {
            d if d.is_allowed() => Ok(()),
            d => Err(Failure::Forbidden(d.reason().unwrap_or("refused"))),
        }
    }

    /// The install's own administration: areas, agencies, agreements.
    pub(crate) fn may_manage_install(&self) -> Result<(), Failure> {
        self.may(Action::ManageAgencies, Target::Service)
    }

    /// Whether the operator may grant `role`: only the install's administrator makes another.
    fn may_grant(&self, role: Role) -> Result<(), Failure> {
        match self.actor {
            Some(actor) if role == Role::SystemAdmin && actor.role != Role::SystemAdmin => {
                Err(Failure::Forbidden("role-not-permitted"))
            }
            _ => Ok(()),
        }
    }

    /// An area (a BCU or a local authority).
    pub async fn create_area(&self, code: &str, name: &str, kind: &str, purpose: &str) -> Result<Area, Failure> {
        self.may_manage_install()?;
        let mut e = Invalid::default();
        let code = e.check("code", AgencyCode::parse(code));
        let name = e.check("name", clean(name, 200, false));
        let kind = e.check("kind", AreaKind::parse(kind));
        let (Some(code), Some(name), Some(kind)) = (code, name, kind) else { return Err(Failure::Invalid(e)) };
        let area = Area { id: AreaId::new(), code, name, kind };
        let audit = self.event(AuditAction::AreaCreate, purpose).subject(SubjectKind::Area, area.id.0);
        self.store.create_area(&area, &audit).await.map_err(field_taken("code"))?;
        Ok(area)
    }

    /// An agency, serving an area (by its code) where it serves one.
    pub async fn create_agency(
        &self,
        code: &str,
        name: &str,
        kind: &str,
        area: &str,
        purpose: &str,
    ) -> Result<Agency, Failure> {
        self.may_manage_install()?;
        let mut e = Invalid::default();
        let code = e.check("code", AgencyCode::parse(code));
        let name = e.check("name", clean(name, 200, false));
        let kind = e.check("kind", AgencyKind::parse(kind));
        let area_id = match area.trim() {
            "" => None,
            raw => match AgencyCode::parse(raw) {
                Err(c) => {
                    e.push("area", c);
                    None
                }
                Ok(code) => {
                    let found = self.store.areas().await?.into_iter().find(|a| a.code == code).map(|a| a.id);
                    if found.is_none() {
                        e.push("area", "unknown-area");
                    }
                    found
                }
            },
        };
        let (Some(code), Some(name), Some(kind), true) = (code, name, kind, e.is_empty()) else {
            return Err(Failure::Invalid(e));
        };
        let agency = Agency { id: AgencyId::new(), code, name, kind, area_id };
        let audit = self.event(AuditAction::AgencyCreate, purpose).subject(SubjectKind::Agency, agency.id.0);
        self.store.create_agency(&agency, &audit).await.map_err(field_taken("code"))?;
        Ok(agency)
    }

    /// A user of an agency (by its code), with a one-time password.
    pub async fn create_user(
        &self,
        username: &str,
        agency: &str,
        role: &str,
        display_name: &str,
        purpose: &str,
    ) -> Result<NewAccount, Failure> {
        // The role first: a user who administers nothing learns nothing from the values' checks.
        self.may(Action::ManageUsers, Target::Service)?;
        let mut e = Invalid::default();
        let username = e.check("username", Username::parse(username));
        let role = e.check("role", Role::parse(role));
        let display_name = match display_name.trim() {
            "" => username.as_ref().map(ToString::to_string),
            raw => e.check("display_name", clean(raw, 100, false)),
        };
        let agency = self.agency_by_code("agency", agency, &mut e).await?;
        let (Some(username), Some(role), Some(display_name), Some(agency)) = (username, role, display_name, agency)
        else {
            return Err(Failure::Invalid(e));
        };
        self.may(Action::ManageUsers, Target::Agency(agency.id))?;
        self.may_grant(role)?;
        let one_time_password = password::generate();
        let hash = password::hash_blocking(one_time_password.clone()).await.map_err(internal)?;
        let user = User {
            id: UserId::new(),
            username,
            display_name,
            agency_id: agency.id,
            role,
            disabled: false,
            identity: None,
        };
        let audit = self.event(AuditAction::UserCreate, purpose).subject(SubjectKind::User, user.id.0);
        self.store.create_user(&user, &hash, &audit).await.map_err(field_taken("username"))?;
        Ok(NewAccount { user, one_time_password })
    }

    /// The users the operator manages: their own agency's, or every agency's for the install.
    pub async fn users(&self) -> Result<Vec<User>, Failure> {
        match self.actor {
            Some(actor) if actor.role != Role::SystemAdmin => {
                self.may(Action::ManageUsers, Target::Agency(actor.agency_id))?;
                Ok(self.store.users(Some(actor.agency_id)).await?)
            }
            _ => Ok(self.store.users(None).await?),
        }
    }

    /// A user the operator manages, by username: another agency's is as unknown as a name no one
    /// has (the refusal is audited).
    async fn managed(&self, username: &str, purpose: &str) -> Result<User, Failure> {
        self.may(Action::ManageUsers, Target::Service)?;
        let name = Username::parse(username).map_err(|c| Invalid::one("username", c))?;
        let unknown = || Failure::Invalid(Invalid::one("username", "unknown-user"));
        let (user, _) = self.store.user_with_credentials(&name).await?.ok_or_else(unknown)?;
        match self.may(Action::ManageUsers, Target::Agency(user.agency_id)) {
            // The install's administrator is no agency admin's to change, reset or give tokens
            // to, even in the admin's own agency: a reset would hand them the install.
            Ok(()) if user.role == Role::SystemAdmin => {
                self.may_grant(Role::SystemAdmin)?;
                Ok(user)
            }
            Ok(()) => Ok(user),
            Err(_) => {
                let refused = self
                    .event(AuditAction::UserUpdate, purpose)
                    .subject(SubjectKind::User, user.id.0)
                    .detail(haven_domain::audit::Detail::Denied("not-your-agency"));
                self.store.append_audit(&refused).await?;
                Err(unknown())
            }
        }
    }

    /// Changes a user's role, display name, whether they are disabled, or the identity at the
    /// organisation's provider they sign in with. Disabling ends their sessions, and their tokens
    /// open nothing, at once; a new or removed identity ends the sessions begun at the provider.
    pub async fn change_user(&self, username: &str, change: &UserChange<'_>, purpose: &str) -> Result<User, Failure> {
        let user = self.managed(username, purpose).await?;
        let mut e = Invalid::default();
        let role = match change.role {
            None => Some(user.role),
            Some(raw) => e.check("role", Role::parse(raw)),
        };
        let display_name = match change.display_name {
            None => Some(user.display_name.clone()),
            Some(raw) => e.check("display_name", clean(raw, 100, false)),
        };
        let identity = match change.identity {
            None => Some(user.identity.clone()),
            Some(raw) if raw.trim().is_empty() => Some(None),
            Some(raw) => e.check("identity", Identity::parse(raw)).map(Some),
        };
        let (Some(role), Some(display_name), Some(identity)) = (role, display_name, identity) else {
            return Err(Failure::Invalid(e));
        };
        self.may_grant(role)?;
        if self.actor.is_some_and(|a| a.user_id == user.id) && (change.disabled == Some(true) || role != user.role) {
            // An admin locking themselves out, or out of their own role, is a mistake at 3 a.m.
            return Err(Failure::Invalid(Invalid::one("username", "cannot-change-yourself")));
        }
        let changed = User { role, display_name, disabled: change.disabled.unwrap_or(user.disabled), identity, ..user };
        let fields: Vec<&'static str> = [
            ("role", change.role.is_some()),
            ("display_name", change.display_name.is_some()),
            ("disabled", change.disabled.is_some()),
            ("identity", change.identity.is_some()),
        ]
        .into_iter()
        .filter_map(|(f, given)| given.then_some(f))
        .collect();
        let audit = self
            .event(AuditAction::UserUpdate, purpose)
            .subject(SubjectKind::User, changed.id.0)
            .detail(haven_domain::audit::Detail::Fields(fields));
        self.store.update_user(&changed, &audit).await.map_err(|e| match e {
            // Another user is linked to it: the identity would open two accounts.
            StoreError::Duplicate { field: "identity" } => Failure::Invalid(Invalid::one("identity", "identity-taken")),
            other => other.into(),
        })?;
        Ok(changed)
    }

    /// A new one-time password for a user, who must change it at their next sign-in; their
    /// sessions end.
    pub async fn reset_password(&self, username: &str, purpose: &str) -> Result<String, Failure> {
        let user = self.managed(username, purpose).await?;
        let one_time = password::generate();
        let hash = password::hash_blocking(one_time.clone()).await.map_err(internal)?;
        let audit = self.event(AuditAction::UserPasswordReset, purpose).subject(SubjectKind::User, user.id.0);
        self.store.reset_password(user.id, &hash, &audit).await?;
        Ok(one_time)
    }

    /// Issues an API token for a user: named, expiring on `expires_on` (`YYYY-MM-DD`, blank for
    /// 365 days; never in the past). The token is returned once and stored only as a hash.
    pub async fn issue_token(
        &self,
        username: &str,
        name: &str,
        expires_on: &str,
        purpose: &str,
    ) -> Result<(ApiToken, String), Failure> {
        let user = self.managed(username, purpose).await?;
        let mut e = Invalid::default();
        let name = e.check("name", clean(name, 100, false));
        let today = uk_today();
        let expires_on = match expires_on.trim() {
            "" => today.checked_add_days(Days::new(365)),
            raw => e.check("expires_on", date(raw)).and_then(|d| {
                if d <= today {
                    e.push("expires_on", "in-the-past");
                    None
                } else {
                    Some(d)
                }
            }),
        };
        let (Some(name), Some(expires_on)) = (name, expires_on) else { return Err(Failure::Invalid(e)) };
        let secret = token::generate_api_token();
        let record = ApiToken {
            id: TokenId::new(),
            user_id: user.id,
            name,
            token_hash: token::hash_secret(&secret),
            created_at: now(),
            expires_at: Some(end_of(expires_on)),
            revoked: false,
        };
        let audit = self.event(AuditAction::TokenIssue, purpose).subject(SubjectKind::Token, record.id.0);
        self.store.create_token(&record, &audit).await?;
        Ok((record, secret))
    }

    /// A user's tokens, newest first (their hashes are of no use to anyone).
    pub async fn tokens(&self, username: &str, purpose: &str) -> Result<Vec<ApiToken>, Failure> {
        Ok(self.account(username, purpose).await?.1)
    }

    /// A user the operator manages, with their tokens (newest first): one user's page.
    pub async fn account(&self, username: &str, purpose: &str) -> Result<(User, Vec<ApiToken>), Failure> {
        let user = self.managed(username, purpose).await?;
        let tokens = self.store.user_tokens(user.id).await?;
        Ok((user, tokens))
    }

    /// Revokes one of a user's tokens: it opens nothing from now on.
    pub async fn revoke_token(&self, username: &str, token: &str, purpose: &str) -> Result<ApiToken, Failure> {
        let user = self.managed(username, purpose).await?;
        let unknown = || Failure::Invalid(Invalid::one("token", "unknown-token"));
        let id: TokenId = token.trim().parse().map_err(|_| unknown())?;
        let found = self.store.user_tokens(user.id).await?.into_iter().find(|t| t.id == id).ok_or_else(unknown)?;
        let audit = self.event(AuditAction::TokenRevoke, purpose).subject(SubjectKind::Token, id.0);
        self.store.revoke_token(id, &audit).await?;
        Ok(ApiToken { revoked: true, ..found })
    }

    /// Every area, for the install's administrator.
    pub async fn areas(&self) -> Result<Vec<Area>, Failure> {
        self.may_manage_install()?;
        Ok(self.store.areas().await?)
    }

    /// Every agency, for the install's administrator.
    pub async fn agencies(&self) -> Result<Vec<Agency>, Failure> {
        self.may_manage_install()?;
        Ok(self.store.agencies().await?)
    }

    /// Every sharing agreement, in force or not.
    pub async fn agreements(&self) -> Result<Vec<Agreement>, Failure> {
        self.may_manage_install()?;
        Ok(self.store.agreements().await?)
    }

    /// A sharing agreement among agencies (by code): each class shared with each kind, about
    /// `scope`, for `roles`, between its dates. One that overlaps an agreement among the same
    /// agencies is refused: their grants would add up unseen.
    pub async fn create_agreement(&self, new: &NewAgreement<'_>, purpose: &str) -> Result<Agreement, Failure> {
        self.may_manage_install()?;
        let mut e = Invalid::default();
        let name = e.check("name", clean(new.name, 200, false));
        let agreement_purpose = e.check("purpose", clean(new.purpose, 500, false));
        let mut members = Vec::new();
        for code in &new.members {
            if let Some(a) = self.agency_by_code("members", code, &mut e).await? {
                members.push(a.id);
            }
        }
        let classes = list(&mut e, "classes", &new.classes, RecordClass::parse);
        let to = list(&mut e, "to", &new.to, AgencyKind::parse);
        let scope = e.check("scope", Scope::parse(new.scope.trim()));
        let roles = e.check("roles", Roles::parse(if new.roles.trim().is_empty() { "all" } else { new.roles }));
        let starts_on = e.check("starts_on", date(new.starts_on));
        let ends_on = optional_date(&mut e, "ends_on", new.ends_on);
        let review_on = optional_date(&mut e, "review_on", new.review_on);
        let (
            Some(name),
            Some(agreement_purpose),
            Some(scope),
            Some(roles),
            Some(starts_on),
            Some(ends_on),
            Some(review_on),
        ) = (name, agreement_purpose, scope, roles, starts_on, ends_on, review_on)
        else {
            return Err(Failure::Invalid(e));
        };
        let grants = classes.iter().flat_map(|c| to.iter().map(move |k| Grant { roles, ..Grant::new(*c, *k, scope) }));
        let agreement = Agreement {
            id: AgreementId::new(),
            name,
            purpose: agreement_purpose,
            members,
            grants: grants.collect(),
            starts_on,
            ends_on,
            review_on,
        };
        if let Err(more) = agreement.check() {
            e.0.extend(more.0);
        }
        let overlaps =
            self.store.agreements().await?.into_iter().any(|a| same_members(&a, &agreement) && overlap(&a, &agreement));
        if overlaps {
            e.push("starts_on", "overlaps-agreement");
        }
        if !e.is_empty() {
            return Err(Failure::Invalid(e));
        }
        let audit = self.event(AuditAction::AgreementCreate, purpose).subject(SubjectKind::Agreement, agreement.id.0);
        self.store.create_agreement(&agreement, &audit).await?;
        Ok(agreement)
    }

    pub(crate) async fn agency_by_code(
        &self,
        field: &str,
        raw: &str,
        e: &mut Invalid,
    ) -> Result<Option<Agency>, StoreError> {
        let Some(code) = e.check(field, AgencyCode::parse(raw)) else { return Ok(None) };
        let found = self.store.agency_by_code(&code).await?;
        if found.is_none() {
            e.push(field, "unknown-agency");
        }
        Ok(found)
    }
}

/// A store's "already taken" as the field's problem.
fn field_taken(field: &'static str) -> impl Fn(StoreError) -> Failure {
    move |e| match e {
        StoreError::Duplicate { .. } => Failure::Invalid(Invalid::one(field, "duplicate")),
        other => other.into(),
    }
}

fn internal(e: anyhow::Error) -> Failure {
    Failure::Store(StoreError::Backend(e.to_string()))
}

/// A date as `YYYY-MM-DD`.
pub(crate) fn date(raw: &str) -> Result<NaiveDate, &'static str> {
    match raw.trim() {
        "" => Err("required"),
        raw => NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| "date-format"),
    }
}

pub(crate) fn optional_date(e: &mut Invalid, field: &str, raw: &str) -> Option<Option<NaiveDate>> {
    match raw.trim() {
        "" => Some(None),
        raw => e.check(field, date(raw)).map(Some),
    }
}

/// Every item of a comma-separated list parsed, or the first bad one named; at least one.
fn list<T>(e: &mut Invalid, field: &str, raw: &[&str], parse: fn(&str) -> Result<T, &'static str>) -> Vec<T> {
    let items: Vec<&str> = raw.iter().flat_map(|r| r.split(',')).map(str::trim).filter(|r| !r.is_empty()).collect();
    if items.is_empty() {
        e.push(field, "required");
        return Vec::new();
    }
    let mut out = Vec::new();
    for item in items {
        match parse(item) {
            Ok(v) => out.push(v),
            Err(code) => {
                e.push(field, code);
                return Vec::new();
            }
        }
    }
    out
}

/// The last moment of a UK day (a token expiring "on" a day works through it).
fn end_of(day: NaiveDate) -> DateTime<Utc> {
    day.succ_opt()
        .and_then(|d| haven_domain::uktime::parse_uk(&d.format("%Y-%m-%d").to_string(), "00:00").ok())
        .unwrap_or_else(now)
}

fn same_members(a: &Agreement, b: &Agreement) -> bool {
    let mut x = a.members.clone();
    let mut y = b.members.clone();
    x.sort();
    y.sort();
    x == y
}

fn overlap(a: &Agreement, b: &Agreement) -> bool {
    let ends_after = |agreement: &Agreement, day: NaiveDate| agreement.ends_on.is_none_or(|end| end >= day);
    ends_after(a, b.starts_on) && ends_after(b, a.starts_on)
}
