//! What every handler shares: the store and the settings.

use crate::import_runs::ImportRuns;
use haven_domain::ids::AreaId;
use haven_domain::missing::MissingRules;
use haven_domain::missing::rules::RulesBook;
use haven_store::{Store, StoreError};
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
    /// The install's default missing-episode rules (review intervals, the RHI's hours, NAIRA if
    /// the force uses it): the domain's documented defaults (the England preset) unless the
    /// command line sets them. They decide an episode whose area has no rules of its own; never
    /// read them for an episode directly: ask [`AppState::rules_for`] or [`AppState::rules_book`].
    pub missing_rules: MissingRules,
    /// Minutes without a batch after which an import that no process here runs counts as stopped
    /// part-way (and may be resumed or rolled back from its page); until then it runs elsewhere.
    pub import_stalled_after_minutes: i64,
    /// Reverse proxies whose `X-Forwarded-For` is believed for the client's address (sign-in
    /// throttling by address); none by default.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The organisation's identity provider, when sign-in through it is configured.
    pub oidc: Option<crate::oidc::Provider>,
    /// The exploitation screening tool's versions: haven's standard tool unless set.
    pub screening_tools: haven_domain::screening::Tools,
    /// Figures for boards: the threshold under which counts are hidden (5 unless set).
    pub figures: haven_app::figures::FiguresSettings,
    /// A tile server for the hotspot map's backdrop; none unless configured.
    pub map_tiles: Option<crate::map_tiles::TileSource>,
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
            screening_tools: haven_domain::screening::Tools::standard(),
            figures: haven_app::figures::FiguresSettings::default(),
            map_tiles: None,
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

    /// The install's default rules, for the application's missing-episode actions (which decide
    /// by the episode's area's rules, falling back to these).
    pub fn install_rules(&self) -> &MissingRules {
        &self.config.missing_rules
    }

    /// The rules deciding an episode of `area` now.
    pub async fn rules_for(&self, area: Option<AreaId>) -> Result<MissingRules, StoreError> {
        haven_app::rules::for_area(self.store.as_ref(), &self.config.missing_rules, area).await
    }

    /// The rules deciding every area's episodes now, for a listing.
    pub async fn rules_book(&self) -> Result<RulesBook, StoreError> {
        haven_app::rules::book(self.store.as_ref(), &self.config.missing_rules).await
    }
}
