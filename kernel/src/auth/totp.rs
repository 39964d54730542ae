//! Authenticator-app codes (TOTP, RFC 6238): SHA-1, 6 digits, 30-second steps, one step
//! of skew either way — what every authenticator app supports.
//!
//! Secrets are 160 bits from the operating system's CSPRNG and are kept encrypted at rest
//! with XChaCha20-Poly1305 under `secrets.totp_key`: the stored blob is the 24-byte random
//! nonce followed by the ciphertext, and the NIP is the associated data, so a blob copied
//! to another account does not decrypt. A code is accepted once: callers pass the last
//! accepted step and only a strictly later step matches (see `db::users::consume_totp_step`).

use anyhow::Context;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore as _;
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// Length of a code.
pub const DIGITS: u8 = 6;
/// Seconds per step.
pub const STEP_SECS: i64 = 30;
/// Steps of clock skew tolerated either way.
pub const SKEW_STEPS: i64 = 1;
/// Bytes of secret (160 bits).
pub const SECRET_BYTES: usize = 20;
const NONCE_BYTES: usize = 24;

/// A fresh 160-bit secret from the CSPRNG.
pub fn generate_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut secret);
    secret
}

/// Encrypts and decrypts TOTP secrets for storage.
pub struct SecretBox {
    cipher: XChaCha20Poly1305,
}

impl SecretBox {
    /// A box keyed with the 32-byte TOTP key.
    pub fn new(key: &[u8; 32]) -> SecretBox {
        SecretBox {
            cipher: XChaCha20Poly1305::new(key.into()),
        }
    }

    /// `nonce || ciphertext` of `secret`, bound to `nip`.
    pub fn seal(&self, nip: &str, secret: &[u8]) -> anyhow::Result<Vec<u8>> {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill_bytes(&mut nonce);
        let ciphertext = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: secret,
                    aad: nip.as_bytes(),
                },
            )
            .map_err(|_| anyhow::anyhow!("cannot encrypt the TOTP secret"))?;
        let mut out = Vec::with_capacity(NONCE_BYTES + ciphertext.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        Ok(out)
    }

    /// The secret sealed in `blob` for `nip`; fails if the blob was altered, belongs to
    /// another NIP or was sealed under another key.
    pub fn open(&self, nip: &str, blob: &[u8]) -> anyhow::Result<Vec<u8>> {
        anyhow::ensure!(blob.len() > NONCE_BYTES, "TOTP secret blob too short");
        let (nonce, ciphertext) = blob.split_at(NONCE_BYTES);
        self.cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: nip.as_bytes(),
                },
            )
            .map_err(|_| anyhow::anyhow!("cannot decrypt the TOTP secret of {nip}"))
    }
}

fn totp(secret: &[u8], nip: &str, issuer: &str) -> anyhow::Result<Totp> {
    let issuer = issuer.replace(':', " ");
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS)
        .with_skew(SKEW_STEPS as u16)
        .with_step_duration(STEP_SECS as u64)
        .with_secret(Secret::from(secret.to_vec()))
        .with_account_name(nip.replace(':', ""))
        .with_issuer(Some(issuer))
        .build()
        .map_err(|e| anyhow::anyhow!("invalid TOTP parameters: {e}"))
}

/// The time step containing `now`.
pub fn step_of(now: i64) -> i64 {
    now.max(0) / STEP_SECS
}

/// The code for `secret` at unix time `now`.
pub fn code_at(secret: &[u8], now: i64) -> anyhow::Result<String> {
    Ok(totp(secret, "x", "x")?
        .generate(now.max(0) as u64)
        .to_string())
}

/// The step `code` is valid for at `now` (±[`SKEW_STEPS`]), provided that step is later
/// than `last_step`; `None` for a wrong, malformed or replayed code. Comparison is
/// constant-time per candidate step.
pub fn verify(secret: &[u8], code: &str, now: i64, last_step: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret, "x", "x").ok()?;
    let current = step_of(now);
    let mut found = None;
    for step in (current - SKEW_STEPS)..=(current + SKEW_STEPS) {
        if step < 0 {
            continue;
        }
        let expected = t.generate((step * STEP_SECS) as u64).to_string();
        let equal: bool =
            subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), code.as_bytes()).into();
        if equal && step > last_step && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// What an enrolment page shows: the secret three ways.
#[derive(Debug, Clone)]
pub struct EnrolmentDisplay {
    /// Base32 secret, for typing into the app.
    pub secret_base32: String,
    /// The secret in groups of four, easier to type.
    pub secret_grouped: String,
    /// The `otpauth://totp/...` URI.
    pub otpauth_uri: String,
    /// The QR code of the URI, as base64 PNG (for a `data:image/png;base64,` URL).
    pub qr_png_base64: String,
}

