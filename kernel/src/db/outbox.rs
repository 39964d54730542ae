//! The durable event outbox (`events`, `event_deliveries`): at-least-once delivery of
//! published events to every subscribed module, with leases, exponential backoff and a
//! final `failed` state an administrator can retry.
//!
//! A dispatcher calls [`claim_due`] to lease due deliveries (so that several kernel
//! instances never hand out the same one at once — `FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, a single write statement on SQLite), delivers them, then records the
//! outcome with [`mark_delivered`] or [`mark_failed`]. A lease that runs out (the kernel
//! died mid-delivery) makes the delivery due again.

use sqlx::{AssertSqlSafe, Row};

use super::{Db, Engine};

/// Attempts after which a delivery is given up (`failed`).
pub const MAX_ATTEMPTS: i64 = 8;

/// Longest stored error message, in characters.
pub const MAX_ERROR_CHARS: usize = 1000;

/// Seconds to wait before the next attempt after `attempts` failed ones (1-based):
/// 5 s, 30 s, 2 min, 10 min, 1 h, 3 h, then 6 h.
pub fn backoff_secs(attempts: i64) -> i64 {
    match attempts {
        i64::MIN..=1 => 5,
        2 => 30,
        3 => 120,
        4 => 600,
        5 => 3600,
        6 => 3 * 3600,
        _ => 6 * 3600,
    }
}

/// A delivery leased to the caller, with its event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The event.
    pub event_id: i64,
    /// The subscribed module to deliver to.
    pub plugin_id: String,
    /// The event's topic.
    pub topic: String,
    /// Who published it (module id, or `kernel`).
    pub source: String,
    /// JSON payload.
    pub payload: String,
    /// When it was published.
    pub published_at: i64,
    /// Attempts made before this one.
    pub attempts: i64,
}

/// A delivery that failed at least once, for the administrators' page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryStatus {
    /// The event.
    pub event_id: i64,
    /// The event's topic.
    pub topic: String,
    /// Who published it.
    pub source: String,
    /// The subscribed module.
    pub plugin_id: String,
    /// Attempts made.
    pub attempts: i64,
    /// The last attempt's error.
    pub last_error: String,
    /// When the next attempt is due (meaningless once `failed`).
    pub next_attempt_at: i64,
    /// `pending` (will be retried) or `failed` (given up).
    pub status: String,
    /// When the event was published.
    pub published_at: i64,
}

/// Numbers of deliveries by state, for an overview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Waiting for (another) attempt.
    pub pending: i64,
    /// Pending after at least one failed attempt.
    pub retrying: i64,
    /// Given up.
    pub failed: i64,
}

