//! `haven admin …`: setting up and running an install from the command line, for scripting.
//! Each command is the application layer's action (`haven_app::admin`, as the API and the
//! pages use it), run as the install's owner; a bad value is refused by its flag, before
//! anything is written, and every change carries its audit event.

use anyhow::anyhow;
use clap::Subcommand;
use haven_app::Failure;
use haven_app::admin::{NewAgreement, Operator, UserChange};
use haven_app::places::{NewLocation, NewPlacement};
use haven_app::population::PopulationChange;
use haven_app::rules::RulesChange;
use haven_domain::missing::MissingRules;
use haven_domain::missing::rules::{Preset, Setting};
use haven_domain::missing::rules_form;
use haven_store::Store;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Add an area: a police basic command unit (`bcu`) or a local authority (`local_authority`).
    CreateArea {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        kind: String,
    },
    /// Add an agency. Kinds: police, local_authority, health, education, rhi_provider,
    /// youth_justice, commissioner.
    CreateAgency {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        kind: String,
        /// The code of the area it serves, if any.
        #[arg(long, default_value = "")]
        area: String,
    },
    /// Add a user and print a one-time password. Roles: practitioner, supervisor, inspector,
    /// mace_chair, analyst, scrutiny, admin, system_admin.
    CreateUser {
        #[arg(long)]
        username: String,
        /// The code of the user's agency.
        #[arg(long)]
        agency: String,
        #[arg(long)]
        role: String,
        /// The name shown on pages and in the audit trail (defaults to the username).
        #[arg(long, default_value = "")]
        display_name: String,
    },
    /// List the users, by username.
    ListUsers,
    /// Change a user's role or display name, or link them to their identity at the
    /// organisation's identity provider.
    ChangeUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        role: Option<String>,
        #[arg(long)]
        display_name: Option<String>,
        /// Who they are at the identity provider (its `sub` claim; Entra ID's object id with
        /// `--oidc-identity-claim oid`), so that they may sign in there. `--identity ""` unlinks.
        #[arg(long)]
        identity: Option<String>,
    },
    /// Disable a user: their sessions end and their tokens open nothing, at once.
    DisableUser {
        #[arg(long)]
        username: String,
    },
    /// Enable a disabled user again.
    EnableUser {
        #[arg(long)]
        username: String,
    },
    /// Set a new one-time password, to be changed at the next sign-in, and print it.
    ResetPassword {
        #[arg(long)]
        username: String,
    },
    /// Issue an API token for a user and print it (it is shown once, and stored only as a hash).
    IssueToken {
        #[arg(long)]
        username: String,
        /// What the token is for ("case management sync").
        #[arg(long, default_value = "api")]
        name: String,
        /// The last day it works, YYYY-MM-DD (default: a year from today).
        #[arg(long, default_value = "")]
        expires: String,
    },
    /// List a user's tokens: id, name, issued, expires, revoked.
    ListTokens {
        #[arg(long)]
        username: String,
    },
    /// Revoke one of a user's tokens: it opens nothing from now on.
    RevokeToken {
        #[arg(long)]
        username: String,
        /// The token's id, as `list-tokens` shows it.
        #[arg(long)]
        token: String,
    },
    /// Add a sharing agreement: the members share each class with member agencies of each kind.
    CreateAgreement {
        #[arg(long)]
        name: String,
        #[arg(long)]
        purpose: String,
        /// Member agencies' codes, comma-separated (at least two).
        #[arg(long, value_delimiter = ',')]
        members: Vec<String>,
        /// Record classes: identity, police_assessment, episode_summary, rhi_content, health,
        /// education, exploitation_screening.
        #[arg(long, value_delimiter = ',')]
        classes: Vec<String>,
        /// The kinds of member agency the classes go to.
        #[arg(long, value_delimiter = ',')]
        to: Vec<String>,
        /// `cohort` (everyone the sharer holds) or `own_cases` (only people the receiver holds).
        #[arg(long, default_value = "cohort")]
        scope: String,
        /// `all`, or the receiving roles, comma-separated.
        #[arg(long, default_value = "all")]
        roles: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        starts: String,
        #[arg(long, default_value = "")]
        ends: String,
        #[arg(long, default_value = "")]
        review: String,
    },
    /// Add a location and print its id. Kinds: family_home, foster_placement, childrens_home,
    /// supported_lodging, asylum_hotel, school_or_college, premises_of_concern, public_place.
    CreateLocation {
        #[arg(long)]
        kind: String,
        /// The place's name, if it has one ("Tŷ Gwyn children's home").
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long)]
        address: String,
        #[arg(long, default_value = "")]
        postcode: String,
        /// The code of the area it lies in.
        #[arg(long, default_value = "")]
        area: String,
        /// Decimal degrees (WGS84); give both or neither.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        latitude: String,
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        longitude: String,
    },
    /// Place a person at a location from a date (and to a date, if it has ended); print its id.
    AddPlacement {
        /// The person's id, or AGENCY:reference (the reference that agency holds them under).
        #[arg(long)]
        person: String,
        /// The location's id, as `create-location` prints it.
        #[arg(long)]
        location: String,
        /// `care_placement` or `home_address`.
        #[arg(long, default_value = "care_placement")]
        kind: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        started_on: String,
        /// YYYY-MM-DD; leave out while the placement lasts.
        #[arg(long, default_value = "")]
        ended_on: String,
        /// The code of the local authority that placed the child.
        #[arg(long, default_value = "")]
        placing_authority: String,
    },
    /// Save a new version of an area's missing-episode rules: a preset (or the rules in force
    /// for the area) with any setting changed. A value given here is set locally: it is no
    /// longer marked as a placeholder. Nothing is written if any setting is refused.
    SetRules {
        /// The area's code.
        #[arg(long)]
        area: String,
        /// Start from `england` (the statutory 72-hour interview) or `wales` (the All Wales
        /// practice guide's debrief, care leavers up to 25). Default: the rules in force for
        /// the area, else England.
        #[arg(long)]
        preset: Option<String>,
        /// Hours from return within which the return home interview (debrief) is due.
        #[arg(long)]
        rhi_hours: Option<String>,
        /// Switch NAIRA on with this longest hold (1 to 24 hours), escalating to medium; 0
        /// switches it off.
        #[arg(long)]
        naira_hold_hours: Option<String>,
        /// Hours after which an episode counts as long.
        #[arg(long)]
        long_episode_hours: Option<String>,
        /// `low`, or `very_low` where the force uses the APP's lowest tier.
        #[arg(long)]
        lowest_grade: Option<String>,
        /// `children`, or `care_leavers_to_25`.
        #[arg(long)]
        ages: Option<String>,
        /// Any setting by name, repeatable: `--set reviews.high.supervisor=2`,
        /// `--set repeat.0.window_days=30`, `--set rhi_term=debrief`.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// The first day it applies, YYYY-MM-DD (default: at once).
        #[arg(long, default_value = "")]
        applies_from: String,
    },
    /// Save a new version of an area's child population (children aged 0–17), against which
    /// the figures for boards show rates per 1,000. The file is CSV with the header
    /// `group,children`, one row per group: `total` (required), `sex.female`, `sex.male`,
    /// `age.under_10`, `age.10_to_12`, `age.13_to_15`, `age.16_to_17`, `ethnicity.asian`,
    /// `ethnicity.black`, `ethnicity.mixed`, `ethnicity.white`, `ethnicity.other`; a group left
    /// out has no rate. Nothing is written if any value is refused.
    SetPopulation {
        /// The area's code.
        #[arg(long)]
        area: String,
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        /// Where the numbers come from, e.g. "ONS mid-2024 population estimates".
        #[arg(long)]
        source: String,
        /// The date the numbers are as of, YYYY-MM-DD (30 June for mid-year estimates).
        #[arg(long)]
        as_of: String,
    },
    /// Show an area's child population in use and its versions.
    ShowPopulation {
        #[arg(long)]
        area: String,
    },
    /// Show the missing-episode rules in force for an area and its versions.
    ShowRules {
        #[arg(long)]
        area: String,
    },
    /// Import locations and placements from a CSV file, all or nothing: every row is checked
    /// first and nothing is written if any is refused. Header (any order; only `record`
    /// required): record,key,kind,name,address,postcode,area,latitude,longitude,person,location,
    /// started_on,ended_on,placing_authority. A `location` row uses kind..longitude and an
    /// optional `key` naming it in the file; a `placement` row uses kind (care_placement or
    /// home_address), person (an id or AGENCY:reference), location (a key of this file or a
    /// location's id), started_on, ended_on and placing_authority.
    ImportPlaces {
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// List locations (id, kind, name, address, postcode) whose name, address or postcode
    /// contains the text.
    ListLocations {
        #[arg(long, default_value = "")]
        q: String,
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// End a placement on a day (or correct the day it ended).
    EndPlacement {
        /// The placement's id, as `add-placement` prints it.
        #[arg(long)]
        placement: String,
        /// YYYY-MM-DD: the last day of the placement.
        #[arg(long)]
        ended_on: String,
    },
}

/// Every setting of the rules, one a line, placeholders marked.
fn print_rules(rules: &MissingRules) {
    let placeholder = |setting| if rules.is_placeholder(setting) { "  (placeholder: to be set locally)" } else { "" };
    for (name, value) in rules_form::values(rules) {
        if name.starts_with("to_set_locally.") {
            continue;
        }
        let setting = rules_form::TO_SET_LOCALLY
            .iter()
            .map(|(s, _)| *s)
            .find(|s| name == s.code() || name.starts_with(&format!("{}.", s.code())));
        println!("  {name} = {value}{}", setting.map_or("", placeholder));
    }
}

/// A refusal for the person at the terminal: each problem by its flag.
/// The rows of a population file: `group,children` (header required, any order, other
/// columns ignored), each as typed for [`PopulationChange`]; blank lines skipped.
fn population_rows(bytes: &[u8]) -> anyhow::Result<Vec<(String, String)>> {
    let text = std::str::from_utf8(bytes).map_err(|_| anyhow!("not UTF-8 text"))?;
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| anyhow!("cannot read the header: {e}"))?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .ok_or_else(|| anyhow!("the header needs a `{name}` column (group,children)"))
    };
    let (group, children) = (column("group")?, column("children")?);
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| anyhow!("row {}: {e}", i + 2))?;
        let g = row.get(group).unwrap_or_default();
        if g.is_empty() && row.iter().all(str::is_empty) {
            continue;
        }
        out.push((g.to_owned(), row.get(children).unwrap_or_default().to_owned()));
    }
    Ok(out)
}

