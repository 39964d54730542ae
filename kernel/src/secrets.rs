//! Secrets the kernel needs: the Ed25519 key signing session JWTs and the key encrypting
//! TOTP secrets at rest. Taken from the configuration when set, else generated on first
//! start into the data directory (files readable by the owner only) and reused after.

use std::path::Path;

use anyhow::Context;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, spki::der::pem::LineEnding};
use rand::RngCore as _;

use crate::config::Config;

/// The kernel's keys.
pub struct Secrets {
    /// Ed25519 key for session JWTs.
    pub signing_key: SigningKey,
    /// 32-byte key for XChaCha20-Poly1305 encryption of TOTP secrets.
    pub totp_key: [u8; 32],
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(***)")
    }
}

impl Secrets {
    /// Loads the configured keys or those in the data directory, generating missing ones.
    pub fn load_or_generate(config: &Config) -> anyhow::Result<Secrets> {
        let dir = &config.data_dir;
        let signing_key = match &config.signing_key_pem {
            Some(pem) => SigningKey::from_pkcs8_pem(pem)
                .context("signing_key_pem is not a PKCS#8 Ed25519 key")?,
            None => {
                let path = dir.join("jwt-signing-key.pem");
                match std::fs::read_to_string(&path) {
                    Ok(pem) => SigningKey::from_pkcs8_pem(&pem).with_context(|| {
                        format!("{} is not a PKCS#8 Ed25519 key", path.display())
                    })?,
                    Err(_) => {
                        let key = SigningKey::from_bytes(&random_key());
                        let pem = key
                            .to_pkcs8_pem(LineEnding::LF)
                            .context("cannot encode signing key")?;
                        write_private(&path, pem.as_bytes())?;
                        key
                    }
                }
            }
        };
        let totp_key = match &config.totp_key {
            Some(b64) => decode_key(b64).context("totp_key must be 32 bytes in base64")?,
            None => {
                let path = dir.join("totp-key");
                match std::fs::read_to_string(&path) {
                    Ok(text) => decode_key(text.trim()).with_context(|| {
                        format!("{} must hold 32 bytes in base64", path.display())
                    })?,
                    Err(_) => {
                        let key = random_key();
                        write_private(&path, B64.encode(key).as_bytes())?;
                        key
                    }
                }
            }
        };
        Ok(Secrets {
            signing_key,
            totp_key,
        })
    }

    /// Fresh random keys, kept in memory only (tests, benchmarks).
    pub fn ephemeral() -> Secrets {
        Secrets {
            signing_key: SigningKey::from_bytes(&random_key()),
            totp_key: random_key(),
        }
    }
}

/// 32 bytes from the operating system's CSPRNG-seeded thread generator.
pub fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    rand::rng().fill_bytes(&mut key);
    key
}

fn decode_key(b64: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = B64.decode(b64.trim())?;
    bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("wrong key length"))
}

fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    let mut f = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(bytes)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_are_reused() {
        let dir = std::env::temp_dir().join(format!("eoffice-secrets-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let config = Config {
            data_dir: dir.clone(),
            ..Config::default()
        };
        let a = Secrets::load_or_generate(&config).unwrap();
        let b = Secrets::load_or_generate(&config).unwrap();
        assert_eq!(a.totp_key, b.totp_key);
        assert_eq!(a.signing_key.to_bytes(), b.signing_key.to_bytes());
        std::fs::write(dir.join("totp-key"), "short").unwrap();
        assert!(Secrets::load_or_generate(&config).is_err());
    }
}
