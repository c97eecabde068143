//! What every handler shares: the store and the settings.

use crate::import_runs::ImportRuns;
use haven_domain::missing::MissingRules;
use haven_store::Store;
use std::sync::Arc;

/// Settings the web layer needs.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Set the `Secure` flag on cookies (true behind HTTPS; false for local http).
    pub secure_cookies: bool,
    /// Show the "demo data" banner on every page.
    pub demo: bool,
    /// Idle minutes after which a session ends.
    pub session_idle_minutes: i64,
    /// The missing-episode rules in force (review intervals, the RHI's hours, NAIRA if the
    /// force uses it): the domain's documented defaults unless the command line sets them.
    pub missing_rules: MissingRules,
    /// Minutes without a batch after which an import that no process here runs counts as stopped
    /// part-way (and may be resumed or rolled back from its page); until then it runs elsewhere.
    pub import_stalled_after_minutes: i64,
    /// Reverse proxies whose `X-Forwarded-For` is believed for the client's address (sign-in
    /// throttling by address); none by default.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The organisation's identity provider, when sign-in through it is configured.
    pub oidc: Option<crate::oidc::Provider>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            demo: false,
            session_idle_minutes: 30,
            missing_rules: MissingRules::default(),
            import_stalled_after_minutes: 10,
            trusted_proxies: Vec::new(),
            oidc: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<WebConfig>,
    /// Import jobs running in this process.
    pub imports: ImportRuns,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> Self {
        Self { store, config: Arc::new(config), imports: ImportRuns::default() }
    }
}
