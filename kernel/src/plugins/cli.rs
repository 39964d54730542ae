//! `eoffice plugin …`: module administration from the command line. A refusal prints
//! the reason on stderr and exits with code 2; nothing is changed.

use std::process::ExitCode;

use super::admin::{self, Actor, AdminError};
use crate::cli::PluginAction;
use crate::state::AppState;

fn refused(e: AdminError) -> ExitCode {
    eprintln!("ditolak: {e}");
    ExitCode::from(2)
}

fn read(path: &std::path::Path) -> Result<Vec<u8>, ExitCode> {
    std::fs::read(path).map_err(|e| {
        eprintln!("ditolak: tidak dapat membaca {}: {e}", path.display());
        ExitCode::from(2)
    })
}

fn print_report(verb: &str, r: &admin::InstallReport) {
    println!(
        "modul {} {} {verb} (kontrak {})",
        r.id, r.version, r.api_version
    );
    if let Some(p) = &r.previous_version {
        println!(
            "  versi sebelumnya: {p} (kembali dengan `eoffice plugin rollback {}`)",
            r.id
        );
    }
    println!("  diaktifkan untuk peran: {}", list(&r.roles));
    println!("  kapabilitas diminta: {}", list(&r.requested));
    println!("  kapabilitas diberikan: {}", list(&r.granted));
    let missing: Vec<&String> = r
        .requested
        .iter()
        .filter(|c| !r.granted.contains(c))
        .collect();
    for c in missing {
        println!("  berikan dengan: eoffice plugin grant {} {c}", r.id);
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "-".into()
    } else {
        items.join(", ")
    }
}