/// A population refused: the flags by name, the file's groups as `FILE: group sex.female: …`.
fn population_refused(file: &std::path::Path, e: Failure) -> anyhow::Error {
    match e {
        Failure::Invalid(invalid) => {
            let lines: Vec<String> = invalid
                .0
                .iter()
                .map(|p| match p.field.as_str() {
                    f @ ("area" | "source" | "as_of") => format!("--{}: {}", f.replace('_', "-"), explain(p.code)),
                    f => format!("{}: group {f}: {} ({})", file.display(), explain(p.code), p.code),
                })
                .collect();
            anyhow!(lines.join("\n"))
        }
        other => refused(other),
    }
}

fn print_population(v: &haven_domain::figures::PopulationVersion) {
    let p = &v.population;
    println!(
        "In use: version {} ({}, as of {}), saved {} by {}.",
        v.number,
        p.source,
        p.as_of,
        v.saved_at.to_rfc3339(),
        v.saved_by_label
    );
    for (group, n) in p.counts() {
        println!("  {group:<20} {n}");
    }
}

fn refused(e: Failure) -> anyhow::Error {
    match e {
        Failure::Invalid(invalid) => {
            let lines: Vec<String> = invalid
                .0
                .iter()
                .map(|p| match p.field.as_str() {
                    // A file's problems name their row and column, not a flag.
                    f if f.starts_with("row ") || f.starts_with("header: ") || f == "file" => {
                        format!("{f}: {} ({})", explain(p.code), p.code)
                    }
                    f => format!("--{}: {}", flag_of(f), explain(p.code)),
                })
                .collect();
            anyhow!(lines.join("\n"))
        }
        Failure::NotFound => anyhow!("not found"),
        Failure::Forbidden(reason) => anyhow!("refused: {reason}"),
        Failure::Conflict => anyhow!("changed by someone else meanwhile: try again"),
        Failure::Store(e) => anyhow!(e),
    }
}

