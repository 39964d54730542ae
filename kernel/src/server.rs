//! Start-up: configuration → database (migrated, reference data seeded) → keys → state,
//! and the HTTP server with graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;

use crate::clock::SystemClock;
use crate::config::Config;
use crate::db::Db;
use crate::secrets::Secrets;
use crate::state::AppState;

/// Connects to the configured database, migrates it and seeds the reference tables.
pub async fn open_database(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url(), config.db_max_connections).await?;
    db.migrate().await?;
    crate::db::reference::seed(&db)
        .await
        .context("cannot seed reference data")?;
    Ok(db)
}

/// Builds the full application state for `config`, with the module registry loaded.
pub async fn bootstrap(config: Config) -> anyhow::Result<AppState> {
    let db = open_database(&config).await?;
    let secrets = Secrets::load_or_generate(&config)?;
    let state = AppState::new(config, db, secrets, Arc::new(SystemClock))?;
    state.plugins.reload(&state).await?;
    Ok(state)
}

/// Starts the background work of a serving kernel: the registry poller (changes made by
/// `eoffice plugin …` in another process take effect within a second) and the event
/// dispatcher.
pub fn start_background(state: &AppState) -> Vec<tokio::task::JoinHandle<()>> {
    vec![
        crate::plugins::spawn_poller(state.clone()),
        crate::plugins::dispatch::spawn(state.clone()),
    ]
}

/// Serves the portal until Ctrl-C / SIGTERM.
pub async fn serve(state: AppState) -> anyhow::Result<()> {
    let _background = start_background(&state);
    let bind = state.config.bind.clone();
    let listener = tokio::net::TcpListener::bind(&bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    serve_on(listener, state, shutdown_signal()).await
}

/// Serves on an already bound listener until `shutdown` resolves (tests use this).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let app = crate::web::app(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .context("HTTP server failed")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