/// Builds what the enrolment page shows for `secret`.
pub fn display(secret: &[u8], nip: &str, issuer: &str) -> anyhow::Result<EnrolmentDisplay> {
    let t = totp(secret, nip, issuer)?;
    let secret_base32 = t.secret().to_base32();
    let otpauth_uri = t.to_url().context("cannot build the otpauth URI")?;
    let qr_png_base64 = t
        .to_qr_base64()
        .map_err(|e| anyhow::anyhow!("cannot draw the QR code: {e}"))?;
    let secret_grouped = secret_base32
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(EnrolmentDisplay {
        secret_base32,
        secret_grouped,
        otpauth_uri,
        qr_png_base64,
    })
}

/// Base32 (RFC 4648, no padding) of a secret.
pub fn to_base32(secret: &[u8]) -> String {
    Secret::from(secret.to_vec()).to_base32()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, ManualClock};

    const T0: i64 = crate::testkit::TEST_EPOCH;

    #[test]
    fn rfc6238_vector() {
        // RFC 6238 appendix B, SHA-1, truncated to 6 digits.
        let secret = b"12345678901234567890";
        assert_eq!(code_at(secret, 59).unwrap(), "287082");
        assert_eq!(code_at(secret, 1_111_111_109).unwrap(), "081804");
        assert_eq!(code_at(secret, 2_000_000_000).unwrap(), "279037");
    }

    #[test]
    fn secrets_are_160_bit_and_random() {
        let a = generate_secret();
        let b = generate_secret();
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
    }

    #[test]
    fn accepts_one_step_either_way_using_the_manual_clock() {
        let secret = generate_secret();
        let clock = ManualClock::new(T0);
        let now = clock.now();
        let code = code_at(&secret, now).unwrap();
        assert_eq!(verify(&secret, &code, now, 0), Some(step_of(now)));
        clock.advance(STEP_SECS);
        assert_eq!(verify(&secret, &code, clock.now(), 0), Some(step_of(now)));
        clock.advance(STEP_SECS);
        assert_eq!(verify(&secret, &code, clock.now(), 0), None);
        let early = code_at(&secret, T0 + STEP_SECS).unwrap();
        assert_eq!(
            verify(&secret, &early, T0, 0),
            Some(step_of(T0 + STEP_SECS))
        );
        let too_early = code_at(&secret, T0 + 2 * STEP_SECS).unwrap();
        assert_ne!(too_early, code);
        assert_eq!(verify(&secret, &too_early, T0, 0), None);
    }

    #[test]
    fn replay_rejected_even_within_the_window() {
        let secret = generate_secret();
        let code = code_at(&secret, T0).unwrap();
        let step = verify(&secret, &code, T0, 0).unwrap();
        assert_eq!(verify(&secret, &code, T0, step), None);
        assert_eq!(verify(&secret, &code, T0 + 10, step), None);
        // An older code is refused once a newer one was used.
        let prev = code_at(&secret, T0 - STEP_SECS).unwrap();
        assert_eq!(verify(&secret, &prev, T0, step), None);
        // The next step's code is still fine.
        let next = code_at(&secret, T0 + STEP_SECS).unwrap();
        assert_eq!(verify(&secret, &next, T0 + STEP_SECS, step), Some(step + 1));
    }

    #[test]
    fn malformed_codes_rejected() {
        let secret = generate_secret();
        for bad in ["", "12345", "1234567", "12a456", "+12345", "１２３４５６"] {
            assert_eq!(verify(&secret, bad, T0, 0), None, "{bad}");
        }
        let code = code_at(&secret, T0).unwrap();
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(verify(&secret, &spaced, T0, 0).is_some());
    }

    #[test]
    fn encryption_round_trip_and_binding() {
        let key = crate::secrets::random_key();
        let sb = SecretBox::new(&key);
        let secret = generate_secret();
        let blob = sb.seal("198507142010012003", &secret).unwrap();
        assert_eq!(blob.len(), 24 + 20 + 16);
        assert!(!blob.windows(20).any(|w| w == secret.as_slice()));
        assert_eq!(sb.open("198507142010012003", &blob).unwrap(), secret);
        // Fresh nonce each time.
        assert_ne!(blob, sb.seal("198507142010012003", &secret).unwrap());
        // Another NIP as associated data fails.
        assert!(sb.open("198507142010012004", &blob).is_err());
        // Tampering fails.
        let mut bad = blob.clone();
        bad[30] ^= 1;
        assert!(sb.open("198507142010012003", &bad).is_err());
        // Another key fails.
        let other = SecretBox::new(&crate::secrets::random_key());
        assert!(other.open("198507142010012003", &blob).is_err());
        assert!(sb.open("198507142010012003", &blob[..10]).is_err());
    }

    #[test]
    fn display_has_uri_qr_and_secret() {
        let secret = generate_secret();
        let d = display(&secret, "198507142010012003", "e-Office 2.0").unwrap();
        assert_eq!(d.secret_base32.len(), 32);
        assert!(d.otpauth_uri.starts_with("otpauth://totp/"));
        assert!(d.otpauth_uri.contains(&d.secret_base32));
        assert!(d.otpauth_uri.contains("198507142010012003"));
        use base64::Engine as _;
        let png = base64::engine::general_purpose::STANDARD
            .decode(&d.qr_png_base64)
            .unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(to_base32(&secret), d.secret_base32);
    }
}
