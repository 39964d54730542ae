//! The end-to-end suite: one test binary driving the real portal over HTTP on a free
//! port, against SQLite and PostgreSQL (see `eoffice::testkit`), plus a headless browser.

mod browser;
mod composition;
mod import;
mod modules;
mod plugin_lifecycle;
mod plugin_sandbox;
mod plugin_support;
mod shell;
mod sso;
mod support;
mod webdriver;
