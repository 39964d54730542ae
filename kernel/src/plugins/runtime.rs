//! Calls into modules: a fresh store and instance per call from the module's
//! pre-instantiated component, with its memory limit, its CPU deadline (epoch
//! interruption), a budget of host calls and a cap on the response size. A trap fails
//! that call only; repeated failures quarantine the module.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use wasmtime::{Store, StoreLimits, StoreLimitsBuilder, Trap, UpdateDeadline};

use super::bindings::{self, CapabilityError, Card, Context, Event, Manifest, Request, Response};
use super::engine::EPOCH_TICK;
use super::registry::{LoadedModule, PluginHost};
use crate::state::AppState;

/// Host calls one module call may make.
pub const HOST_CALL_BUDGET: u32 = 1000;
/// Largest response (cards, page or JSON) a call may return, as JSON bytes.
pub const MAX_RESPONSE_BYTES: usize = 1 << 20;
/// Failed calls in a row after which a module is quarantined.
pub const QUARANTINE_AFTER: u32 = 5;
/// Wall-clock slack beyond the CPU deadline (host calls waiting on I/O).
pub const WALL_SLACK: Duration = Duration::from_secs(1);

/// Why a call to a module failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// The module is quarantined (or could not be loaded).
    #[error("modul sedang dikarantina")]
    Quarantined,
    /// The call ran past its deadline and was stopped.
    #[error("modul melewati batas waktu dan dihentikan")]
    Timeout,
    /// The module crashed (trap); only this call failed.
    #[error("modul mengalami galat: {0}")]
    Trap(String),
    /// The response is larger than the host accepts.
    #[error("respons modul terlalu besar")]
    ResponseTooLarge,
    /// The module returned an error, or the host could not run it.
    #[error("modul gagal: {0}")]
    Failed(String),
}

impl CallError {
    /// Whether this failure counts towards quarantine.
    pub fn counts(&self) -> bool {
        matches!(
            self,
            CallError::Timeout | CallError::Trap(_) | CallError::ResponseTooLarge
        )
    }
}

/// Per-call state of the store: who is calling, for which module, and the budgets.
pub struct HostState {
    pub(crate) state: AppState,
    pub(crate) module: Arc<LoadedModule>,
    /// NIP of the user the call is made for.
    pub(crate) user: Option<String>,
    pub(crate) request_id: String,
    /// Capabilities already denied (and audited) during this call.
    pub(crate) denied: Vec<String>,
    limits: StoreLimits,
    host_calls: u32,
    /// Epoch ticks this call was seen running (the CPU deadline counts these).
    ticks_run: u64,
    /// Ticks allowed by the module's deadline.
    tick_budget: u64,
}

impl HostState {
    /// Spends one host call of the budget.
    pub(crate) fn spend(&mut self) -> Result<(), CapabilityError> {
        self.host_calls += 1;
        if self.host_calls > HOST_CALL_BUDGET {
            Err(CapabilityError::QuotaExceeded(format!(
                "lebih dari {HOST_CALL_BUDGET} panggilan host dalam satu pemanggilan"
            )))
        } else {
            Ok(())
        }
    }
}

/// Counts bytes and stops at a limit.
struct Budget(usize);

impl Write for Budget {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 = self.0.saturating_add(buf.len());
        if self.0 > MAX_RESPONSE_BYTES {
            Err(std::io::Error::other("too large"))
        } else {
            Ok(buf.len())
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn check_size<T: serde::Serialize>(value: &T) -> Result<(), CallError> {
    serde_json::to_writer(Budget(0), value).map_err(|_| CallError::ResponseTooLarge)
}

fn classify(e: wasmtime::Error) -> CallError {
    match e.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => CallError::Timeout,
        Some(trap) => CallError::Trap(trap.to_string()),
        None => CallError::Trap(format!("{e:#}").chars().take(500).collect()),
    }
}

impl PluginHost {
    fn store(
        &self,
        state: &AppState,
        m: &Arc<LoadedModule>,
        ctx: Option<&Context>,
    ) -> Store<HostState> {
        let limits = StoreLimitsBuilder::new()
            .memory_size((m.memory_mib as usize) << 20)
            .instances(32)
            .tables(32)
            .memories(8)
            .build();
        let mut store = Store::new(
            &self.runtime().shared.engine,
            HostState {
                state: state.clone(),
                module: m.clone(),
                user: ctx.and_then(|c| c.user.as_ref()).map(|u| u.nip.clone()),
                request_id: ctx.map(|c| c.request_id.clone()).unwrap_or_default(),
                denied: Vec::new(),
                limits,
                host_calls: 0,
                ticks_run: 0,
                tick_budget: (m.deadline.as_millis() / EPOCH_TICK.as_millis()).max(1) as u64,
            },
        );
        store.limiter(|s| &mut s.limits);
        // The deadline counts ticks during which this instance was running, not wall
        // time since it was created: at every tick the guest yields to the executor (so
        // a runaway module cannot starve calls sharing its thread) and is interrupted
        // once its budget is spent.
        store.set_epoch_deadline(1);
        store.epoch_deadline_callback(|mut cx| {
            let s = cx.data_mut();
            s.ticks_run += 1;
            Ok(if s.ticks_run >= s.tick_budget {
                UpdateDeadline::Interrupt
            } else {
                UpdateDeadline::Yield(1)
            })
        });
        store
    }

