//! The `haven` command line: `serve`, `demo`, `admin`. Every sub-command opens the same store
//! (`--data DIR` for the embedded SQLite store, `--database-url postgres://…` for PostgreSQL)
//! and goes through the same library code as the web.

pub mod admin;
pub mod demo;
pub mod import;
pub mod link;
pub mod naira;
pub mod open;
pub mod report;

use anyhow::Context;
use chrono::{NaiveDate, Utc};
use clap::{Parser, Subcommand};
use haven_domain::audit::{AuditAction, AuditEvent, Detail};
use haven_store::Store;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(name = "haven", version, about = "Keeping children who go missing or are exploited safe, together")]
pub struct Cli {
    #[command(flatten)]
    pub store: open::StoreArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web pages and the API.
    Serve {
        /// Address to listen on. Use 127.0.0.1 unless a reverse proxy with TLS is in front.
        #[arg(long, env = "HAVEN_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Load the demo force on first start (into an empty store) and print its sign-ins.
        #[arg(long)]
        demo: bool,
        /// Mark cookies Secure (set this when haven is served over HTTPS).
        #[arg(long, env = "HAVEN_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Use the deferred NAIRA grade, holding a report at most this many hours before it
        /// becomes medium by itself (Torbay piloted 6), in areas without rules of their own
        /// (`haven admin set-rules` sets an area's). Off unless given.
        #[arg(long, env = "HAVEN_NAIRA_HOLD_HOURS", value_parser = clap::value_parser!(i64).range(1..=24))]
        naira_hold_hours: Option<i64>,
        /// A reverse proxy's address whose X-Forwarded-For is believed for the client's address
        /// (sign-in throttling); repeat, or comma-separate in the variable. None by default.
        #[arg(long = "trusted-proxy", env = "HAVEN_TRUSTED_PROXIES", value_delimiter = ',')]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// A tile server for the hotspot map's backdrop: an https URL with {z}, {x} and {y}
        /// (e.g. https://tiles.example.gov.uk/{z}/{x}/{y}.png). Off unless given: users'
        /// browsers then fetch tiles from it, which tells it what part of the map is viewed.
        #[arg(long, env = "HAVEN_MAP_TILES")]
        map_tiles: Option<String>,
        /// The credit the tile server's terms ask for, shown on the map.
        #[arg(long, env = "HAVEN_MAP_TILES_ATTRIBUTION", default_value = "", requires = "map_tiles")]
        map_tiles_attribution: String,
        #[command(flatten)]
        oidc: OidcArgs,
    },
    /// Write the demo force (a fictional force and its partners) into an empty store.
    Demo {
        /// Multiply the people and places (1 = about 2,300 people and 400 locations).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
        scale: u32,
        /// Seed of the generator: the same seed and day give the same force.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Manage agencies, users and API tokens.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Reports run by the system for every agency: the morning brief.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Link a CSV of person records into one cluster per person (reads and writes files; opens no store).
    Link(link::LinkArgs),
    /// Import an agency's file of people into the store (and resume or roll back an import job).
    #[command(subcommand)]
    Import(import::ImportCommand),
}

/// Sign-in through the organisation's identity provider (OpenID Connect), beside passwords. Off
/// unless `--oidc-issuer` is given; then the client id, the secret and the public URL are needed.
#[derive(Debug, clap::Args)]
pub struct OidcArgs {
    /// The identity provider's issuer, exactly as it names itself (Entra ID:
    /// https://login.microsoftonline.com/TENANT-ID/v2.0). Its discovery document is read at
    /// start-up: haven does not start if it cannot be.
    #[arg(long, env = "HAVEN_OIDC_ISSUER", requires_all = ["oidc_client_id", "oidc_client_secret", "public_url"])]
    pub oidc_issuer: Option<String>,
    /// haven's client (application) id at the provider.
    #[arg(long, env = "HAVEN_OIDC_CLIENT_ID", requires = "oidc_issuer")]
    pub oidc_client_id: Option<String>,
    /// haven's client secret at the provider. Prefer the variable: a flag's value is visible to
    /// anyone who can list the machine's processes.
    #[arg(long, env = "HAVEN_OIDC_CLIENT_SECRET", hide_env_values = true, requires = "oidc_issuer")]
    pub oidc_client_secret: Option<haven_web::oidc::Secret>,
    /// The address users reach haven at (https://haven.example.gov.uk); the redirect URI to
    /// register at the provider is this followed by /sign-in/oidc/callback.
    #[arg(long, env = "HAVEN_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// What the sign-in button calls the provider ("Sign in with …"), such as "Dyfed-Powys Police
    /// account".
    #[arg(long, env = "HAVEN_OIDC_NAME", default_value = "your organisation account")]
    pub oidc_name: String,
    /// The ID token's claim that identifies a user: `sub`, or `oid` for Entra ID's object id
    /// (the same in every application, and shown in the Entra admin centre).
    #[arg(long, env = "HAVEN_OIDC_IDENTITY_CLAIM", default_value = "sub", value_parser = ["sub", "oid"])]
    pub oidc_identity_claim: String,
}

impl OidcArgs {
    /// The provider, discovered, when one is configured.
    pub async fn provider(&self) -> anyhow::Result<Option<haven_web::oidc::Provider>> {
        let Some(issuer) = &self.oidc_issuer else { return Ok(None) };
        let settings = haven_web::oidc::OidcSettings {
            issuer: issuer.clone(),
            client_id: self.oidc_client_id.clone().unwrap_or_default(),
            client_secret: self
                .oidc_client_secret
                .clone()
                .unwrap_or_else(|| haven_web::oidc::Secret::new(String::new())),
            public_url: self.public_url.clone().unwrap_or_default(),
            name: self.oidc_name.clone(),
            identity_claim: haven_web::oidc::IdentityClaim::parse(&self.oidc_identity_claim)
                .map_err(|_| anyhow::anyhow!("--oidc-identity-claim must be sub or oid"))?,
        };
        let provider = haven_web::oidc::Provider::discover(&settings).await?;
        tracing::info!(issuer = %issuer, claim = %self.oidc_identity_claim, "sign-in through the identity provider is on");
        Ok(Some(provider))
    }
}

/// Today in the United Kingdom: the date practitioners mean.
pub fn uk_today() -> NaiveDate {
    haven_domain::uktime::uk_date(Utc::now())
}

pub async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("haven: {e:#}");
            ExitCode::FAILURE
        }
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Link(args) = &cli.command {
        return link::run(args).map(drop);
    }
    let store = open::open(&cli.store).await?;
    match cli.command {
        Command::Serve {
            bind,
            demo,
            secure_cookies,
            naira_hold_hours,
            trusted_proxies,
            map_tiles,
            map_tiles_attribution,
            oidc,
        } => {
            let map_tiles = map_tiles
                .map(|t| haven_web::map_tiles::TileSource::parse(&t, &map_tiles_attribution))
                .transpose()
                .map_err(|e| anyhow::anyhow!("--map-tiles: {e}"))?;
            let config = haven_web::WebConfig {
                secure_cookies,
                demo,
                missing_rules: naira::rules(naira_hold_hours),
                trusted_proxies,
                oidc: oidc.provider().await?,
                map_tiles,
                ..haven_web::WebConfig::default()
            };
            serve(store, bind, config).await
        }
        Command::Demo { scale, seed } => {
            let loaded = load_demo(&store, scale, seed).await?;
            print_sign_ins(&loaded);
            Ok(())
        }
        Command::Admin(cmd) => admin::run(&store, cmd).await,
        Command::Report(cmd) => report::run(&store, cmd).await,
        Command::Import(cmd) => import::run(&store, cmd).await,
        Command::Link(args) => link::run(&args).map(drop),
    }
}

