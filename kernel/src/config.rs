//! Typed configuration: an optional TOML file plus `EOFFICE_*` environment overrides,
//! built once at start-up and passed down (never a global).
//!
//! Precedence, lowest first: built-in defaults, the TOML file (`--config PATH`, else
//! `EOFFICE_CONFIG`, else `./eoffice.toml` when present), then environment variables.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

/// Everything the kernel can be configured with.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Directory for the embedded database and generated secrets.
    pub data_dir: PathBuf,
    /// `sqlite://...` or `postgres://...`; default: a SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// Address the HTTP server listens on.
    pub bind: String,
    /// Public base URL, used as JWT issuer and in the OTP issuer label.
    pub public_url: String,
    /// Name shown in authenticator apps next to the NIP.
    pub otp_issuer: String,
    /// Base64 (32 bytes) key encrypting TOTP secrets at rest; generated into `data_dir` when unset.
    pub totp_key: Option<String>,
    /// PKCS#8 PEM Ed25519 key signing session JWTs; generated into `data_dir` when unset.
    pub signing_key_pem: Option<String>,
    /// Session JWT lifetime in seconds (renewed while the user is active).
    pub session_ttl_secs: i64,
    /// Absolute session lifetime in seconds, after which the user must sign in again.
    pub session_max_secs: i64,
    /// Login attempts allowed per IP per minute before 429.
    pub login_rate_per_ip_per_minute: u32,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Argon2 memory cost in KiB (>= 19456).
    pub argon2_memory_kib: u32,
    /// Argon2 iterations (>= 2).
    pub argon2_iterations: u32,
    /// Database pool size; 0 picks per engine: 4 for SQLite (one writer, and fewer worker
    /// threads hand off faster), 16 for PostgreSQL.
    pub db_max_connections: u32,
    /// The portal's local offset from UTC in minutes, told to modules (WIB = 420).
    pub utc_offset_minutes: i32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("./data"),
            database_url: None,
            bind: "127.0.0.1:8080".into(),
            public_url: "http://127.0.0.1:8080".into(),
            otp_issuer: "e-Office 2.0".into(),
            totp_key: None,
            signing_key_pem: None,
            session_ttl_secs: 15 * 60,
            session_max_secs: 12 * 60 * 60,
            login_rate_per_ip_per_minute: 30,
            max_body_bytes: 64 * 1024,
            argon2_memory_kib: 19 * 1024,
            argon2_iterations: 2,
            db_max_connections: 0,
            utc_offset_minutes: 420,
        }
    }
}

impl Config {
    /// Loads the file (if any) and applies `EOFFICE_*` overrides from the process environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Config> {
        let env: Vec<(String, String)> = std::env::vars().collect();
        Self::load_with_env(file, &env)
    }

    /// As [`Config::load`], with the environment passed in (for tests).
    pub fn load_with_env(file: Option<&Path>, env: &[(String, String)]) -> anyhow::Result<Config> {
        let lookup = |k: &str| env.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        let path = file
            .map(Path::to_path_buf)
            .or_else(|| lookup("EOFFICE_CONFIG").map(PathBuf::from))
            .or_else(|| {
                let p = PathBuf::from("eoffice.toml");
                p.exists().then_some(p)
            });
        let mut config = match &path {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .with_context(|| format!("cannot read config file {}", p.display()))?;
                toml::from_str(&text)
                    .with_context(|| format!("invalid config file {}", p.display()))?
            }
            None => Config::default(),
        };
        if let Some(v) = lookup("EOFFICE_DATA_DIR") {
            config.data_dir = v.into();
        }
        if let Some(v) = lookup("EOFFICE_DATABASE_URL") {
            config.database_url = Some(v);
        }
        if let Some(v) = lookup("EOFFICE_BIND") {
            config.bind = v;
        }
        if let Some(v) = lookup("EOFFICE_PUBLIC_URL") {
            config.public_url = v;
        }
        if let Some(v) = lookup("EOFFICE_TOTP_KEY") {
            config.totp_key = Some(v);
        }
        if let Some(v) = lookup("EOFFICE_SIGNING_KEY_PEM") {
            config.signing_key_pem = Some(v);
        }
        if let Some(v) = lookup("EOFFICE_LOGIN_RATE_PER_IP_PER_MINUTE") {
            config.login_rate_per_ip_per_minute = v
                .parse()
                .context("EOFFICE_LOGIN_RATE_PER_IP_PER_MINUTE must be a number")?;
        }
        if let Some(v) = lookup("EOFFICE_DB_MAX_CONNECTIONS") {
            config.db_max_connections = v
                .parse()
                .context("EOFFICE_DB_MAX_CONNECTIONS must be a number")?;
        }
        config.validate()?;
        Ok(config)
    }

    /// The database URL in effect.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("eoffice.db").display()
            )
        })
    }

    fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.argon2_memory_kib >= 19 * 1024,
            "argon2_memory_kib must be at least 19456 (19 MiB)"
        );
        anyhow::ensure!(
            self.argon2_iterations >= 2,
            "argon2_iterations must be at least 2"
        );
        anyhow::ensure!(
            self.session_ttl_secs >= 60,
            "session_ttl_secs must be at least 60"
        );
        anyhow::ensure!(
            self.session_max_secs >= self.session_ttl_secs,
            "session_max_secs must not be shorter than session_ttl_secs"
        );
        let url = self.database_url();
        anyhow::ensure!(
            url.starts_with("sqlite:")
                || url.starts_with("postgres://")
                || url.starts_with("postgresql://"),
            "EOFFICE_DATABASE_URL must start with sqlite:, postgres:// or postgresql://"
        );
        Ok(())
    }

    /// A printable copy with secrets masked.
    pub fn masked(&self) -> Config {
        let mut c = self.clone();
        let mask = |s: &mut Option<String>| {
            if s.is_some() {
                *s = Some("***".into());
            }
        };
        mask(&mut c.totp_key);
        mask(&mut c.signing_key_pem);
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_use_sqlite_under_data_dir() {
        let c = Config::load_with_env(None, &env(&[])).unwrap();
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert!(c.database_url().starts_with("sqlite://./data/eoffice.db"));
    }

    #[test]
    fn environment_overrides_file() {
        let dir = std::env::temp_dir().join(format!("eoffice-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("c.toml");
        std::fs::write(&file, "bind = \"0.0.0.0:9000\"\n").unwrap();
        let c = Config::load_with_env(Some(&file), &env(&[])).unwrap();
        assert_eq!(c.bind, "0.0.0.0:9000");
        let c =
            Config::load_with_env(Some(&file), &env(&[("EOFFICE_BIND", "127.0.0.1:1")])).unwrap();
        assert_eq!(c.bind, "127.0.0.1:1");
    }

    #[test]
    fn rejects_bad_values() {
        let err = Config::load_with_env(None, &env(&[("EOFFICE_DATABASE_URL", "mysql://x")]))
            .unwrap_err();
        assert!(err.to_string().contains("EOFFICE_DATABASE_URL"));
        let dir = std::env::temp_dir().join(format!("eoffice-cfg2-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("c.toml");
        std::fs::write(&file, "bnd = \"x\"\n").unwrap();
        assert!(Config::load_with_env(Some(&file), &env(&[])).is_err());
    }

    #[test]
    fn masked_hides_secrets() {
        let c = Config {
            totp_key: Some("secret".into()),
            ..Config::default()
        };
        assert_eq!(c.masked().totp_key.as_deref(), Some("***"));
    }
}
