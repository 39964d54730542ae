//! Kernel-owned notifications (`notifications`): what modules (through their capability)
//! and the kernel tell one employee, shown under the bell in the header.
//!
//! Every read and write is scoped by the recipient's NIP: an employee can only see and
//! mark their own notifications. Marking as read is not a record change and is not
//! audited.

use sqlx::Row;

use super::Db;

/// Notifications per page of [`list`].
pub const PAGE_SIZE: i64 = 20;

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Notification {
    /// Id.
    pub id: i64,
    /// Who sent it (module id, or `kernel`).
    pub source: String,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
    /// Where it leads (a portal path or an http(s) URL), if anywhere.
    pub link: Option<String>,
    /// When it was sent.
    pub created_at: i64,
    /// When the recipient read it.
    pub read_at: Option<i64>,
}

impl Notification {
    /// Whether it is still unread.
    pub fn is_unread(&self) -> bool {
        self.read_at.is_none()
    }

    /// The link if it is safe to put in a page or redirect to (see [`is_safe_link`]).
    pub fn safe_link(&self) -> Option<&str> {
        self.link.as_deref().filter(|l| is_safe_link(l))
    }
}

/// One page of a recipient's notifications, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct NotificationPage {
    /// The notifications on this page.
    pub items: Vec<Notification>,
    /// All notifications of the recipient.
    pub total: i64,
    /// Unread notifications of the recipient.
    pub unread: i64,
    /// 1-based page number.
    pub page: i64,
    /// Whether a next page exists.
    pub has_next: bool,
}

/// Whether `link` may be offered to a user: a portal path (`/…`, not `//…` nor with a
/// backslash) or an absolute `http`/`https` URL, without control characters or spaces.
/// Anything else (`javascript:`, `data:`, relative tricks) is refused.
pub fn is_safe_link(link: &str) -> bool {
    if link.is_empty() || link.len() > 2048 || link.chars().any(|c| c.is_control() || c == ' ') {
        return false;
    }
    if link.contains('\\') {
        return false;
    }
    if let Some(rest) = link.strip_prefix('/') {
        return !rest.starts_with('/');
    }
    let lower = link.to_ascii_lowercase();
    ["http://", "https://"].iter().any(|scheme| {
        lower
            .strip_prefix(scheme)
            .is_some_and(|host| !host.is_empty() && !host.starts_with('/'))
    })
}

/// Sends a notification to `recipient`; returns its id.
pub async fn send(
    db: &Db,
    recipient: &str,
    source: &str,
    title: &str,
    body: &str,
    link: Option<&str>,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO notifications (recipient_nip, source, title, body, link, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(recipient.to_string())
    .bind(source.to_string())
    .bind(title.to_string())
    .bind(body.to_string())
    .bind(link.map(str::to_string))
    .bind(now)
    .fetch_one(&db.pool)
    .await
}

/// Sends a notification to every enabled account holding `role` (`pegawai` = every
/// enabled account), in one statement; returns how many were sent.
#[allow(clippy::too_many_arguments)]
pub async fn send_to_role(
    db: &Db,
    role: &str,
    source: &str,
    title: &str,
    body: &str,
    link: Option<&str>,
    now: i64,
) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "INSERT INTO notifications (recipient_nip, source, title, body, link, created_at) \
         SELECT u.nip, $2, $3, $4, $5, $6 FROM users u \
         WHERE u.disabled = 0 AND ($1 = 'pegawai' OR EXISTS \
           (SELECT 1 FROM user_roles r WHERE r.nip = u.nip AND r.role = $1)) \
         ORDER BY u.nip",
    )
    .bind(role.to_string())
    .bind(source.to_string())
    .bind(title.to_string())
    .bind(body.to_string())
    .bind(link.map(str::to_string))
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected())
}

/// Number of unread notifications of `nip` (served by the `notifications_unread` index).
pub async fn unread_count(db: &Db, nip: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE recipient_nip = $1 AND read_at IS NULL",
    )
    .bind(nip.to_string())
    .fetch_one(&db.pool)
    .await
}

fn notification(r: &sqlx::any::AnyRow) -> sqlx::Result<Notification> {
    Ok(Notification {
        id: r.try_get("id")?,
        source: r.try_get("source")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        link: r.try_get("link")?,
        created_at: r.try_get("created_at")?,
        read_at: r.try_get("read_at")?,
    })
}

const COLUMNS: &str = "id, source, title, body, link, created_at, read_at";

/// Page `page` (1-based; smaller values mean 1) of `nip`'s notifications, newest first,
/// [`PAGE_SIZE`] per page, with the total and unread counts.
pub async fn list(db: &Db, nip: &str, page: i64) -> sqlx::Result<NotificationPage> {
    let page = page.max(1);
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM notifications WHERE recipient_nip = $1 \
         ORDER BY id DESC LIMIT $2 OFFSET $3"
    )))
    .bind(nip.to_string())
    .bind(PAGE_SIZE + 1)
    .bind((page - 1).saturating_mul(PAGE_SIZE))
    .fetch_all(&db.pool)
    .await?;
    let has_next = rows.len() as i64 > PAGE_SIZE;
    let items = rows
        .iter()
        .take(PAGE_SIZE as usize)
        .map(notification)
        .collect::<sqlx::Result<Vec<_>>>()?;
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE recipient_nip = $1")
            .bind(nip.to_string())
            .fetch_one(&db.pool)
            .await?;
    Ok(NotificationPage {
        items,
        total,
        unread: unread_count(db, nip).await?,
        page,
        has_next,
    })
}

