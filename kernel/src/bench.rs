//! In-process benchmarks behind `eoffice bench …`: latency percentiles of server-side
//! work measured on the configured database (median and p95 over many runs, since these
//! machines are shared and noisy).

use std::time::{Duration, Instant};

use sqlx::Row;

use crate::db::Db;

/// Latency summary.
#[derive(Debug, Clone)]
pub struct Percentiles {
    /// Number of samples.
    pub samples: usize,
    /// Median.
    pub p50: Duration,
    /// 95th percentile.
    pub p95: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Slowest.
    pub max: Duration,
}

impl Percentiles {
    /// Summarises samples (must not be empty).
    pub fn of(mut samples: Vec<Duration>) -> Percentiles {
        samples.sort();
        let at = |q: f64| {
            samples[((samples.len() as f64 * q).ceil() as usize).clamp(1, samples.len()) - 1]
        };
        Percentiles {
            samples: samples.len(),
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            max: at(1.0),
        }
    }
}

impl std::fmt::Display for Percentiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "{} queries: p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            self.samples,
            ms(self.p50),
            ms(self.p95),
            ms(self.p99),
            ms(self.max)
        )
    }
}

/// Realistic queries drawn from the names in the database: a whole first name, a 3-letter
/// prefix, two-word prefixes ("sit nur") and a rare full name, in a fixed mix.
pub async fn search_queries(db: &Db, count: usize) -> anyhow::Result<Vec<String>> {
    let rows = sqlx::query("SELECT nama_cari FROM employees ORDER BY nip LIMIT 2000")
        .fetch_all(&db.pool)
        .await?;
    anyhow::ensure!(
        !rows.is_empty(),
        "no employees to search: import or seed data first"
    );
    let names: Vec<String> = rows
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let name = &names[(i * 7919) % names.len()];
        let words: Vec<&str> = name.split(' ').collect();
        let prefix = |w: &str, n: usize| w.chars().take(n).collect::<String>();
        let q = match i % 4 {
            0 => words[0].to_string(),
            1 => prefix(words[0], 3),
            2 if words.len() > 1 => format!("{} {}", prefix(words[0], 3), prefix(words[1], 3)),
            _ => name.clone(),
        };
        out.push(q);
    }
    Ok(out)
}

/// Runs the name search (first page) for each query after a warm-up; returns percentiles.
pub async fn search(db: &Db, count: usize) -> anyhow::Result<Percentiles> {
    let queries = search_queries(db, count).await?;
    for q in queries.iter().take(50) {
        crate::db::search::search(db, q, 1).await?;
    }
    let mut samples = Vec::with_capacity(queries.len());
    for q in &queries {
        let start = Instant::now();
        crate::db::search::search(db, q, 1).await?;
        samples.push(start.elapsed());
    }
    Ok(Percentiles::of(samples))
}

/// The module in `wasm` loaded without being installed (granted what it requests), and
/// an anonymous call context for it.
async fn detached(
    state: &crate::state::AppState,
    wasm: &[u8],
) -> anyhow::Result<(
    std::sync::Arc<crate::plugins::LoadedModule>,
    crate::plugins::bindings::Context,
)> {
    let module = state
        .plugins
        .load_detached(state, wasm, true)
        .await
        .map_err(|e| anyhow::anyhow!("cannot load the module: {e}"))?;
    let ctx = crate::plugins::bindings::Context {
        user: None,
        request_id: "bench".into(),
        locale: "id".into(),
        base_path: format!("/m/{}", module.id),
    };
    Ok((module, ctx))
}

/// Fresh instance + one `dashboard` call of the module in `wasm` (loaded without being
/// installed, granted what it requests), `calls` times after a warm-up.
pub async fn plugin_call(
    state: &crate::state::AppState,
    wasm: &[u8],
    calls: usize,
) -> anyhow::Result<Percentiles> {
    use crate::plugins::bindings::User;
    let (module, mut ctx) = detached(state, wasm).await?;
    ctx.user = Some(User {
        nip: "199001012015011001".into(),
        name: "Pegawai Uji".into(),
        roles: vec!["pegawai".into()],
        unit_code: "UJI".into(),
        unit_name: "Unit Uji".into(),
    });
    for _ in 0..calls.min(200) {
        state
            .plugins
            .dashboard(state, &module, ctx.clone())
            .await
            .map_err(|e| anyhow::anyhow!("dashboard call failed: {e}"))?;
    }
    let mut samples = Vec::with_capacity(calls);
    for _ in 0..calls {
        let start = Instant::now();
        let cards = state.plugins.dashboard(state, &module, ctx.clone()).await;
        samples.push(start.elapsed());
        cards.map_err(|e| anyhow::anyhow!("dashboard call failed: {e}"))?;
    }
    Ok(Percentiles::of(samples))
}

/// How long past its deadline a runaway module (one whose `dashboard` never returns)
/// keeps running: `calls` calls of the module in `wasm` (loaded without being installed),
/// each timed from the call to the host's `Timeout`; returns the overshoot beyond the
/// module's deadline (zero when stopped early) and that deadline.
pub async fn plugin_runaway(
    state: &crate::state::AppState,
    wasm: &[u8],
    calls: usize,
) -> anyhow::Result<(Percentiles, Duration)> {
    use crate::plugins::CallError;
    use std::sync::atomic::Ordering;
    let (module, ctx) = detached(state, wasm).await?;
    let mut samples = Vec::with_capacity(calls);
    for _ in 0..calls {
        // A detached module is never quarantined; keep its failure count below the
        // threshold so the host does not try to.
        module.failures.store(0, Ordering::Relaxed);
        let start = Instant::now();
        let result = state.plugins.dashboard(state, &module, ctx.clone()).await;
        let elapsed = start.elapsed();
        match result {
            Err(CallError::Timeout) => {}
            Ok(_) => anyhow::bail!("the module is not a runaway: its dashboard call returned"),
            Err(e) => anyhow::bail!("the module is not a runaway: its dashboard call failed: {e}"),
        }
        samples.push(elapsed.saturating_sub(module.deadline));
    }
    Ok((Percentiles::of(samples), module.deadline))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_ranks() {
        let p = Percentiles::of((1..=100).map(Duration::from_millis).collect());
        assert_eq!(p.p50, Duration::from_millis(50));
        assert_eq!(p.p95, Duration::from_millis(95));
        assert_eq!(p.max, Duration::from_millis(100));
    }
}
