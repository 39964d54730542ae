//! e-Office 2.0 kernel: single sign-on, the employee database, the portal shell and the
//! command line. See `ARCHITECTURE.md` at the repository root for the code map.

pub mod auth;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod import;
pub mod plugins;
pub mod secrets;
pub mod server;
pub mod state;
pub mod testkit;
pub mod web;
