//! Session tokens: JWTs signed with Ed25519 (`alg: EdDSA`), and the JWKS document that
//! lets integrated services verify them.
//!
//! Validation is strict: the header must say `EdDSA` and carry our `kid`; the claims must
//! have our issuer, the `eoffice` audience, a subject, a session id and an expiry, which
//! is checked against the portal's [`crate::clock::Clock`] (not the system time) with no
//! leeway. Revocation is server-side (the `sid` names a row of `sessions`).

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The audience of every session token.
pub const AUDIENCE: &str = "eoffice";

/// Longest token accepted for verification (a real one is ~ 400 bytes).
pub const MAX_TOKEN_BYTES: usize = 2048;

/// The claims of a session token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer: the portal's public URL.
    pub iss: String,
    /// Audience: [`AUDIENCE`].
    pub aud: String,
    /// Subject: the NIP.
    pub sub: String,
    /// Server-side session id.
    pub sid: String,
    /// Issued at (unix seconds).
    pub iat: i64,
    /// Expires at (unix seconds).
    pub exp: i64,
}

/// Why a token was refused (never shown to users; for logs and tests).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a well-formed JWT, or too long.
    #[error("malformed token")]
    Malformed,
    /// `kid` missing or not ours.
    #[error("unknown key id")]
    UnknownKey,
    /// Signature, algorithm, issuer or audience wrong, or a claim missing.
    #[error("invalid token: {0}")]
    Invalid(String),
    /// Past its expiry.
    #[error("token expired")]
    Expired,
}

/// How many verified tokens are remembered (see [`JwtKeys::verify`]).
const VERIFIED_CACHE: usize = 20_000;

/// The signing key, its verifying half, and the validation rules.
pub struct JwtKeys {
    /// Tokens that passed full verification, with their claims: a browser sends the same
    /// token on every request, so the signature is checked once, not per request.
    /// Expiry is still checked against the clock on every use.
    verified: Mutex<HashMap<String, Claims>>,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    kid: String,
    issuer: String,
    jwks: serde_json::Value,
}

impl JwtKeys {
    /// Keys for `signing_key`, issuing as `issuer`.
    pub fn new(signing_key: &SigningKey, issuer: &str) -> anyhow::Result<JwtKeys> {
        let der = signing_key
            .to_pkcs8_der()
            .map_err(|e| anyhow::anyhow!("cannot encode the signing key: {e}"))?;
        let public = signing_key.verifying_key().to_bytes();
        let x = B64URL.encode(public);
        let kid = B64URL.encode(&Sha256::digest(public)[..12]);
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.algorithms = vec![Algorithm::EdDSA];
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        // Expiry is checked against the portal's clock in `verify`.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.leeway = 0;
        let jwks = serde_json::json!({
            "keys": [{
                "kty": "OKP",
                "crv": "Ed25519",
                "x": x,
                "kid": kid,
                "alg": "EdDSA",
                "use": "sig",
            }]
        });
        Ok(JwtKeys {
            verified: Mutex::new(HashMap::new()),
            encoding: EncodingKey::from_ed_der(der.as_bytes()),
            decoding: DecodingKey::from_ed_components(&x)?,
            validation,
            kid,
            issuer: issuer.to_string(),
            jwks,
        })
    }

    /// The key id in token headers and the JWKS.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The issuer claim.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The JWKS document (`{"keys":[...]}`).
    pub fn jwks(&self) -> &serde_json::Value {
        &self.jwks
    }