/// As [`publish`], inside the caller's transaction (so an event is published exactly when
/// the change it announces commits).
pub async fn publish_in(
    conn: &mut sqlx::AnyConnection,
    topic: &str,
    source: &str,
    payload: &str,
    subscribers: &[String],
    now: i64,
) -> sqlx::Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO events (topic, source, payload, published_at) VALUES ($1, $2, $3, $4) \
         RETURNING id",
    )
    .bind(topic.to_string())
    .bind(source.to_string())
    .bind(payload.to_string())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let mut seen: Vec<&str> = Vec::new();
    for plugin in subscribers {
        if seen.contains(&plugin.as_str()) {
            continue;
        }
        seen.push(plugin);
        sqlx::query(
            "INSERT INTO event_deliveries \
               (event_id, plugin_id, status, attempts, next_attempt_at, locked_until, last_error) \
             VALUES ($1, $2, 'pending', 0, $3, 0, '')",
        )
        .bind(id)
        .bind(plugin.clone())
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// Records an event and one pending delivery per subscriber (due now), atomically.
/// Returns the event id.
pub async fn publish(
    db: &Db,
    topic: &str,
    source: &str,
    payload: &str,
    subscribers: &[String],
    now: i64,
) -> sqlx::Result<i64> {
    let mut tx = db.begin().await?;
    let id = publish_in(&mut tx, topic, source, payload, subscribers, now).await?;
    tx.commit().await?;
    Ok(id)
}

const DUE: &str = "status = 'pending' AND next_attempt_at <= $1 AND locked_until < $1";

/// Leases up to `limit` due deliveries for `lease_secs` and returns them with their
/// events, oldest due first. A delivery is never handed to two callers while leased.
pub async fn claim_due(
    db: &Db,
    now: i64,
    lease_secs: i64,
    limit: i64,
) -> sqlx::Result<Vec<Delivery>> {
    let until = now + lease_secs.max(1);
    let rows = match db.engine {
        Engine::Postgres => {
            let mut tx = db.begin().await?;
            let rows = sqlx::query(AssertSqlSafe(format!(
                "WITH claimed AS ( \
                   SELECT event_id, plugin_id FROM event_deliveries WHERE {DUE} \
                   ORDER BY next_attempt_at, event_id LIMIT $3 \
                   FOR UPDATE SKIP LOCKED) \
                 UPDATE event_deliveries d SET locked_until = $2 \
                 FROM claimed c, events e \
                 WHERE d.event_id = c.event_id AND d.plugin_id = c.plugin_id AND e.id = d.event_id \
                 RETURNING d.event_id, d.plugin_id, e.topic, e.source, e.payload, \
                           e.published_at, d.attempts, d.next_attempt_at"
            )))
            .bind(now)
            .bind(until)
            .bind(limit)
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            rows
        }
        Engine::Sqlite => {
            sqlx::query(AssertSqlSafe(format!(
                "UPDATE event_deliveries SET locked_until = $2 \
                 WHERE (event_id, plugin_id) IN ( \
                   SELECT event_id, plugin_id FROM event_deliveries WHERE {DUE} \
                   ORDER BY next_attempt_at, event_id LIMIT $3) \
                 RETURNING event_id, plugin_id, \
                   (SELECT topic FROM events WHERE id = event_id) AS topic, \
                   (SELECT source FROM events WHERE id = event_id) AS source, \
                   (SELECT payload FROM events WHERE id = event_id) AS payload, \
                   (SELECT published_at FROM events WHERE id = event_id) AS published_at, \
                   attempts, next_attempt_at"
            )))
            .bind(now)
            .bind(until)
            .bind(limit)
            .fetch_all(&db.pool)
            .await?
        }
    };
    let mut claimed = Vec::with_capacity(rows.len());
    for r in rows {
        let due: i64 = r.try_get("next_attempt_at")?;
        claimed.push((
            due,
            Delivery {
                event_id: r.try_get("event_id")?,
                plugin_id: r.try_get("plugin_id")?,
                topic: r.try_get("topic")?,
                source: r.try_get("source")?,
                payload: r.try_get("payload")?,
                published_at: r.try_get("published_at")?,
                attempts: r.try_get("attempts")?,
            },
        ));
    }
    claimed.sort_by(|a, b| {
        (a.0, a.1.event_id, &a.1.plugin_id).cmp(&(b.0, b.1.event_id, &b.1.plugin_id))
    });
    Ok(claimed.into_iter().map(|(_, d)| d).collect())
}

/// Records a successful delivery.
pub async fn mark_delivered(db: &Db, event_id: i64, plugin: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE event_deliveries SET status = 'delivered', attempts = attempts + 1, \
           delivered_at = $3, locked_until = 0, last_error = '' \
         WHERE event_id = $1 AND plugin_id = $2 AND status = 'pending'",
    )
    .bind(event_id)
    .bind(plugin.to_string())
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Records a failed attempt: counts it, keeps the error and schedules the next attempt
/// after [`backoff_secs`], or gives up (`failed`) after [`MAX_ATTEMPTS`].
pub async fn mark_failed(
    db: &Db,
    event_id: i64,
    plugin: &str,
    error: &str,
    now: i64,
) -> sqlx::Result<()> {
    let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
    let mut tx = db.begin().await?;
    let attempts: Option<i64> = sqlx::query_scalar(
        "UPDATE event_deliveries SET attempts = attempts + 1, last_error = $3, locked_until = 0 \
         WHERE event_id = $1 AND plugin_id = $2 AND status = 'pending' RETURNING attempts",
    )
    .bind(event_id)
    .bind(plugin.to_string())
    .bind(error)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(attempts) = attempts {
        let (status, next) = if attempts >= MAX_ATTEMPTS {
            ("failed", now)
        } else {
            ("pending", now + backoff_secs(attempts))
        };
        sqlx::query(
            "UPDATE event_deliveries SET status = $3, next_attempt_at = $4 \
             WHERE event_id = $1 AND plugin_id = $2",
        )
        .bind(event_id)
        .bind(plugin.to_string())
        .bind(status.to_string())
        .bind(next)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Deliveries that failed at least once (still retrying, or given up), given-up ones
/// first, newest events first.
pub async fn failures(db: &Db, limit: i64) -> sqlx::Result<Vec<DeliveryStatus>> {
    let rows = sqlx::query(
        "SELECT d.event_id, e.topic, e.source, d.plugin_id, d.attempts, d.last_error, \
                d.next_attempt_at, d.status, e.published_at \
         FROM event_deliveries d JOIN events e ON e.id = d.event_id \
         WHERE d.status = 'failed' OR (d.status = 'pending' AND d.attempts > 0) \
         ORDER BY CASE WHEN d.status = 'failed' THEN 0 ELSE 1 END, d.event_id DESC, d.plugin_id \
         LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DeliveryStatus {
                event_id: r.try_get("event_id")?,
                topic: r.try_get("topic")?,
                source: r.try_get("source")?,
                plugin_id: r.try_get("plugin_id")?,
                attempts: r.try_get("attempts")?,
                last_error: r.try_get("last_error")?,
                next_attempt_at: r.try_get("next_attempt_at")?,
                status: r.try_get("status")?,
                published_at: r.try_get("published_at")?,
            })
        })
        .collect()
}