async fn serve(store: Arc<dyn Store>, bind: SocketAddr, config: haven_web::WebConfig) -> anyhow::Result<()> {
    if config.demo {
        let sign_ins = if store.count_people().await? == 0 && store.agencies().await?.is_empty() {
            load_demo(&store, 1, 2026).await?
        } else {
            // Already loaded on an earlier start: the accounts are the same for the same seed.
            demo::generate(demo::DemoOptions { scale: 1, seed: 2026, today: uk_today() }, "").sign_ins
        };
        print_sign_ins(&sign_ins);
    }
    let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| format!("cannot listen on {bind}"))?;
    let local = listener.local_addr()?;
    tracing::info!(%local, backend = store.backend(), "haven is listening");
    println!("haven is listening on http://{local}/");
    let _naira = naira::spawn(store.clone(), config.missing_rules.clone());
    haven_web::serve(listener, haven_web::AppState::new(store, config)).await?;
    Ok(())
}

/// Writes the demo force into an empty store, all in one transaction, then its partner directory.
pub async fn load_demo(store: &Arc<dyn Store>, scale: u32, seed: u64) -> anyhow::Result<Vec<demo::DemoSignIn>> {
    if store.count_people().await? > 0 || !store.agencies().await?.is_empty() {
        anyhow::bail!("the store already holds data: the demo force is loaded only into an empty store");
    }
    let hash = haven_web::auth::password::hash_blocking(demo::DEMO_PASSWORD.to_owned()).await?;
    let force = demo::generate(demo::DemoOptions { scale, seed, today: uk_today() }, &hash);
    let audit = AuditEvent::system("cli", AuditAction::DemoLoad, "haven demo", Utc::now()).detail(Detail::Demo {
        scale,
        seed,
        people: force.load.people.len(),
        locations: force.load.locations.len(),
    });
    store.bulk_load(&force.load, &audit).await.context("loading the demo force")?;
    tracing::info!(people = force.load.people.len(), "demo force loaded");
    // Then whom children were found with and where, and whom they disclosed (issue 20), each
    // association with its own event, as the police and the interviewer record them.
    for association in demo::network::generate(&force.load, seed) {
        let event = AuditEvent::system("cli", AuditAction::AssociationAdd, "haven demo", Utc::now())
            .subject(haven_domain::audit::SubjectKind::Episode, association.episode.0)
            .detail(Detail::Code(association.relation.code()));
        store.add_association(&association, &event).await.context("loading the demo's associations")?;
    }
    // Then each area's partner directory, each team and pathway with its own event.
    let (teams, pathways) = demo::directory::generate(&force.load.areas, &force.load.agencies);
    for team in &teams {
        let event = AuditEvent::system("cli", AuditAction::TeamCreate, "haven demo", Utc::now())
            .subject(haven_domain::audit::SubjectKind::Team, team.id.0)
            .detail(Detail::Code(team.details.kind.code()));
        store.create_team(team, &event).await.context("loading the demo's partner directory")?;
    }
    for pathway in &pathways {
        let event = AuditEvent::system("cli", AuditAction::PathwayCreate, "haven demo", Utc::now())
            .subject(haven_domain::audit::SubjectKind::Pathway, pathway.id.0);
        store.create_pathway(pathway, &event).await.context("loading the demo's partner directory")?;
    }
    // Then each area's child population, so that the figures show rates: set as an
    // administrator sets one, through the same action.
    let operator = haven_app::admin::Operator::command_line(store.as_ref());
    let as_of = NaiveDate::from_ymd_opt(chrono::Datelike::year(&uk_today()) - 1, 6, 30).unwrap_or_else(uk_today);
    let as_of = as_of.format("%Y-%m-%d").to_string();
    let source = format!("{} {}", demo::population::SOURCE, &as_of[..4]);
    for area in &force.load.areas {
        let counts = demo::population::counts(area, scale);
        let change = haven_app::population::PopulationChange { source: &source, as_of: &as_of, counts: &counts };
        operator
            .set_area_population(area.code.as_str(), &change, "haven demo")
            .await
            .map_err(|e| anyhow::anyhow!("setting the demo's child population: {e:?}"))?;
    }
    Ok(force.sign_ins)
}

fn print_sign_ins(sign_ins: &[demo::DemoSignIn]) {
    println!("Demo sign-ins (fictional data; every password is {}):", demo::DEMO_PASSWORD);
    for s in sign_ins {
        println!("  {:<32} {:<13} {}", s.username, s.role.code(), s.agency);
    }
}