/// Notification `id` if it belongs to `nip`.
pub async fn get(db: &Db, nip: &str, id: i64) -> sqlx::Result<Option<Notification>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM notifications WHERE id = $1 AND recipient_nip = $2"
    )))
    .bind(id)
    .bind(nip.to_string())
    .fetch_optional(&db.pool)
    .await?;
    row.as_ref().map(notification).transpose()
}

/// Marks notification `id` read if it belongs to `nip` (an already read one keeps its
/// time). Returns whether it belongs to `nip`; someone else's id changes nothing.
pub async fn mark_read(db: &Db, nip: &str, id: i64, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE notifications SET read_at = COALESCE(read_at, $3) \
         WHERE id = $1 AND recipient_nip = $2",
    )
    .bind(id)
    .bind(nip.to_string())
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Marks every unread notification of `nip` read; returns how many.
pub async fn mark_all_read(db: &Db, nip: &str, now: i64) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE notifications SET read_at = $2 WHERE recipient_nip = $1 AND read_at IS NULL",
    )
    .bind(nip.to_string())
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{TEST_EPOCH, TestDb, engines};

    const SITI: &str = "198507142010012003";
    const BUDI: &str = "199001012015031001";

    #[test]
    fn accepts_only_safe_links() {
        for ok in [
            "/m/berita/12",
            "/",
            "https://kemkes.go.id/x?y=1",
            "HTTP://a.b",
        ] {
            assert!(is_safe_link(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,x",
            "//evil.example/x",
            "/\\evil.example",
            "https:///x",
            "http://",
            "berita/12",
            "",
            "/a\nb",
        ] {
            assert!(!is_safe_link(bad), "{bad:?}");
        }
    }

    #[tokio::test]
    async fn sends_to_a_role() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            let nips = [SITI, BUDI, "197001011995031002"];
            let employees: Vec<_> = nips
                .iter()
                .map(|n| crate::testkit::employee(n, "Pegawai", "UJI"))
                .collect();
            crate::testkit::insert_org(db, &[("UJI", "Unit Uji", None)], &employees).await;
            for nip in nips {
                crate::db::users::insert(
                    &db.pool,
                    &crate::db::users::NewUser {
                        nip,
                        password_hash: "x",
                        totp_secret_enc: b"x",
                        totp_last_step: 0,
                        demo: false,
                        now: TEST_EPOCH,
                    },
                )
                .await
                .unwrap();
            }
            crate::db::users::grant_role(&db.pool, BUDI, "anpeg")
                .await
                .unwrap();
            crate::db::users::set_disabled(&db.pool, nips[2], true)
                .await
                .unwrap();
            let to_anpeg = send_to_role(db, "anpeg", "cuti", "Pengajuan", "", None, TEST_EPOCH);
            assert_eq!(to_anpeg.await.unwrap(), 1);
            assert_eq!(unread_count(db, BUDI).await.unwrap(), 1);
            assert_eq!(unread_count(db, SITI).await.unwrap(), 0);
            let to_all = send_to_role(db, "pegawai", "berita", "Berita", "", None, TEST_EPOCH);
            assert_eq!(to_all.await.unwrap(), 2, "disabled accounts are skipped");
            assert_eq!(unread_count(db, nips[2]).await.unwrap(), 0);
        }
    }

    #[tokio::test]
    async fn counts_lists_and_marks_only_own() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let db = &t.db;
            let mut ids = Vec::new();
            for i in 0..25 {
                ids.push(
                    send(
                        db,
                        SITI,
                        "berita",
                        &format!("Judul {i}"),
                        "Isi",
                        Some("/m/berita/1"),
                        TEST_EPOCH + i,
                    )
                    .await
                    .unwrap(),
                );
            }
            let budi = send(db, BUDI, "kernel", "Untuk Budi", "Isi", None, TEST_EPOCH)
                .await
                .unwrap();
            assert_eq!(unread_count(db, SITI).await.unwrap(), 25);
            assert_eq!(unread_count(db, BUDI).await.unwrap(), 1);

            let first = list(db, SITI, 1).await.unwrap();
            assert_eq!(first.items.len(), 20);
            assert_eq!((first.total, first.unread, first.has_next), (25, 25, true));
            assert_eq!(first.items[0].title, "Judul 24", "newest first");
            let second = list(db, SITI, 2).await.unwrap();
            assert_eq!(second.items.len(), 5);
            assert!(!second.has_next);
            assert!(second.items.iter().all(|n| n.title != "Untuk Budi"));

            // Someone else's notification: refused, nothing changes.
            assert!(!mark_read(db, SITI, budi, TEST_EPOCH + 100).await.unwrap());
            assert_eq!(unread_count(db, BUDI).await.unwrap(), 1);
            assert!(get(db, SITI, budi).await.unwrap().is_none());
            assert!(get(db, BUDI, budi).await.unwrap().unwrap().is_unread());

            assert!(mark_read(db, SITI, ids[3], TEST_EPOCH + 100).await.unwrap());
            assert!(mark_read(db, SITI, ids[3], TEST_EPOCH + 200).await.unwrap());
            let n = get(db, SITI, ids[3]).await.unwrap().unwrap();
            assert_eq!(n.read_at, Some(TEST_EPOCH + 100), "first read time kept");
            assert_eq!(unread_count(db, SITI).await.unwrap(), 24);

            assert_eq!(mark_all_read(db, SITI, TEST_EPOCH + 300).await.unwrap(), 24);
            assert_eq!(unread_count(db, SITI).await.unwrap(), 0);
            assert_eq!(unread_count(db, BUDI).await.unwrap(), 1, "others untouched");
            assert_eq!(mark_all_read(db, SITI, TEST_EPOCH + 400).await.unwrap(), 0);
        }
    }
}