/// Runs one `plugin` subcommand.
pub async fn run(state: &AppState, action: PluginAction) -> anyhow::Result<ExitCode> {
    let actor = Actor::CLI;
    let done = |r: Result<(), AdminError>, msg: String| match r {
        Ok(()) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => refused(e),
    };
    Ok(match action {
        PluginAction::Install { file, force } => {
            let wasm = match read(&file) {
                Ok(w) => w,
                Err(code) => return Ok(code),
            };
            match admin::install(state, &wasm, force, &actor).await {
                Ok(r) => {
                    print_report("dipasang", &r);
                    ExitCode::SUCCESS
                }
                Err(e) => refused(e),
            }
        }
        PluginAction::Upgrade { file, force } => {
            let wasm = match read(&file) {
                Ok(w) => w,
                Err(code) => return Ok(code),
            };
            match admin::upgrade(state, &wasm, force, &actor).await {
                Ok(r) => {
                    print_report("diperbarui", &r);
                    ExitCode::SUCCESS
                }
                Err(e) => refused(e),
            }
        }
        PluginAction::List => {
            let all = state.plugins.all();
            if all.is_empty() {
                println!("belum ada modul terpasang");
            }
            for m in all {
                println!(
                    "{:<20} {:<10} api {:<6} peran: {:<30} diberikan: {}{}",
                    m.id,
                    m.version.to_string(),
                    m.api_version.to_string(),
                    list(&m.roles.iter().cloned().collect::<Vec<_>>()),
                    list(&m.grants.iter().cloned().collect::<Vec<_>>()),
                    m.quarantine
                        .as_deref()
                        .map(|q| format!("  [KARANTINA: {q}]"))
                        .unwrap_or_default()
                );
            }
            ExitCode::SUCCESS
        }
        PluginAction::Info { id } => {
            let Some(m) = state.plugins.module(&id) else {
                return Ok(refused(AdminError::NotFound(id)));
            };
            let versions = crate::db::plugins::versions(&state.db, &id).await?;
            println!("{} — {} {}", m.id, m.manifest.name, m.version);
            println!("deskripsi: {}", m.manifest.description);
            println!("kontrak: {}  sha256: {}", m.api_version, m.sha256);
            println!(
                "status: {}",
                m.quarantine
                    .as_deref()
                    .map(|q| format!(
                        "DIKARANTINA — {q} (akhiri dengan `eoffice plugin release {id}`)"
                    ))
                    .unwrap_or_else(|| "aktif".into())
            );
            println!(
                "batas: {} ms per panggilan, {} MiB memori",
                m.deadline.as_millis(),
                m.memory_mib
            );
            println!(
                "peran: {}",
                list(&m.roles.iter().cloned().collect::<Vec<_>>())
            );
            println!("kapabilitas:");
            for c in &m.manifest.capabilities {
                println!(
                    "  {c:<30} {}",
                    if m.grants.contains(c) {
                        "diberikan"
                    } else {
                        "diminta, belum diberikan"
                    }
                );
            }
            for g in m
                .grants
                .iter()
                .filter(|g| !m.manifest.capabilities.contains(g))
            {
                println!("  {g:<30} diberikan (tidak diminta lagi)");
            }
            println!("versi tersimpan:");
            for v in versions {
                let mark = if v.version == m.version.to_string() {
                    " (aktif)"
                } else if m.previous_version.as_deref() == Some(v.version.as_str()) {
                    " (sebelumnya)"
                } else {
                    ""
                };
                println!(
                    "  {} api {} sha256 {}{mark}",
                    v.version, v.api_version, v.sha256
                );
            }
            if !m.manifest.tabs.is_empty() {
                println!(
                    "tab: {}",
                    m.manifest
                        .tabs
                        .iter()
                        .map(|t| format!("{} ({})", t.label, t.id))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            for item in &m.manifest.menu {
                let group = crate::web::layout::MENU_GROUPS
                    .iter()
                    .find(|(g, _)| *g == item.group)
                    .map_or("?", |(_, label)| *label);
                println!("menu: {group} / {} → /m/{id}{}", item.label, item.path);
            }
            for s in &m.manifest.settings {
                println!(
                    "pengaturan {} = {:?} ({})",
                    s.key,
                    m.settings.get(&s.key).cloned().unwrap_or_default(),
                    s.label
                );
            }
            if !m.manifest.subscriptions.is_empty() {
                println!("langganan event: {}", m.manifest.subscriptions.join(", "));
            }
            ExitCode::SUCCESS
        }
        PluginAction::Grant { id, capability } => done(
            admin::grant(state, &id, &capability, &actor).await,
            format!("kapabilitas {capability} diberikan kepada {id}"),
        ),
        PluginAction::Revoke { id, capability } => done(
            admin::revoke(state, &id, &capability, &actor).await,
            format!("kapabilitas {capability} dicabut dari {id}"),
        ),
        PluginAction::Enable { id, role } => done(
            admin::enable(state, &id, &role, &actor).await,
            format!("modul {id} diaktifkan untuk peran {role}"),
        ),
        PluginAction::Disable { id, role } => done(
            admin::disable(state, &id, &role, &actor).await,
            format!("modul {id} dinonaktifkan untuk peran {role}"),
        ),
        PluginAction::Rollback { id } => match admin::rollback(state, &id, &actor).await {
            Ok(v) => {
                println!("modul {id} kembali ke versi {v}");
                ExitCode::SUCCESS
            }
            Err(e) => refused(e),
        },
        PluginAction::Remove { id, purge } => {
            match admin::remove(state, &id, purge, &actor).await {
                Ok(n) if purge => {
                    println!("modul {id} dihapus beserta {n} dokumennya");
                    ExitCode::SUCCESS
                }
                Ok(_) => {
                    println!("modul {id} dihapus; dokumennya disimpan (hapus dengan --purge)");
                    ExitCode::SUCCESS
                }
                Err(e) => refused(e),
            }
        }
        PluginAction::Set { id, key, value } => done(
            admin::set_settings(state, &id, &[(key.clone(), value.clone())], &actor).await,
            format!("pengaturan {key} modul {id} = {value:?}"),
        ),
        PluginAction::Limits {
            id,
            deadline_ms,
            memory_mib,
        } => {
            let Some(m) = state.plugins.module(&id) else {
                return Ok(refused(AdminError::NotFound(id)));
            };
            if deadline_ms.is_none() && memory_mib.is_none() {
                println!(
                    "{id}: {} ms per panggilan, {} MiB memori",
                    m.deadline.as_millis(),
                    m.memory_mib
                );
                return Ok(ExitCode::SUCCESS);
            }
            let d = deadline_ms.unwrap_or(m.deadline.as_millis() as u64);
            let mem = memory_mib.unwrap_or(m.memory_mib);
            done(
                admin::set_limits(state, &id, d, mem, &actor).await,
                format!("batas modul {id}: {d} ms per panggilan, {mem} MiB memori"),
            )
        }
        PluginAction::Release { id } => done(
            admin::release_quarantine(state, &id, &actor).await,
            format!("karantina modul {id} diakhiri"),
        ),
    })
}
