//! What every handler shares: the store and the settings.

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
}

impl Default for WebConfig {
    fn default() -> Self {
        Self { secure_cookies: false, demo: false, session_idle_minutes: 30 }
    }
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> Self {
        Self { store, config: Arc::new(config) }
    }
}
