//! `records`: staff-record changes applied by the kernel. Section `identitas` with fields
//! `email` and `telepon`; validated, written in one transaction with an audit entry
//! holding before/after, who approved it and which module asked.

use super::unavailable;
use crate::plugins::bindings::CapabilityError;
use crate::plugins::bindings::eoffice::portal::records::{Change, Host};
use crate::plugins::runtime::HostState;

fn valid_email(s: &str) -> bool {
    s.len() <= 254
        && !s.chars().any(char::is_whitespace)
        && s.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
}

fn valid_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (6..=20).contains(&digits)
        && s.len() <= 30
        && s.chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == ' ' || c == '-' || (c == '+' && i == 0))
}

impl Host for HostState {
    async fn apply(&mut self, change: Change) -> Result<(), CapabilityError> {
        self.require("records", "records.apply").await?;
        if change.section != "identitas" {
            return Err(CapabilityError::Invalid(format!(
                "bagian {:?} tidak didukung (hanya identitas)",
                change.section
            )));
        }
        if change.approved_by.trim().is_empty() {
            return Err(CapabilityError::Invalid("approved-by wajib diisi".into()));
        }
        if change.fields.is_empty() {
            return Err(CapabilityError::Invalid(
                "tidak ada field yang diubah".into(),
            ));
        }
        let mut email = None;
        let mut telepon = None;
        for (field, value) in &change.fields {
            let value = value.trim().to_string();
            match field.as_str() {
                "email" if email.is_none() => {
                    if !valid_email(&value) {
                        return Err(CapabilityError::Invalid(format!(
                            "email {value:?} tidak valid"
                        )));
                    }
                    email = Some(value);
                }
                "telepon" if telepon.is_none() => {
                    if !valid_phone(&value) {
                        return Err(CapabilityError::Invalid(format!(
                            "nomor telepon {value:?} tidak valid"
                        )));
                    }
                    telepon = Some(value);
                }
                "email" | "telepon" => {
                    return Err(CapabilityError::Invalid(format!("field {field:?} ganda")));
                }
                other => {
                    return Err(CapabilityError::Invalid(format!(
                        "field {other:?} tidak dapat diubah (email, telepon)"
                    )));
                }
            }
        }
        let now = self.state.now();
        let mut tx = self.state.db.begin().await.map_err(unavailable)?;
        let (old_email, old_telepon) = crate::db::directory::contact(&mut tx, &change.nip)
            .await
            .map_err(unavailable)?
            .ok_or(CapabilityError::NotFound)?;
        let new_email = email.unwrap_or_else(|| old_email.clone());
        let new_telepon = telepon.unwrap_or_else(|| old_telepon.clone());
        crate::db::directory::update_contact(&mut tx, &change.nip, &new_email, &new_telepon, now)
            .await
            .map_err(unavailable)?;
        crate::db::audit::record(
            &mut *tx,
            now,
            &crate::db::audit::AuditEntry {
                actor_nip: self.user.as_deref(),
                subject: &change.nip,
                action: "record.change",
                outcome: "ok",
                detail: serde_json::json!({
                    "module": self.module.id,
                    "section": change.section,
                    "before": { "email": old_email, "telepon": old_telepon },
                    "after": { "email": new_email, "telepon": new_telepon },
                    "approved_by": change.approved_by,
                    "note": change.note,
                }),
                ip: "",
                request_id: &self.request_id,
            },
        )
        .await
        .map_err(unavailable)?;
        tx.commit().await.map_err(unavailable)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_contact_fields() {
        assert!(valid_email("ani@kemkes.go.id"));
        assert!(!valid_email("ani@"));
        assert!(!valid_email("a b@x.id"));
        assert!(valid_phone("+62 812-3456-7890"));
        assert!(!valid_phone("12"));
        assert!(!valid_phone("0812<script>"));
    }
}
