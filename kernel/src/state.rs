//! Application state shared by every handler: configuration, database, keys, clock and
//! the in-memory rate limiters, and the plugin host. Built once by [`AppState::new`] and cloned cheaply.

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;
use crate::secrets::Secrets;

/// Shared state of the HTTP application.
#[derive(Clone)]
pub struct AppState {
    /// Configuration in effect.
    pub config: Arc<Config>,
    /// The kernel database.
    pub db: Db,
    /// Signing and encryption keys.
    pub secrets: Arc<Secrets>,
    /// The clock (a manual one in tests).
    pub clock: Arc<dyn Clock>,
    /// Sign-on services (password hashing pool, JWT keys, throttles).
    pub auth: Arc<crate::auth::AuthService>,
    /// Per-unit org facts (path up the tree, responsible Anpeg) for the dashboard.
    pub org_cache: crate::db::profile::OrgCache,
    /// Installed modules and the sandbox that runs them.
    pub plugins: Arc<crate::plugins::PluginHost>,
}

impl AppState {
    /// Assembles the state from its parts.
    pub fn new(
        config: Config,
        db: Db,
        secrets: Secrets,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        let config = Arc::new(config);
        let secrets = Arc::new(secrets);
        let auth = Arc::new(crate::auth::AuthService::new(&config, &secrets)?);
        let plugins = Arc::new(crate::plugins::PluginHost::new(&config));
        Ok(AppState {
            config,
            db,
            secrets,
            clock,
            auth,
            org_cache: crate::db::profile::OrgCache::new(),
            plugins,
        })
    }

    /// Current unix time from the state's clock.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }
}
