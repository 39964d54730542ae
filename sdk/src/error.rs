//! The error every capability call can return, mirroring the contract's `types::error`.

use std::fmt;

use crate::__internal::bindings::eoffice::portal::types::Error as WitError;

/// Why a capability call (or a module's own step) failed.
///
/// The first six variants mirror the contract's `error` variant one to one. [`Error::Other`]
/// is the module's own failure (a bad event payload, an unexpected state); the kernel never
/// returns it.
///
/// Returned from [`Plugin::handle`](crate::Plugin::handle), an error becomes an error page
/// through [`Response::from_error`](crate::Response::from_error) (403, 404, 409, 400, 429,
/// 503 or 500).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The capability is not granted to this module (the kernel audits the call).
    Denied(String),
    /// No such document, employee, unit or setting.
    NotFound,
    /// Optimistic concurrency: the stored version differs; carries the current one
    /// (0 = no document).
    Conflict(u64),
    /// The arguments were refused, with a reason.
    Invalid(String),
    /// The per-call budget of host calls, bytes or documents is spent.
    QuotaExceeded(String),
    /// A transient failure in the kernel or a remote service.
    Unavailable(String),
    /// A failure of the module itself (not from the kernel).
    Other(String),
}

impl Error {
    /// A module failure with a message.
    pub fn other(message: impl Into<String>) -> Error {
        Error::Other(message.into())
    }

    /// An invalid-argument error with a reason (becomes a 400 page).
    pub fn invalid(reason: impl Into<String>) -> Error {
        Error::Invalid(reason.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Denied(reason) => write!(f, "akses ditolak: {reason}"),
            Error::NotFound => f.write_str("tidak ditemukan"),
            Error::Conflict(current) => {
                write!(f, "data telah diubah (versi tersimpan {current})")
            }
            Error::Invalid(reason) => write!(f, "permintaan tidak valid: {reason}"),
            Error::QuotaExceeded(reason) => write!(f, "kuota habis: {reason}"),
            Error::Unavailable(reason) => write!(f, "layanan tidak tersedia: {reason}"),
            Error::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl From<WitError> for Error {
    fn from(e: WitError) -> Error {
        match e {
            WitError::Denied(r) => Error::Denied(r),
            WitError::NotFound => Error::NotFound,
            WitError::Conflict(v) => Error::Conflict(v),
            WitError::Invalid(r) => Error::Invalid(r),
            WitError::QuotaExceeded(r) => Error::QuotaExceeded(r),
            WitError::Unavailable(r) => Error::Unavailable(r),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::Invalid(format!("JSON tidak valid: {e}"))
    }
}

/// Lets `?` turn an [`Error`] into the `String` errors of the contract.
impl From<Error> for String {
    fn from(e: Error) -> String {
        e.to_string()
    }
}

/// Shorthand for results of capability calls.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirrors_the_contract_error() {
        assert_eq!(Error::from(WitError::Conflict(3)), Error::Conflict(3));
        assert_eq!(Error::from(WitError::NotFound), Error::NotFound);
        assert!(Error::Denied("x".into()).to_string().contains("ditolak"));
        let s: String = Error::other("gagal").into();
        assert_eq!(s, "gagal");
    }
}