    async fn instance(
        &self,
        state: &AppState,
        m: &Arc<LoadedModule>,
        ctx: Option<&Context>,
    ) -> Result<(Store<HostState>, bindings::Module), CallError> {
        let pre = m.pre.as_ref().ok_or(CallError::Quarantined)?;
        let mut store = self.store(state, m, ctx);
        let instance = pre
            .instantiate_async(&mut store)
            .await
            .map_err(|e| match classify(e) {
                CallError::Trap(msg) => {
                    CallError::Failed(format!("tidak dapat membuat instans: {msg}"))
                }
                other => other,
            })?;
        Ok((store, instance))
    }

    /// Runs `call` under the module's wall-clock bound and books the outcome.
    async fn guarded<T>(
        &self,
        state: &AppState,
        m: &Arc<LoadedModule>,
        call: impl std::future::Future<Output = Result<T, CallError>>,
    ) -> Result<T, CallError> {
        if !m.is_active() {
            return Err(CallError::Quarantined);
        }
        let result = match tokio::time::timeout(m.deadline + WALL_SLACK, call).await {
            Ok(r) => r,
            Err(_) => Err(CallError::Timeout),
        };
        self.book(state, m, &result).await;
        result
    }

    /// The module's cards for this user's dashboard.
    pub async fn dashboard(
        &self,
        state: &AppState,
        m: &Arc<LoadedModule>,
        ctx: Context,
    ) -> Result<Vec<Card>, CallError> {
        self.guarded(state, m, async {
            let (mut store, inst) = self.instance(state, m, Some(&ctx)).await?;
            let cards = inst
                .eoffice_portal_plugin()
                .call_dashboard(&mut store, &ctx)
                .await
                .map_err(classify)?;
            check_size(&cards)?;
            cards.map_err(CallError::Failed)
        })
        .await
    }

    /// A page or JSON API request under the module's paths.
    pub async fn handle(
        &self,
        state: &AppState,
        m: &Arc<LoadedModule>,
        ctx: Context,
        req: Request,
    ) -> Result<Response, CallError> {
        self.guarded(state, m, async {
            let (mut store, inst) = self.instance(state, m, Some(&ctx)).await?;
            let response = inst
                .eoffice_portal_plugin()
                .call_handle(&mut store, &ctx, &req)
                .await
                .map_err(classify)?;
            check_size(&response)?;
            Ok(response)
        })
        .await
    }

    /// Delivers one event to a subscribed module.
    pub async fn on_event(
        &self,
        state: &AppState,
        m: &Arc<LoadedModule>,
        ctx: Context,
        event: Event,
    ) -> Result<(), CallError> {
        self.guarded(state, m, async {
            let (mut store, inst) = self.instance(state, m, Some(&ctx)).await?;
            inst.eoffice_portal_plugin()
                .call_on_event(&mut store, &ctx, &event)
                .await
                .map_err(classify)?
                .map_err(CallError::Failed)
        })
        .await
    }

    /// Runs `describe` of a candidate package in the sandbox (default limits, no grants).
    pub(crate) async fn describe(
        &self,
        state: &AppState,
        pre: bindings::ModulePre<HostState>,
    ) -> Result<Manifest, CallError> {
        let probe = Arc::new(LoadedModule::probe(pre));
        let call = async {
            let (mut store, inst) = self.instance(state, &probe, None).await?;
            let manifest = inst
                .eoffice_portal_plugin()
                .call_describe(&mut store)
                .await
                .map_err(classify)?;
            check_size(&manifest)?;
            Ok(manifest)
        };
        match tokio::time::timeout(probe.deadline + WALL_SLACK, call).await {
            Ok(r) => r,
            Err(_) => Err(CallError::Timeout),
        }
    }

    /// Counts failures in a row (memory + database) and quarantines at
    /// [`QUARANTINE_AFTER`]; a success after failures resets the count (no database
    /// write on the common path).
    async fn book<T>(&self, state: &AppState, m: &Arc<LoadedModule>, r: &Result<T, CallError>) {
        match r {
            Ok(_) => {
                if m.failures.swap(0, Ordering::Relaxed) > 0
                    && let Err(e) = crate::db::plugins::set_failures(&state.db, &m.id, 0).await
                {
                    tracing::warn!(module = %m.id, error = %e, "cannot reset failure count");
                }
            }
            Err(e) if e.counts() => {
                let n = m.failures.fetch_add(1, Ordering::Relaxed) + 1;
                tracing::warn!(module = %m.id, failures = n, error = %e, "module call failed");
                if let Err(err) = crate::db::plugins::set_failures(&state.db, &m.id, n as i64).await
                {
                    tracing::warn!(module = %m.id, error = %err, "cannot record failure count");
                }
                if n == QUARANTINE_AFTER {
                    let reason = format!("{n} kegagalan berturut-turut; terakhir: {e}");
                    if let Err(err) = super::admin::quarantine(state, &m.id, &reason).await {
                        tracing::error!(module = %m.id, error = %err, "cannot quarantine module");
                    }
                }
            }
            Err(e) => tracing::info!(module = %m.id, error = %e, "module call returned an error"),
        }
    }
}
