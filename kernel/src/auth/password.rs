//! Passwords: the policy a new password must meet, and argon2id hashing in PHC strings.
//!
//! Hashing and verifying are deliberately slow (≥ 19 MiB, t ≥ 2), so they run on tokio's
//! blocking pool, at most one per CPU at a time (a semaphore), never on the async workers:
//! a burst of logins queues up instead of stalling every other page.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use anyhow::Context;
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use tokio::sync::{OnceCell, Semaphore};

/// Fewest characters a password may have (the second factor is mandatory).
pub const MIN_CHARS: usize = 8;
/// Most characters a password may have; longer ones are refused, never truncated.
pub const MAX_CHARS: usize = 128;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Why a new password is refused; `Display` is the message shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyViolation {
    /// Fewer than [`MIN_CHARS`] characters.
    #[error("Kata sandi minimal {MIN_CHARS} karakter.")]
    TooShort,
    /// More than [`MAX_CHARS`] characters.
    #[error("Kata sandi maksimal {MAX_CHARS} karakter.")]
    TooLong,
    /// On the list of common or breached passwords, or too repetitive.
    #[error("Kata sandi ini terlalu umum atau mudah ditebak. Pilih kata sandi lain.")]
    Common,
    /// Contains the NIP (or its birth-date part).
    #[error("Kata sandi tidak boleh memuat NIP atau tanggal lahir Anda.")]
    ContainsNip,
    /// Contains a part of the employee's name.
    #[error("Kata sandi tidak boleh memuat nama Anda.")]
    ContainsName,
    /// The confirmation differs.
    #[error("Konfirmasi kata sandi tidak sama.")]
    Mismatch,
}

/// Checks a new password against the policy: length (in characters, not bytes), not
/// common/breached (case-insensitive, also ignoring leading/trailing digits and symbols
/// and l33t spelling), not containing the NIP, its birth date or a ≥ 4-letter part of
/// the name.
pub fn check_policy(password: &str, nip: &str, name: &str) -> Result<(), PolicyViolation> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PolicyViolation::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PolicyViolation::TooLong);
    }
    let lower = password.to_lowercase();
    if is_common(&lower) {
        return Err(PolicyViolation::Common);
    }
    let nip = nip.trim();
    if !nip.is_empty() && lower.contains(nip) {
        return Err(PolicyViolation::ContainsNip);
    }
    if nip.len() == 18 && nip.bytes().all(|b| b.is_ascii_digit()) && lower.contains(&nip[..8]) {
        return Err(PolicyViolation::ContainsNip);
    }
    let folded = deunicode::deunicode(&lower);
    for part in name_parts(name) {
        if folded.contains(&part) || unleet(&folded).contains(&part) {
            return Err(PolicyViolation::ContainsName);
        }
    }
    Ok(())
}

/// As [`check_policy`], first requiring `password == confirm`.
pub fn check_new_password(
    password: &str,
    confirm: &str,
    nip: &str,
    name: &str,
) -> Result<(), PolicyViolation> {
    if password != confirm {
        return Err(PolicyViolation::Mismatch);
    }
    check_policy(password, nip, name)
}

fn is_common(lower: &str) -> bool {
    if COMMON.contains(lower) {
        return true;
    }
    let distinct: HashSet<char> = lower.chars().collect();
    if distinct.len() < 4 {
        return true;
    }
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    if core.is_empty() {
        // Only digits and symbols: refuse simple runs like 12341234 or 13579135.
        return is_sequence_like(lower);
    }
    COMMON.contains(core)
        || COMMON.contains(unleet(core).as_str())
        || COMMON.contains(unleet(lower).trim_matches(|c: char| !c.is_alphabetic()))
        || COMMON.contains(core.replace([' ', '-', '_', '.'], "").as_str())
}

/// Digits-only passwords made of a short repeated or sequential pattern.
fn is_sequence_like(s: &str) -> bool {
    let b: Vec<u8> = s.bytes().collect();
    let steps: HashSet<i16> = b.windows(2).map(|w| w[1] as i16 - w[0] as i16).collect();
    if steps.len() <= 2 {
        return true;
    }
    (1..=4).any(|p| b.len() > p && (p..b.len()).all(|i| b[i] == b[i - p]))
}

fn unleet(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '@' | '4' => 'a',
            '0' => 'o',
            '1' | '!' | '|' => 'i',
            '3' => 'e',
            '$' | '5' => 's',
            '7' | '+' => 't',
            '8' => 'b',
            '9' => 'g',
            other => other,
        })
        .collect()
}

/// Lowercase, accent-folded words of a name with at least four letters.
fn name_parts(name: &str) -> Vec<String> {
    deunicode::deunicode(name)
        .to_lowercase()
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_string)
        .collect()
}

/// The argon2id hasher with its concurrency limit.
pub struct Hasher {
    params: Params,
    permits: Arc<Semaphore>,
    dummy: OnceCell<String>,
}