/// The flag a field is typed in (`starts_on` is `--starts`).
fn flag_of(field: &str) -> String {
    match field {
        "starts_on" => "starts".to_owned(),
        "ends_on" => "ends".to_owned(),
        "review_on" => "review".to_owned(),
        "expires_on" => "expires".to_owned(),
        "person_id" => "person".to_owned(),
        "location_id" => "location".to_owned(),
        "placement_id" => "placement".to_owned(),
        "rhi_within_hours" => "rhi-hours".to_owned(),
        "naira.max_hold_hours" => "naira-hold-hours".to_owned(),
        // Any other setting of the rules is typed as `--set NAME=…`.
        other if other.contains('.') || other == "rhi_term" => format!("set {other}"),
        other => other.replace('_', "-"),
    }
}

fn explain(code: &str) -> &'static str {
    match code {
        "required" => "a value is needed",
        "too-long" => "the value is too long",
        "agency-code-format" => "use 2 to 20 letters, digits or hyphens",
        "username-format" => "use 3 to 64 lower-case letters, digits, dots, hyphens or underscores",
        "unknown-code" => "not one of the codes listed in --help",
        "control-characters" => "the value holds control characters",
        "duplicate" => "already exists",
        "unknown-agency" => "no agency has this code",
        "unknown-area" => "no area has this code",
        "unknown-user" => "no user is called this",
        "unknown-token" => "this user has no token with this id",
        "unknown-role" => "not a role listed in --help",
        "date-format" => "use YYYY-MM-DD",
        "in-the-past" => "the date has passed",
        "ends-before-start" => "ends before it starts",
        "review-before-start" => "review falls before it starts",
        "overlaps-agreement" => "these agencies already have an agreement for some of these dates",
        "agreement-needs-two-members" => "an agreement needs at least two agencies",
        "repeated" => "named twice",
        "postcode-format" => "not a UK postcode",
        "number-format" => "not a number",
        "whole-number" => "not a whole number",
        "coordinates-outside-uk" => "outside the UK (are latitude and longitude swapped?)",
        "coordinates-need-both" => "give both latitude and longitude, or neither",
        "id-format" => "not an id (nor AGENCY:reference)",
        "unknown-record" => "no such record",
        "not-a-local-authority" => "this agency is not a local authority",
        "unknown-column" => "not a column haven knows",
        "not-used-by-this-record" => "this kind of row does not use this column",
        "wrong-number-of-fields" => "has a different number of fields from the header",
        "not-csv-text" => "cannot be read as CSV text",
        "no-rows" => "the file has no rows",
        "too-many-rows" => "the file has too many rows for one import",
        "must-be-positive" => "must be a whole number greater than 0",
        "too-large" => "is larger than haven allows for this setting",
        "escalation-grade" => "NAIRA escalates to high, medium or low",
        "lowest-grade" => "the lowest grade is low or very_low",
        "grade-not-given" => "no report is given this grade under these rules",
        "negative" => "must not be negative",
        "more-than-total" => "is more than the total",
        "date-in-future" => "the date has not come yet",
        "out-of-range" => "is outside the values allowed",
        _ => "the value is not valid",
    }
}

