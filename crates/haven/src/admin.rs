//! `haven admin …`: agencies, users and API tokens from the command line. Each command parses its
//! flags into domain types first, so a mistyped code is refused before anything is written, and
//! each write carries its audit event.

use anyhow::{Context, anyhow};
use chrono::Utc;
use clap::Subcommand;
use haven_domain::agency::{Agency, AgencyCode, AgencyKind};
use haven_domain::audit::{AuditAction, AuditEvent, SubjectKind};
use haven_domain::ids::{AgencyId, TokenId, UserId};
use haven_domain::text::clean;
use haven_domain::user::{Role, User, Username};
use haven_store::{ApiToken, Store, StoreError};
use haven_web::auth::{password, token};
use std::sync::Arc;

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Add an agency. Kinds: police, local_authority, health, education, rhi_provider,
    /// youth_justice, commissioner.
    CreateAgency {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        kind: String,
    },
    /// Add a user and print a one-time password. Roles: practitioner, supervisor, mace_chair,
    /// analyst, scrutiny, admin.
    CreateUser {
        #[arg(long)]
        username: String,
        /// The code of the user's agency.
        #[arg(long)]
        agency: String,
        #[arg(long)]
        role: String,
        /// The name shown on pages and in the audit trail (defaults to the username).
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Issue an API token for a user and print it (it is shown once, and stored only as a hash).
    IssueToken {
        #[arg(long)]
        username: String,
        /// What the token is for ("case management sync").
        #[arg(long, default_value = "api")]
        name: String,
    },
}

/// Turns a parse error into a message naming the flag, for the person at the terminal.
fn flag<T>(name: &str, parsed: Result<T, &'static str>) -> anyhow::Result<T> {
    parsed.map_err(|code| anyhow!("--{name}: {}", explain(code)))
}

fn explain(code: &str) -> &'static str {
    match code {
        "required" => "a value is needed",
        "too-long" => "the value is too long",
        "agency-code-format" => "use 2 to 20 letters, digits or hyphens",
        "username-format" => "use 3 to 64 lower-case letters, digits, dots, hyphens or underscores",
        "unknown-code" => "not one of the codes listed in --help",
        "control-characters" => "the value holds control characters",
        _ => "the value is not valid",
    }
}

fn audit(action: AuditAction, purpose: &str) -> AuditEvent {
    AuditEvent::system("cli", action, purpose, Utc::now())
}

pub async fn run(store: &Arc<dyn Store>, cmd: AdminCommand) -> anyhow::Result<()> {
    match cmd {
        AdminCommand::CreateAgency { code, name, kind } => {
            let agency = Agency {
                id: AgencyId::new(),
                code: flag("code", AgencyCode::parse(&code))?,
                name: flag("name", clean(&name, 200, false))?,
                kind: flag("kind", AgencyKind::parse(&kind))?,
                area_id: None,
            };
            let event =
                audit(AuditAction::AgencyCreate, "haven admin create-agency").subject(SubjectKind::Agency, agency.id.0);
            store.create_agency(&agency, &event).await.map_err(|e| match e {
                StoreError::Duplicate { .. } => anyhow!("--code: an agency with code {} already exists", agency.code),
                other => anyhow!(other),
            })?;
            println!("Created agency {} ({}, {})", agency.code, agency.name, agency.kind);
        }
        AdminCommand::CreateUser { username, agency, role, display_name } => {
            let username = flag("username", Username::parse(&username))?;
            let code = flag("agency", AgencyCode::parse(&agency))?;
            let role = flag("role", Role::parse(&role))?;
            let display_name = match display_name {
                Some(d) => flag("display-name", clean(&d, 100, false))?,
                None => username.to_string(),
            };
            let agency =
                store.agency_by_code(&code).await?.ok_or_else(|| anyhow!("--agency: no agency has code {code}"))?;
            let one_time = password::generate();
            let hash = password::hash_blocking(one_time.clone()).await?;
            let user = User {
                id: UserId::new(),
                username: username.clone(),
                display_name,
                agency_id: agency.id,
                role,
                disabled: false,
            };
            let event = audit(AuditAction::UserCreate, "haven admin create-user").subject(SubjectKind::User, user.id.0);
            store.create_user(&user, &hash, &event).await.map_err(|e| match e {
                StoreError::Duplicate { .. } => anyhow!("--username: {username} is already taken"),
                other => anyhow!(other),
            })?;
            println!("Created {username} ({role}) at {}.", agency.name);
            println!("One-time password (shown once): {one_time}");
        }
        AdminCommand::IssueToken { username, name } => {
            let username = flag("username", Username::parse(&username))?;
            let name = flag("name", clean(&name, 100, false))?;
            let (user, _) = store
                .user_with_credentials(&username)
                .await?
                .ok_or_else(|| anyhow!("--username: no user is called {username}"))?;
            let secret = token::generate_api_token();
            let record = ApiToken {
                id: TokenId::new(),
                user_id: user.id,
                name,
                token_hash: token::hash_secret(&secret),
                created_at: Utc::now(),
                expires_at: None,
                revoked: false,
            };
            let event =
                audit(AuditAction::TokenIssue, "haven admin issue-token").subject(SubjectKind::Token, record.id.0);
            store.create_token(&record, &event).await.context("storing the token")?;
            println!("{secret}");
        }
    }
    Ok(())
}