impl Hasher {
    /// A hasher with the given cost (memory in KiB ≥ 19456, iterations ≥ 2, one lane),
    /// allowing one concurrent hash per CPU but one, so a burst of logins always leaves a
    /// core for serving pages (at least one hash runs at a time).
    pub fn new(memory_kib: u32, iterations: u32) -> anyhow::Result<Hasher> {
        anyhow::ensure!(memory_kib >= 19 * 1024, "argon2 memory below 19 MiB");
        anyhow::ensure!(iterations >= 2, "argon2 iterations below 2");
        let params = Params::new(memory_kib, iterations, 1, Some(32))
            .map_err(|e| anyhow::anyhow!("invalid argon2 parameters: {e}"))?;
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Hasher {
            params,
            permits: Arc::new(Semaphore::new(cpus.saturating_sub(1).max(1))),
            dummy: OnceCell::new(),
        })
    }

    fn argon2(params: Params) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }

    /// Hashes synchronously (for tests and the blocking pool).
    pub fn hash_blocking(&self, password: &str) -> anyhow::Result<String> {
        hash_with(self.params.clone(), password)
    }

    /// Hashes `password` into a PHC string, off the async workers.
    pub async fn hash(&self, password: &str) -> anyhow::Result<String> {
        let permit = self.permits.clone().acquire_owned().await?;
        let params = self.params.clone();
        let password = password.to_string();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            hash_with(params, &password)
        })
        .await
        .context("password hashing task failed")?
    }

    /// Whether `password` matches the PHC string `phc`, off the async workers. A malformed
    /// stored hash counts as no match.
    pub async fn verify(&self, password: &str, phc: &str) -> anyhow::Result<bool> {
        let permit = self.permits.clone().acquire_owned().await?;
        let params = self.params.clone();
        let password = password.to_string();
        let phc = phc.to_string();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            verify_with(params, &password, &phc)
        })
        .await
        .context("password verification task failed")
    }

    /// Spends the same work as [`Hasher::verify`] against a throw-away hash, so that an
    /// unknown or locked account answers in the same time as a real one.
    pub async fn verify_dummy(&self, password: &str) -> anyhow::Result<()> {
        let dummy = self
            .dummy
            .get_or_try_init(|| async { self.hash("e-Office dummy password").await })
            .await?
            .clone();
        let _ = self.verify(password, &dummy).await?;
        Ok(())
    }
}

fn hash_with(params: Params, password: &str) -> anyhow::Result<String> {
    let hash = Hasher::argon2(params)
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("argon2 hashing failed: {e}"))?;
    Ok(hash.to_string())
}

fn verify_with(params: Params, password: &str, phc: &str) -> bool {
    // Verification takes its cost parameters from the PHC string itself.
    Hasher::argon2(params)
        .verify_password(password.as_bytes(), phc)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NIP: &str = "198507142010012003";

    #[test]
    fn length_bounds_in_characters() {
        assert_eq!(
            check_policy("Kd7#pq", NIP, "Siti"),
            Err(PolicyViolation::TooShort)
        );
        assert!(check_policy("Kd7#pqZx", NIP, "Siti").is_ok());
        // Eight multi-byte characters are eight characters.
        assert!(check_policy("ékstraña", NIP, "Siti").is_ok());
        let long64: String = "Gx9$vLq2".repeat(8);
        assert_eq!(long64.chars().count(), 64);
        assert!(check_policy(&long64, NIP, "Siti").is_ok());
        let long128: String = "Gx9$vLq2".repeat(16);
        assert!(check_policy(&long128, NIP, "Siti").is_ok());
        let long129 = format!("{long128}z");
        assert_eq!(
            check_policy(&long129, NIP, "Siti"),
            Err(PolicyViolation::TooLong)
        );
    }

    #[test]
    fn common_passwords_refused_case_insensitively() {
        for pw in [
            "password",
            "PASSWORD",
            "Bismillah",
            "bismillah123",
            "Indonesia2024!",
            "kemenkes",
            "KemenkesRI",
            "rahasia123",
            "Sayang123",
            "p@ssw0rd",
            "12345678",
            "12341234",
            "aaaaaaaa",
            "qwertyuiop",
            "alhamdulillah",
        ] {
            assert_eq!(
                check_policy(pw, NIP, "Siti Rahma"),
                Err(PolicyViolation::Common),
                "{pw}"
            );
        }
        assert!(check_policy("kuda-lari-di-sawah", NIP, "Siti Rahma").is_ok());
    }

    #[test]
    fn nip_and_name_refused() {
        assert_eq!(
            check_policy(&format!("x{NIP}"), NIP, "Siti"),
            Err(PolicyViolation::ContainsNip)
        );
        assert_eq!(
            check_policy("lahir19850714!", NIP, "Siti"),
            Err(PolicyViolation::ContainsNip)
        );
        assert_eq!(
            check_policy("RahmaWati#2024", NIP, "Siti Rahmawati"),
            Err(PolicyViolation::ContainsName)
        );
        assert_eq!(
            check_policy("xx-rahmawati-99", NIP, "Siti Rahmawati"),
            Err(PolicyViolation::ContainsName)
        );
        // Name parts shorter than four letters are not considered.
        assert!(check_policy("sitikuda#77", NIP, "Siti Ayu").is_err());
        assert!(check_policy("ayu-terbang-77", NIP, "Siti Ayu").is_ok());
    }

    #[test]
    fn mismatch_reported_first() {
        assert_eq!(
            check_new_password("Gx9$vLq2a", "Gx9$vLq2b", NIP, "Siti"),
            Err(PolicyViolation::Mismatch)
        );
    }

    #[tokio::test]
    async fn hash_is_argon2id_phc_and_verifies_without_truncation() {
        let h = Hasher::new(19 * 1024, 2).unwrap();
        let long = "Gx9$vLq2".repeat(16);
        let phc = h.hash(&long).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(h.verify(&long, &phc).await.unwrap());
        assert!(!h.verify(&long[..127], &phc).await.unwrap());
        assert!(!h.verify("wrong", "not a phc string").await.unwrap());
        h.verify_dummy("anything").await.unwrap();
    }

    #[test]
    fn weak_parameters_refused() {
        assert!(Hasher::new(16 * 1024, 2).is_err());
        assert!(Hasher::new(19 * 1024, 1).is_err());
    }
}