const PURPOSE: &str = "haven admin";

pub async fn run(store: &Arc<dyn Store>, cmd: AdminCommand) -> anyhow::Result<()> {
    let op = Operator::command_line(store.as_ref());
    match cmd {
        AdminCommand::CreateArea { code, name, kind } => {
            let area = op.create_area(&code, &name, &kind, PURPOSE).await.map_err(refused)?;
            println!("Created area {} ({}, {})", area.code, area.name, area.kind);
        }
        AdminCommand::CreateAgency { code, name, kind, area } => {
            let agency = op.create_agency(&code, &name, &kind, &area, PURPOSE).await.map_err(refused)?;
            println!("Created agency {} ({}, {})", agency.code, agency.name, agency.kind);
        }
        AdminCommand::CreateUser { username, agency, role, display_name } => {
            let made = op.create_user(&username, &agency, &role, &display_name, PURPOSE).await.map_err(refused)?;
            println!("Created {} ({}).", made.user.username, made.user.role);
            println!("One-time password (shown once): {}", made.one_time_password);
        }
        AdminCommand::ListUsers => {
            for u in op.users().await.map_err(refused)? {
                let state = if u.disabled { "disabled" } else { "active" };
                let identity = u.identity.as_ref().map_or("", |i| i.as_str());
                println!("{}\t{}\t{}\t{state}\t{identity}", u.username, u.role, u.display_name);
            }
        }
        AdminCommand::ChangeUser { username, role, display_name, identity } => {
            let change = UserChange {
                role: role.as_deref(),
                display_name: display_name.as_deref(),
                disabled: None,
                identity: identity.as_deref(),
            };
            let user = op.change_user(&username, &change, PURPOSE).await.map_err(refused)?;
            println!("{} is now {} ({}).", user.username, user.role, user.display_name);
            if identity.is_some() {
                match &user.identity {
                    Some(id) => println!("{} signs in at the identity provider as {id}.", user.username),
                    None => println!("{} is not linked to an identity at the identity provider.", user.username),
                }
            }
        }
        AdminCommand::DisableUser { username } => {
            let change = UserChange { disabled: Some(true), ..UserChange::default() };
            let user = op.change_user(&username, &change, PURPOSE).await.map_err(refused)?;
            println!("{} is disabled: their sessions have ended and their tokens open nothing.", user.username);
        }
        AdminCommand::EnableUser { username } => {
            let change = UserChange { disabled: Some(false), ..UserChange::default() };
            let user = op.change_user(&username, &change, PURPOSE).await.map_err(refused)?;
            println!("{} is enabled.", user.username);
        }
        AdminCommand::ResetPassword { username } => {
            let one_time = op.reset_password(&username, PURPOSE).await.map_err(refused)?;
            println!("One-time password (shown once; to be changed at the next sign-in): {one_time}");
        }
        AdminCommand::IssueToken { username, name, expires } => {
            let (_, secret) = op.issue_token(&username, &name, &expires, PURPOSE).await.map_err(refused)?;
            println!("{secret}");
        }
        AdminCommand::ListTokens { username } => {
            for t in op.tokens(&username, PURPOSE).await.map_err(refused)? {
                let expires = t.expires_at.map_or_else(|| "never".to_owned(), |e| e.to_rfc3339());
                let state = if t.revoked { "revoked" } else { "live" };
                println!("{}\t{}\t{}\t{expires}\t{state}", t.id, t.name, t.created_at.to_rfc3339());
            }
        }
        AdminCommand::RevokeToken { username, token } => {
            let t = op.revoke_token(&username, &token, PURPOSE).await.map_err(refused)?;
            println!("Revoked token {} ({}).", t.id, t.name);
        }
        AdminCommand::CreateAgreement { name, purpose, members, classes, to, scope, roles, starts, ends, review } => {
            let new = NewAgreement {
                name: &name,
                purpose: &purpose,
                members: members.iter().map(String::as_str).collect(),
                classes: classes.iter().map(String::as_str).collect(),
                to: to.iter().map(String::as_str).collect(),
                scope: &scope,
                roles: &roles,
                starts_on: &starts,
                ends_on: &ends,
                review_on: &review,
            };
            let a = op.create_agreement(&new, PURPOSE).await.map_err(refused)?;
            println!("Created agreement {} ({}), {} grants, from {}.", a.id, a.name, a.grants.len(), a.starts_on);
        }
        AdminCommand::CreateLocation { kind, name, address, postcode, area, latitude, longitude } => {
            let new = NewLocation {
                kind: &kind,
                name: &name,
                address: &address,
                postcode: &postcode,
                area: &area,
                latitude: &latitude,
                longitude: &longitude,
            };
            let l = op.create_location(&new, PURPOSE).await.map_err(refused)?;
            println!("{}", l.id);
        }
        AdminCommand::AddPlacement { person, location, kind, started_on, ended_on, placing_authority } => {
            let new = NewPlacement {
                person: &person,
                location: &location,
                kind: &kind,
                started_on: &started_on,
                ended_on: &ended_on,
                placing_authority: &placing_authority,
            };
            let p = op.add_placement(&new, PURPOSE).await.map_err(refused)?;
            println!("{}", p.id);
        }
        AdminCommand::SetRules {
            area,
            preset,
            rhi_hours,
            naira_hold_hours,
            long_episode_hours,
            lowest_grade,
            ages,
            set,
            applies_from,
        } => {
            let shown = op.area_rules(&area).await.map_err(refused)?;
            let start = match preset.as_deref() {
                Some(p) => Preset::parse(p).map_err(|_| anyhow!("--preset: use england or wales"))?.rules(),
                None => shown.in_force.as_ref().map_or_else(MissingRules::default, |v| v.rules.clone()),
            };
            let mut values = rules_form::values(&start);
            let mut given = |name: &str, setting: Setting, value: Option<String>| {
                if let Some(value) = value {
                    values.insert(name.to_owned(), value);
                    // Typed by the operator: set locally, no longer a placeholder.
                    if let Some((_, flag)) = rules_form::TO_SET_LOCALLY.iter().find(|(s, _)| *s == setting) {
                        values.insert((*flag).to_owned(), String::new());
                    }
                }
            };
            given(rules_form::RHI_WITHIN_HOURS, Setting::RhiWithinHours, rhi_hours);
            given(rules_form::LONG_EPISODE_HOURS, Setting::LongEpisodeHours, long_episode_hours);
            given(rules_form::LOWEST_GRADE, Setting::LowestGrade, lowest_grade);
            given(rules_form::AGES, Setting::Ages, ages);
            match naira_hold_hours.as_deref().map(str::trim) {
                None => {}
                Some("0") => given(rules_form::NAIRA, Setting::Naira, Some(String::new())),
                Some(hours) => {
                    given(rules_form::NAIRA, Setting::Naira, Some("yes".into()));
                    given(rules_form::NAIRA_MAX_HOLD_HOURS, Setting::Naira, Some(hours.to_owned()));
                    if values.get(rules_form::NAIRA_ESCALATE_TO).is_none_or(String::is_empty) {
                        values.insert(rules_form::NAIRA_ESCALATE_TO.into(), "medium".into());
                    }
                }
            }
            for pair in &set {
                let (name, value) = pair.split_once('=').ok_or_else(|| anyhow!("--set {pair}: write NAME=VALUE"))?;
                let name = name.trim();
                if !values.contains_key(name) {
                    return Err(anyhow!("--set {name}: not a setting of the rules"));
                }
                values.insert(name.to_owned(), value.trim().to_owned());
            }
            let get = |name: &str| values.get(name).cloned();
            let change = RulesChange { settings: &get, applies_from: &applies_from, made_from: Some(shown.latest()) };
            let v = op.set_area_rules(&area, &change, PURPOSE).await.map_err(refused)?;
            println!("Saved {} (applies from {}).", v.rules.version, v.applies_from.to_rfc3339());
            print_rules(&v.rules);
        }
        AdminCommand::ShowRules { area } => {
            let shown = op.area_rules(&area).await.map_err(refused)?;
            match &shown.in_force {
                Some(v) => {
                    println!(
                        "In force: {} (applies from {}, saved by {}).",
                        v.rules.version,
                        v.applies_from.to_rfc3339(),
                        v.saved_by_label
                    );
                    print_rules(&v.rules);
                }
                None => println!(
                    "No rules of its own in force: the install's default applies (the England preset, with NAIRA \
                     as `haven serve --naira-hold-hours` sets it)."
                ),
            }
            for v in &shown.versions {
                println!(
                    "{}\tapplies from {}\tsaved {} by {}",
                    v.rules.version,
                    v.applies_from.to_rfc3339(),
                    v.saved_at.to_rfc3339(),
                    v.saved_by_label
                );
            }
        }
        AdminCommand::SetPopulation { area, file, source, as_of } => {
            let bytes = std::fs::read(&file).map_err(|e| anyhow!("{}: cannot read it: {e}", file.display()))?;
            let counts = population_rows(&bytes).map_err(|e| anyhow!("{}: {e}", file.display()))?;
            let change = PopulationChange { source: &source, as_of: &as_of, counts: &counts };
            let v = op.set_area_population(&area, &change, PURPOSE).await.map_err(|e| population_refused(&file, e))?;
            println!("Saved the child population of {} as version {}.", area.trim(), v.number);
            print_population(&v);
        }
        AdminCommand::ShowPopulation { area } => {
            let shown = op.area_population(&area).await.map_err(refused)?;
            match shown.current() {
                Some(v) => print_population(v),
                None => println!("No child population is set for {}: the figures show no rates.", shown.area.code),
            }
            for v in shown.versions.iter().skip(1) {
                println!(
                    "Earlier: version {} ({}, as of {}), saved {} by {}.",
                    v.number,
                    v.population.source,
                    v.population.as_of,
                    v.saved_at.to_rfc3339(),
                    v.saved_by_label
                );
            }
        }
        AdminCommand::ImportPlaces { file } => {
            let bytes = std::fs::read(&file).map_err(|e| anyhow!("{}: cannot read it: {e}", file.display()))?;
            let done = op.import_places(&bytes, PURPOSE).await.map_err(refused)?;
            println!("Imported {} locations and {} placements.", done.locations, done.placements);
        }
        AdminCommand::ListLocations { q, limit } => {
            for l in op.locations(&q, limit).await.map_err(refused)? {
                let postcode = l.postcode.map(String::from).unwrap_or_default();
                let name = l.name.unwrap_or_default();
                println!("{}\t{}\t{name}\t{}\t{postcode}", l.id, l.kind, l.address);
            }
        }
        AdminCommand::EndPlacement { placement, ended_on } => {
            let p = op.end_placement(&placement, &ended_on, PURPOSE).await.map_err(refused)?;
            println!("Placement {} ended on {}.", p.id, ended_on.trim());
        }
    }
    Ok(())
}