/// Counts of pending, retrying and failed deliveries.
pub async fn summary(db: &Db) -> sqlx::Result<Summary> {
    let row = sqlx::query(
        "SELECT \
           COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) AS pending, \
           COALESCE(SUM(CASE WHEN status = 'pending' AND attempts > 0 THEN 1 ELSE 0 END), 0) \
             AS retrying, \
           COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS failed \
         FROM event_deliveries WHERE status <> 'delivered'",
    )
    .fetch_one(&db.pool)
    .await?;
    Ok(Summary {
        pending: row.try_get("pending")?,
        retrying: row.try_get("retrying")?,
        failed: row.try_get("failed")?,
    })
}

/// Makes a delivery due now: a `failed` one starts over (attempts back to 0, last error
/// kept for reference); a retrying `pending` one that is not leased is moved forward.
/// Returns whether there was such a delivery.
pub async fn retry(db: &Db, event_id: i64, plugin: &str, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE event_deliveries SET \
           attempts = CASE WHEN status = 'failed' THEN 0 ELSE attempts END, \
           status = 'pending', next_attempt_at = $3, locked_until = 0 \
         WHERE event_id = $1 AND plugin_id = $2 \
           AND (status = 'failed' OR (status = 'pending' AND locked_until < $3))",
    )
    .bind(event_id)
    .bind(plugin.to_string())
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Deletes events published before `before` whose deliveries are all done (or that had
/// no subscriber). Returns the number of events deleted.
pub async fn prune(db: &Db, before: i64) -> sqlx::Result<u64> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "DELETE FROM event_deliveries WHERE status = 'delivered' AND event_id IN \
           (SELECT id FROM events WHERE published_at < $1) \
         AND NOT EXISTS (SELECT 1 FROM event_deliveries o \
           WHERE o.event_id = event_deliveries.event_id AND o.status <> 'delivered')",
    )
    .bind(before)
    .execute(&mut *tx)
    .await?;
    let done = sqlx::query(
        "DELETE FROM events WHERE published_at < $1 \
         AND NOT EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = events.id)",
    )
    .bind(before)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{TEST_EPOCH, TestDb, engines};

    const NOW: i64 = TEST_EPOCH;

    fn subs(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[tokio::test]
    async fn publishes_and_claims_with_a_lease() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            let e1 = publish(
                db,
                "berita.terbit",
                "berita",
                "{\"id\":1}",
                &subs(&["a", "b", "a"]),
                NOW,
            )
            .await
            .unwrap();
            let e2 = publish(db, "x", "kernel", "{}", &[], NOW).await.unwrap();
            assert!(e2 > e1);
            // Not yet due.
            assert!(claim_due(db, NOW - 1, 30, 10).await.unwrap().is_empty());
            let claimed = claim_due(db, NOW, 30, 10).await.unwrap();
            assert_eq!(claimed.len(), 2, "{engine:?}: one per distinct subscriber");
            assert_eq!(
                claimed[0],
                Delivery {
                    event_id: e1,
                    plugin_id: "a".into(),
                    topic: "berita.terbit".into(),
                    source: "berita".into(),
                    payload: "{\"id\":1}".into(),
                    published_at: NOW,
                    attempts: 0,
                }
            );
            assert_eq!(claimed[1].plugin_id, "b");
            // Leased: nobody else gets them until the lease runs out.
            assert!(claim_due(db, NOW + 29, 30, 10).await.unwrap().is_empty());
            mark_delivered(db, e1, "a", NOW + 1).await.unwrap();
            let again = claim_due(db, NOW + 31, 30, 10).await.unwrap();
            assert_eq!(again.len(), 1, "the expired lease of b makes it due again");
            assert_eq!(again[0].plugin_id, "b");
            mark_delivered(db, e1, "b", NOW + 32).await.unwrap();
            // The limit is respected.
            for i in 0..5 {
                publish(db, "t", "kernel", "{}", &subs(&["c"]), NOW + i)
                    .await
                    .unwrap();
            }
            assert_eq!(claim_due(db, NOW + 100, 30, 3).await.unwrap().len(), 3);
            assert_eq!(claim_due(db, NOW + 100, 30, 10).await.unwrap().len(), 2);
        }
    }

    #[tokio::test]
    async fn backs_off_fails_after_max_attempts_and_retries() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            let e = publish(db, "t", "kernel", "{}", &subs(&["a"]), NOW)
                .await
                .unwrap();
            let mut now = NOW;
            for attempt in 1..=MAX_ATTEMPTS {
                let claimed = claim_due(db, now, 60, 10).await.unwrap();
                assert_eq!(claimed.len(), 1, "{engine:?} attempt {attempt}");
                assert_eq!(claimed[0].attempts, attempt - 1);
                mark_failed(db, e, "a", &format!("gagal {attempt}"), now)
                    .await
                    .unwrap();
                let status = failures(db, 10).await.unwrap().remove(0);
                assert_eq!(status.attempts, attempt);
                assert_eq!(status.last_error, format!("gagal {attempt}"));
                if attempt < MAX_ATTEMPTS {
                    assert_eq!(status.status, "pending");
                    let wait = backoff_secs(attempt);
                    assert_eq!(status.next_attempt_at, now + wait);
                    assert!(
                        claim_due(db, now + wait - 1, 60, 10)
                            .await
                            .unwrap()
                            .is_empty()
                    );
                    now += wait;
                } else {
                    assert_eq!(status.status, "failed");
                }
            }
            assert_eq!(backoff_secs(1), 5);
            assert_eq!(backoff_secs(2), 30);
            assert_eq!(backoff_secs(4), 600);
            // Given up: never due again on its own.
            assert!(
                claim_due(db, now + 365 * 86_400, 60, 10)
                    .await
                    .unwrap()
                    .is_empty()
            );
            assert_eq!(
                summary(db).await.unwrap(),
                Summary {
                    pending: 0,
                    retrying: 0,
                    failed: 1
                }
            );
            assert!(!retry(db, e, "nobody", now).await.unwrap());
            assert!(retry(db, e, "a", now + 10).await.unwrap());
            let claimed = claim_due(db, now + 10, 60, 10).await.unwrap();
            assert_eq!(claimed.len(), 1);
            assert_eq!(claimed[0].attempts, 0);
            mark_delivered(db, e, "a", now + 11).await.unwrap();
            assert!(failures(db, 10).await.unwrap().is_empty());
            assert!(
                !retry(db, e, "a", now + 12).await.unwrap(),
                "delivered stays delivered"
            );
            // Outcomes for deliveries that are no longer pending change nothing.
            mark_failed(db, e, "a", "late", now + 13).await.unwrap();
            assert!(failures(db, 10).await.unwrap().is_empty());
            assert_eq!(prune(db, now + 100).await.unwrap(), 1);
        }
    }

    #[tokio::test]
    async fn concurrent_claimers_never_share_a_delivery() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            let mut tx = db.begin().await.unwrap();
            for i in 0..60 {
                publish_in(
                    &mut tx,
                    "t",
                    "kernel",
                    "{}",
                    &subs(&["a", "b"]),
                    NOW + i % 3,
                )
                .await
                .unwrap();
            }
            tx.commit().await.unwrap();
            let mut tasks = Vec::new();
            for _ in 0..6 {
                let db = db.clone();
                tasks.push(tokio::spawn(async move {
                    let mut mine = Vec::new();
                    loop {
                        let got = claim_due(&db, NOW + 10, 300, 7).await.unwrap();
                        if got.is_empty() {
                            break;
                        }
                        mine.extend(got.into_iter().map(|d| (d.event_id, d.plugin_id)));
                    }
                    mine
                }));
            }
            let mut all = Vec::new();
            for task in tasks {
                all.extend(task.await.unwrap());
            }
            let total = all.len();
            all.sort();
            all.dedup();
            assert_eq!(total, 120, "{engine:?}: every delivery claimed");
            assert_eq!(all.len(), 120, "{engine:?}: no delivery claimed twice");
        }
    }
}
