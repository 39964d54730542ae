//! The command line: `eoffice serve | migrate | demo | import-employees | activation-code |
//! password-reset-token | otp-reset-token | role | user | demo-otp | plugin | bench`.
//!
//! Commands print what they did for a person at a terminal and exit non-zero with a
//! clear message when they refuse; a refused command changes nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::config::Config;

/// e-Office 2.0 — the ministry's staff portal.
#[derive(Debug, Parser)]
#[command(name = "eoffice", version, about)]
pub struct Cli {
    /// Configuration file (TOML); `EOFFICE_*` environment variables override it.
    #[arg(long, global = true, env = "EOFFICE_CONFIG")]
    pub config: Option<PathBuf>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the portal's HTTP server.
    Serve {
        /// First seed demo data and demo accounts (idempotent) and install the bundled
        /// modules, then serve.
        #[arg(long)]
        demo: bool,
        /// Directory of built module packages for `--demo` (default `target/wasm-plugins`).
        #[arg(long, env = "EOFFICE_PLUGINS_DIR")]
        plugins: Option<PathBuf>,
    },
    /// Apply database migrations and seed reference data.
    Migrate,
    /// Seed deterministic demo data and demo accounts (idempotent).
    Demo {
        /// Number of employees to generate.
        #[arg(long, default_value_t = 2500)]
        employees: usize,
        /// Random seed.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Directory of built module packages (default `target/wasm-plugins`).
        #[arg(long, env = "EOFFICE_PLUGINS_DIR")]
        plugins: Option<PathBuf>,
    },
    /// Print the current OTP of a demo account (only accounts made by `eoffice demo`).
    DemoOtp {
        /// NIP of the demo account.
        nip: String,
    },
    /// Write generated demo employees as an import CSV (for the import benchmark and tests).
    DemoCsv {
        /// The CSV file to write.
        file: PathBuf,
        /// Number of employees to generate.
        #[arg(long, default_value_t = 2500)]
        employees: usize,
        /// Random seed.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Import employees from a CSV file (upsert by NIP; all or nothing).
    ImportEmployees {
        /// The CSV file.
        file: PathBuf,
    },
    /// Issue a single-use activation code (valid 7 days) for registration.
    ActivationCode {
        /// NIP of the employee.
        nip: String,
    },
    /// Issue a single-use token to reset a forgotten password.
    PasswordResetToken {
        /// NIP of the employee.
        nip: String,
    },
    /// Issue a single-use token to re-enrol the authenticator without a recovery code.
    OtpResetToken {
        /// NIP of the employee.
        nip: String,
    },
    /// Grant or revoke a role.
    Role {
        /// grant | revoke | list
        #[command(subcommand)]
        action: RoleAction,
    },
    /// Measure server-side latencies on the configured database (see README, Benchmarks).
    Bench {
        /// What to measure.
        #[command(subcommand)]
        what: BenchTarget,
    },
    /// Disable or enable a user account.
    User {
        /// disable | enable
        #[command(subcommand)]
        action: UserAction,
    },
    /// Administer modules (WebAssembly plugins); changes reach a running server within a second.
    Plugin {
        /// install | upgrade | list | info | grant | revoke | enable | disable | rollback |
        /// remove | set | limits | release
        #[command(subcommand)]
        action: PluginAction,
    },
}

/// Module administration.
#[derive(Debug, Subcommand)]
pub enum PluginAction {
    /// Install a module package (enabled for its default roles, granted nothing).
    Install {
        /// The component (`target/wasm-plugins/<name>.wasm`).
        file: PathBuf,
        /// Upgrade instead when the module is already installed (any version).
        #[arg(long)]
        force: bool,
    },
    /// Upgrade an installed module (the version must increase unless --force).
    Upgrade {
        /// The component.
        file: PathBuf,
        /// Allow the same or a lower version.
        #[arg(long)]
        force: bool,
    },
    /// List installed modules.
    List,
    /// Show a module: manifest, requested vs granted capabilities, versions, roles, limits.
    Info {
        /// Module id.
        id: String,
    },
    /// Grant a capability the module requests.
    Grant {
        /// Module id.
        id: String,
        /// storage, directory, records, notifications, events, settings or http:HOST.
        capability: String,
    },
    /// Revoke a capability.
    Revoke {
        /// Module id.
        id: String,
        /// The capability.
        capability: String,
    },
    /// Enable the module for a role (`pegawai` = everyone).
    Enable {
        /// Module id.
        id: String,
        /// The role.
        #[arg(long)]
        role: String,
    },
    /// Disable the module for a role.
    Disable {
        /// Module id.
        id: String,
        /// The role.
        #[arg(long)]
        role: String,
    },
    /// Return to the version in use before the last upgrade.
    Rollback {
        /// Module id.
        id: String,
    },
    /// Uninstall a module (its documents are kept unless --purge).
    Remove {
        /// Module id.
        id: String,
        /// Also delete the module's documents.
        #[arg(long)]
        purge: bool,
    },
    /// Set a module setting.
    Set {
        /// Module id.
        id: String,
        /// Setting key (declared by the manifest).
        key: String,
        /// Value.
        value: String,
    },
    /// Show or set the per-call limits.
    Limits {
        /// Module id.
        id: String,
        /// CPU deadline per call in milliseconds (10–10000).
        #[arg(long)]
        deadline_ms: Option<u64>,
        /// Memory limit per instance in MiB (4–256).
        #[arg(long)]
        memory_mib: Option<u64>,
    },
    /// End a quarantine.
    Release {
        /// Module id.
        id: String,
    },
}

/// Benchmarks.
#[derive(Debug, Subcommand)]
pub enum BenchTarget {
    /// Name search: p50/p95/p99 of the first result page.
    Search {
        /// Number of queries.
        #[arg(long, default_value_t = 2000)]
        queries: usize,
    },
    /// Fresh module instance + one dashboard call: median and p95.
    PluginCall {
        /// The module package.
        #[arg(long)]
        wasm: PathBuf,
        /// Number of calls.
        #[arg(long, default_value_t = 5000)]
        calls: usize,
    },
    /// How far past its deadline a runaway module (e.g. `hostile-loop`) runs.
    PluginRunaway {
        /// The module package; its `dashboard` must never return.
        #[arg(long)]
        wasm: PathBuf,
        /// Number of calls (each lasts about the deadline, 100 ms by default).
        #[arg(long, default_value_t = 30)]
        calls: usize,
    },
}

/// Role changes.
#[derive(Debug, Subcommand)]
pub enum RoleAction {
    /// Grant ROLE to NIP.
    Grant {
        /// NIP.
        nip: String,
        /// Role: admin, anpeg, pengelola-berita, helpdesk.
        role: String,
    },
    /// Revoke ROLE from NIP.
    Revoke {
        /// NIP.
        nip: String,
        /// Role.
        role: String,
    },
    /// List the roles of NIP.
    List {
        /// NIP.
        nip: String,
    },
}

/// Account status changes.
#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Disable the account and end every session at once.
    Disable {
        /// NIP.
        nip: String,
    },
    /// Enable the account again.
    Enable {
        /// NIP.
        nip: String,
    },
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("EOFFICE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one parsed command.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = Config::load(cli.config.as_deref())?;
    match cli.command {
        Command::Serve { demo, plugins } => {
            let state = crate::server::bootstrap(config).await?;
            if demo {
                let report =
                    crate::demo::seed(&state, &crate::demo::DemoOptions::default()).await?;
                report.print(&state.config);
                install_bundled(&state, plugins).await?;
            }
            eprintln!("e-Office 2.0 listening on http://{}", state.config.bind);
            crate::server::serve(state).await?;
        }
        Command::Migrate => {
            let db = crate::server::open_database(&config).await?;
            println!(
                "database ready ({}): migrations applied, reference data seeded",
                crate::db::redact(&config.database_url())
            );
            db.pool.close().await;
        }
        Command::Demo {
            employees,
            seed,
            plugins,
        } => {
            let state = crate::server::bootstrap(config).await?;
            let report =
                crate::demo::seed(&state, &crate::demo::DemoOptions { employees, seed }).await?;
            report.print(&state.config);
            install_bundled(&state, plugins).await?;
        }
        Command::DemoOtp { nip } => {
            let state = crate::server::bootstrap(config).await?;
            println!("{}", crate::auth::admin::demo_otp(&state, &nip).await?);
        }
        Command::DemoCsv {
            file,
            employees,
            seed,
        } => {
            let now = crate::clock::Clock::now(&crate::clock::SystemClock);
            let rows =
                crate::demo::write_csv(&file, &crate::demo::DemoOptions { employees, seed }, now)?;
            println!("{rows} pegawai demo ditulis ke {}", file.display());
        }
        Command::ImportEmployees { file } => {
            let state = crate::server::bootstrap(config).await?;
            return crate::import::run_cli(&state, &file).await;
        }
        Command::ActivationCode { nip } => {
            let state = crate::server::bootstrap(config).await?;
            let code = crate::auth::admin::issue_code(
                &state,
                &nip,
                crate::auth::admin::CodePurpose::Activation,
            )
            .await?;
            println!("{code}");
            eprintln!(
                "Kode aktivasi untuk {nip}, sekali pakai, berlaku 7 hari. Daftar di /daftar."
            );
        }
        Command::PasswordResetToken { nip } => {
            let state = crate::server::bootstrap(config).await?;
            let code = crate::auth::admin::issue_code(
                &state,
                &nip,
                crate::auth::admin::CodePurpose::PasswordReset,
            )
            .await?;
            println!("{code}");
            eprintln!("Token reset kata sandi untuk {nip}, sekali pakai. Gunakan di /lupa-sandi.");
        }
        Command::OtpResetToken { nip } => {
            let state = crate::server::bootstrap(config).await?;
            let code = crate::auth::admin::issue_code(
                &state,
                &nip,
                crate::auth::admin::CodePurpose::OtpReset,
            )
            .await?;
            println!("{code}");
            eprintln!("Token reset OTP untuk {nip}, sekali pakai. Gunakan di /otp/ulang.");
        }
        Command::Role { action } => {
            let state = crate::server::bootstrap(config).await?;
            match action {
                RoleAction::Grant { nip, role } => {
                    crate::auth::admin::grant_role(&state, &nip, &role).await?;
                    println!("peran {role} diberikan kepada {nip}");
                }
                RoleAction::Revoke { nip, role } => {
                    crate::auth::admin::revoke_role(&state, &nip, &role).await?;
                    println!("peran {role} dicabut dari {nip}");
                }
                RoleAction::List { nip } => {
                    for role in crate::auth::admin::roles_of(&state, &nip).await? {
                        println!("{role}");
                    }
                }
            }
        }
        Command::Bench {
            what: BenchTarget::Search { queries },
        } => {
            let db = crate::server::open_database(&config).await?;
            let count = crate::db::employees::count(&db).await?;
            println!(
                "name search over {count} employees: {}",
                crate::bench::search(&db, queries).await?
            );
        }
        Command::Bench {
            what: BenchTarget::PluginCall { wasm, calls },
        } => {
            let state = crate::server::bootstrap(config).await?;
            let bytes =
                std::fs::read(&wasm).with_context(|| format!("cannot read {}", wasm.display()))?;
            let p = crate::bench::plugin_call(&state, &bytes, calls.max(1)).await?;
            let us = |d: std::time::Duration| d.as_secs_f64() * 1e6;
            println!(
                "fresh instance + dashboard call of {} ({} calls): median {:.1} µs, p95 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
                wasm.display(),
                p.samples,
                us(p.p50),
                us(p.p95),
                us(p.p99),
                us(p.max)
            );
        }
        Command::Bench {
            what: BenchTarget::PluginRunaway { wasm, calls },
        } => {
            let state = crate::server::bootstrap(config).await?;
            let bytes =
                std::fs::read(&wasm).with_context(|| format!("cannot read {}", wasm.display()))?;
            let (p, deadline) = crate::bench::plugin_runaway(&state, &bytes, calls.max(1)).await?;
            let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
            println!(
                "runaway {} ({} calls, deadline {} ms): stopped after the deadline by median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
                wasm.display(),
                p.samples,
                deadline.as_millis(),
                ms(p.p50),
                ms(p.p95),
                ms(p.max)
            );
        }
        Command::Plugin { action } => {
            let state = crate::server::bootstrap(config).await?;
            return crate::plugins::cli::run(&state, action).await;
        }
        Command::User { action } => {
            let state = crate::server::bootstrap(config).await?;
            match action {
                UserAction::Disable { nip } => {
                    let ended = crate::auth::admin::set_disabled(&state, &nip, true).await?;
                    println!("akun {nip} dinonaktifkan; {ended} sesi diakhiri");
                }
                UserAction::Enable { nip } => {
                    crate::auth::admin::set_disabled(&state, &nip, false).await?;
                    println!("akun {nip} diaktifkan kembali");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Installs the bundled modules from `dir` (or the default), printing what happened.
async fn install_bundled(
    state: &crate::state::AppState,
    dir: Option<PathBuf>,
) -> anyhow::Result<()> {
    let dir = crate::plugins::bundled::dir(dir);
    for line in crate::plugins::bundled::install_dir(state, &dir).await? {
        eprintln!("{line}");
    }
    Ok(())
}
