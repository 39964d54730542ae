//! Brute-force throttles.
//!
//! - Per IP: a `governor` token bucket per client address (`login_rate_per_ip_per_minute`
//!   attempts, refilled evenly over a minute) in front of every credential endpoint;
//!   over the limit the answer is 429.
//! - Per account: failures counted in `login_failures` (for any well-formed NIP, with or
//!   without an account); from the [`LOCK_AFTER`]th failure on, the NIP is locked for
//!   [`BASE_LOCK_SECS`] seconds, doubling with each further failure up to
//!   [`MAX_LOCK_SECS`]. A locked NIP is refused even with the right credentials, with the
//!   same message as any failure.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::FromRequestParts;
use axum::http::Method;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::AppError;
use crate::state::AppState;

/// Failures before the first lock.
pub const LOCK_AFTER: i64 = 5;
/// First lock duration in seconds.
pub const BASE_LOCK_SECS: i64 = 30;
/// Longest lock in seconds (15 minutes).
pub const MAX_LOCK_SECS: i64 = 15 * 60;
/// A failure older than this (seconds) no longer counts: the count starts again.
pub const FAILURE_MEMORY_SECS: i64 = 24 * 60 * 60;

/// How long to lock after the `failures`th consecutive failure (0 = no lock).
pub fn lock_secs(failures: i64) -> i64 {
    if failures < LOCK_AFTER {
        return 0;
    }
    let doublings = (failures - LOCK_AFTER).min(20) as u32;
    (BASE_LOCK_SECS << doublings).min(MAX_LOCK_SECS)
}

/// Per-IP attempt limiter.
pub struct IpLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    checks: AtomicU64,
}

impl IpLimiter {
    /// A limiter allowing `per_minute` attempts per IP per minute (burst of the same size).
    pub fn new(per_minute: u32) -> IpLimiter {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        IpLimiter {
            limiter: RateLimiter::keyed(Quota::per_minute(n)),
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one attempt from `ip`; `false` when over the limit.
    pub fn check(&self, ip: IpAddr) -> bool {
        // Forget idle addresses now and then so the map stays small.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 1024 == 1023 {
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
        self.limiter.check_key(&ip).is_ok()
    }
}

/// Extractor guarding a credential endpoint: counts one attempt against the client's IP
/// (for POST requests) and rejects with 429 over the limit — JSON under `/api/`, a page
/// elsewhere. Put it first among a handler's arguments.
#[derive(Debug, Clone, Copy)]
pub struct IpThrottle;

impl FromRequestParts<AppState> for IpThrottle {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        if parts.method != Method::POST {
            return Ok(IpThrottle);
        }
        let ip = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        if state.auth.ip_limiter.check(ip) {
            return Ok(IpThrottle);
        }
        tracing::warn!(%ip, path = %parts.uri.path(), "per-IP sign-on rate limit hit");
        let mut response = if parts.uri.path().starts_with("/api/") {
            AppError::TooManyRequests.into_json()
        } else {
            AppError::TooManyRequests.into_response()
        };
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("60"),
        );
        Err(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_grows_from_30s_to_15min() {
        assert_eq!(lock_secs(1), 0);
        assert_eq!(lock_secs(4), 0);
        assert_eq!(lock_secs(5), 30);
        assert_eq!(lock_secs(6), 60);
        assert_eq!(lock_secs(7), 120);
        assert_eq!(lock_secs(9), 480);
        assert_eq!(lock_secs(10), 900);
        assert_eq!(lock_secs(1000), 900);
    }

    #[test]
    fn ip_limit_applies_per_address() {
        let l = IpLimiter::new(3);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        assert!(l.check(a));
        assert!(l.check(a));
        assert!(l.check(a));
        assert!(!l.check(a));
        assert!(l.check(b));
    }
}
