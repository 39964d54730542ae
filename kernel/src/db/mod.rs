//! The kernel's database: one `sqlx::AnyPool` over SQLite (embedded default) or
//! PostgreSQL, chosen by the URL scheme, with a migration tree per engine.
//!
//! Architecture invariant: SQL lives only in the `db::*` modules, as plain async
//! functions over [`Db`] (or a transaction); handlers and CLI commands never write SQL.
//! Queries use `$1`-style placeholders and types both engines decode alike through the
//! Any driver: TEXT, BIGINT, BLOB/BYTEA.

pub mod audit;
pub mod codes;
pub mod directory;
pub mod docstore;
pub mod employees;
pub mod history;
pub mod login_failures;
pub mod notifications;
pub mod outbox;
pub mod plugins;
pub mod profile;
pub mod recommendations;
pub mod reference;
pub mod search;
pub mod sessions;
pub mod units;
pub mod users;

use std::str::FromStr;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

/// Which engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Embedded SQLite (WAL mode).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A pool of connections plus the engine it talks to. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    /// The connection pool.
    pub pool: AnyPool,
    /// The engine behind the pool.
    pub engine: Engine,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

impl Db {
    /// Connects to `url` (`sqlite:` or `postgres://`), creating a SQLite file's directory
    /// when needed. `max_connections` 0 means the engine's default (4 SQLite, 16 PostgreSQL).
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else {
            anyhow::bail!("unsupported database URL {url:?}: use sqlite: or postgres://");
        };
        if engine == Engine::Sqlite
            && let Some(path) = sqlite_file(url)
            && let Some(dir) = std::path::Path::new(&path).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let options = AnyConnectOptions::from_str(url).context("invalid database URL")?;
        let pool = AnyPoolOptions::new()
            .max_connections(match (max_connections, engine) {
                (0, Engine::Sqlite) => 4,
                (0, Engine::Postgres) => 16,
                (n, _) => n,
            })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .with_context(|| format!("cannot connect to the database ({})", redact(url)))?;
        Ok(Db { pool, engine })
    }

    /// Applies pending migrations for this engine.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.pool)
            .await
            .context("database migration failed")?;
        Ok(())
    }

    /// Starts a transaction.
    pub async fn begin(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Any>> {
        self.pool.begin().await
    }
}

/// The file path of a `sqlite:` URL, if it names a file.
fn sqlite_file(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

/// The URL with any password replaced, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact("postgres://u:pw@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("sqlite://./data/x.db"), "sqlite://./data/x.db");
    }

    #[test]
    fn finds_sqlite_file() {
        assert_eq!(
            sqlite_file("sqlite://./data/e.db?mode=rwc").as_deref(),
            Some("./data/e.db")
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
    }
}