    /// Signs a token for `nip` and session `sid`, issued `now`, expiring at `exp`.
    pub fn sign(&self, nip: &str, sid: &str, now: i64, exp: i64) -> anyhow::Result<String> {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: AUDIENCE.to_string(),
            sub: nip.to_string(),
            sid: sid.to_string(),
            iat: now,
            exp,
        };
        Ok(jsonwebtoken::encode(&header, &claims, &self.encoding)?)
    }

    /// Verifies `token` at unix time `now` and returns its claims. A token that passed
    /// once is remembered, so later uses cost a hash lookup instead of a signature check.
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, TokenError> {
        let cached = self
            .verified
            .lock()
            .ok()
            .and_then(|m| m.get(token).cloned());
        if let Some(claims) = cached {
            return if claims.exp <= now {
                Err(TokenError::Expired)
            } else {
                Ok(claims)
            };
        }
        let claims = self.verify_uncached(token, now)?;
        if let Ok(mut m) = self.verified.lock() {
            if m.len() >= VERIFIED_CACHE {
                m.clear();
            }
            m.insert(token.to_string(), claims.clone());
        }
        Ok(claims)
    }

    /// [`JwtKeys::verify`] without the cache: header, signature and claims checked.
    pub fn verify_uncached(&self, token: &str, now: i64) -> Result<Claims, TokenError> {
        if token.is_empty() || token.len() > MAX_TOKEN_BYTES || token.split('.').count() != 3 {
            return Err(TokenError::Malformed);
        }
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Malformed)?;
        if header.alg != Algorithm::EdDSA {
            return Err(TokenError::Invalid("algorithm".into()));
        }
        if header.kid.as_deref() != Some(self.kid.as_str()) {
            return Err(TokenError::UnknownKey);
        }
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| TokenError::Invalid(e.to_string()))?;
        let claims = data.claims;
        if claims.exp <= now {
            return Err(TokenError::Expired);
        }
        if claims.sid.is_empty() || claims.sub.is_empty() {
            return Err(TokenError::Invalid("empty claim".into()));
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISS: &str = "https://eoffice.example.go.id";
    const NOW: i64 = crate::testkit::TEST_EPOCH;

    fn keys() -> (SigningKey, JwtKeys) {
        let sk = SigningKey::from_bytes(&crate::secrets::random_key());
        let k = JwtKeys::new(&sk, ISS).unwrap();
        (sk, k)
    }

    fn b64json(v: &serde_json::Value) -> String {
        B64URL.encode(v.to_string())
    }

    /// Re-signs arbitrary header/claims with `sk` (to forge otherwise-valid tokens).
    fn forge(sk: &SigningKey, header: serde_json::Value, claims: serde_json::Value) -> String {
        use ed25519_dalek::Signer as _;
        let msg = format!("{}.{}", b64json(&header), b64json(&claims));
        let sig = sk.sign(msg.as_bytes());
        format!("{msg}.{}", B64URL.encode(sig.to_bytes()))
    }

    fn good_claims() -> serde_json::Value {
        serde_json::json!({"iss": ISS, "aud": AUDIENCE, "sub": "198507142010012003",
            "sid": "s1", "iat": NOW, "exp": NOW + 900})
    }

    #[test]
    fn round_trip() {
        let (_, k) = keys();
        let t = k.sign("198507142010012003", "s1", NOW, NOW + 900).unwrap();
        let c = k.verify(&t, NOW + 10).unwrap();
        assert_eq!(c.sub, "198507142010012003");
        assert_eq!(c.sid, "s1");
        assert_eq!(c.aud, AUDIENCE);
        assert_eq!(c.iss, ISS);
        let header = jsonwebtoken::decode_header(&t).unwrap();
        assert_eq!(header.alg, Algorithm::EdDSA);
        assert_eq!(header.kid.as_deref(), Some(k.kid()));
    }

    #[test]
    fn expiry_uses_the_given_clock() {
        let (_, k) = keys();
        let t = k.sign("1", "s1", NOW, NOW + 900).unwrap();
        assert_eq!(k.verify(&t, NOW + 900), Err(TokenError::Expired));
        assert!(k.verify(&t, NOW + 899).is_ok());
        // Remembered now, and still expires.
        assert!(k.verify(&t, NOW + 899).is_ok());
        assert_eq!(k.verify(&t, NOW + 900), Err(TokenError::Expired));
        assert_eq!(k.verify(&t, NOW + 5000), Err(TokenError::Expired));
        assert_eq!(k.verify_uncached(&t, NOW + 900), Err(TokenError::Expired));
    }

    #[test]
    fn cache_never_admits_a_modified_token() {
        let (_, k) = keys();
        let t = k.sign("198507142010012003", "s1", NOW, NOW + 900).unwrap();
        assert!(k.verify(&t, NOW).is_ok());
        let mut altered = t.clone();
        altered.pop();
        altered.push(if t.ends_with('A') { 'B' } else { 'A' });
        assert!(k.verify(&altered, NOW).is_err());
        let (_, other) = keys();
        assert_eq!(other.verify(&t, NOW), Err(TokenError::UnknownKey));
    }

    #[test]
    fn tampering_detected() {
        let (_, k) = keys();
        let t = k.sign("198507142010012003", "s1", NOW, NOW + 900).unwrap();
        let parts: Vec<&str> = t.split('.').collect();
        let mut claims: serde_json::Value =
            serde_json::from_slice(&B64URL.decode(parts[1]).unwrap()).unwrap();
        claims["sub"] = "199001012015011001".into();
        let tampered = format!("{}.{}.{}", parts[0], b64json(&claims), parts[2]);
        assert!(matches!(
            k.verify(&tampered, NOW),
            Err(TokenError::Invalid(_))
        ));
        let mut sig = B64URL.decode(parts[2]).unwrap();
        sig[0] ^= 1;
        let bad_sig = format!("{}.{}.{}", parts[0], parts[1], B64URL.encode(sig));
        assert!(k.verify(&bad_sig, NOW).is_err());
        assert_eq!(k.verify("abc", NOW), Err(TokenError::Malformed));
        assert_eq!(k.verify("", NOW), Err(TokenError::Malformed));
        let huge = format!("{}.{}.{}", "a".repeat(3000), "b", "c");
        assert_eq!(k.verify(&huge, NOW), Err(TokenError::Malformed));
    }

    #[test]
    fn other_key_refused() {
        let (_, k) = keys();
        let (_, other) = keys();
        let t = other.sign("1", "s1", NOW, NOW + 900).unwrap();
        assert_eq!(k.verify(&t, NOW), Err(TokenError::UnknownKey));
        // Another key claiming our kid: signature check fails.
        let (sk2, _) = keys();
        let forged = forge(
            &sk2,
            serde_json::json!({"alg": "EdDSA", "typ": "JWT", "kid": k.kid()}),
            good_claims(),
        );
        assert!(matches!(
            k.verify(&forged, NOW),
            Err(TokenError::Invalid(_))
        ));
    }

    #[test]
    fn wrong_alg_aud_iss_kid_refused() {
        let (sk, k) = keys();
        let ok = forge(
            &sk,
            serde_json::json!({"alg": "EdDSA", "kid": k.kid()}),
            good_claims(),
        );
        assert!(k.verify(&ok, NOW).is_ok());
        // alg none / HS256 with an empty or arbitrary signature.
        for alg in ["none", "HS256", "ES256", "RS256"] {
            let h = b64json(&serde_json::json!({"alg": alg, "kid": k.kid()}));
            let t = format!("{h}.{}.", b64json(&good_claims()));
            assert!(k.verify(&t, NOW).is_err(), "{alg}");
            let t = format!("{h}.{}.c2ln", b64json(&good_claims()));
            assert!(k.verify(&t, NOW).is_err(), "{alg}");
        }
        let mut c = good_claims();
        c["aud"] = "other-service".into();
        let t = forge(&sk, serde_json::json!({"alg": "EdDSA", "kid": k.kid()}), c);
        assert!(matches!(k.verify(&t, NOW), Err(TokenError::Invalid(_))));
        let mut c = good_claims();
        c["iss"] = "https://evil.example".into();
        let t = forge(&sk, serde_json::json!({"alg": "EdDSA", "kid": k.kid()}), c);
        assert!(matches!(k.verify(&t, NOW), Err(TokenError::Invalid(_))));
        let t = forge(
            &sk,
            serde_json::json!({"alg": "EdDSA", "kid": "other"}),
            good_claims(),
        );
        assert_eq!(k.verify(&t, NOW), Err(TokenError::UnknownKey));
        let t = forge(&sk, serde_json::json!({"alg": "EdDSA"}), good_claims());
        assert_eq!(k.verify(&t, NOW), Err(TokenError::UnknownKey));
        for missing in ["exp", "aud", "iss", "sub", "sid"] {
            let mut c = good_claims();
            c.as_object_mut().unwrap().remove(missing);
            let t = forge(&sk, serde_json::json!({"alg": "EdDSA", "kid": k.kid()}), c);
            assert!(k.verify(&t, NOW).is_err(), "{missing}");
        }
    }

    #[test]
    fn jwks_publishes_the_public_key() {
        let (sk, k) = keys();
        let jwk = &k.jwks()["keys"][0];
        assert_eq!(jwk["kty"], "OKP");
        assert_eq!(jwk["crv"], "Ed25519");
        assert_eq!(jwk["alg"], "EdDSA");
        assert_eq!(jwk["use"], "sig");
        assert_eq!(jwk["kid"], k.kid());
        let x = B64URL.decode(jwk["x"].as_str().unwrap()).unwrap();
        assert_eq!(x, sk.verifying_key().to_bytes());
        assert!(jwk.get("d").is_none());
    }
}
