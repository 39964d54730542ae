//! Always available: log lines, tagged with the module id by the kernel.
//!
//! Use the functions or the `format!`-style macros [`debug!`](crate::debug!),
//! [`info!`](crate::info!), [`warn!`](crate::warn!) and [`error!`](crate::error!).

pub use crate::__internal::bindings::eoffice::portal::log::Level;
use crate::sys;

/// Writes a log line at `level`.
pub fn log(level: Level, message: &str) {
    sys::log::log(level, message);
}

/// A debug line.
pub fn debug(message: &str) {
    log(Level::Debug, message);
}

/// An info line.
pub fn info(message: &str) {
    log(Level::Info, message);
}

/// A warning line.
pub fn warn(message: &str) {
    log(Level::Warn, message);
}

/// An error line.
pub fn error(message: &str) {
    log(Level::Error, message);
}

/// Logs a `format!` message at debug level.
#[macro_export]
macro_rules! debug {
    ($($arg:tt)*) => { $crate::log::debug(&::std::format!($($arg)*)) };
}

/// Logs a `format!` message at info level.
#[macro_export]
macro_rules! info {
    ($($arg:tt)*) => { $crate::log::info(&::std::format!($($arg)*)) };
}

/// Logs a `format!` message at warning level.
#[macro_export]
macro_rules! warn {
    ($($arg:tt)*) => { $crate::log::warn(&::std::format!($($arg)*)) };
}

/// Logs a `format!` message at error level.
#[macro_export]
macro_rules! error {
    ($($arg:tt)*) => { $crate::log::error(&::std::format!($($arg)*)) };
}
