//! `notifications`: messages in the kernel's notification bell; the recipient must be
//! an employee, or (`send-to-role`, since 1.1) every enabled account holding a role.

use super::unavailable;
use crate::plugins::bindings::CapabilityError;
use crate::plugins::bindings::eoffice::portal::notifications::{Host, Notification};
use crate::plugins::runtime::HostState;

fn validate(n: &Notification) -> Result<(), CapabilityError> {
    if n.title.trim().is_empty() || n.title.len() > 200 {
        return Err(CapabilityError::Invalid(
            "judul kosong atau lebih dari 200 byte".into(),
        ));
    }
    if n.body.len() > 4000 {
        return Err(CapabilityError::Invalid("isi lebih dari 4000 byte".into()));
    }
    if n.link.as_ref().is_some_and(|l| l.len() > 1000) {
        return Err(CapabilityError::Invalid("tautan terlalu panjang".into()));
    }
    Ok(())
}

/// The link as stored: module-relative links resolved under `/m/<module>`, portal paths
/// and `http(s)` URLs kept; anything else is refused, so the bell never holds a link it
/// would have to withhold.
fn stored_link(module: &str, link: Option<&str>) -> Result<Option<String>, CapabilityError> {
    let Some(link) = link.map(str::trim).filter(|l| !l.is_empty()) else {
        return Ok(None);
    };
    crate::web::render::resolve(link, &format!("/m/{module}"))
        .map(|href| href.as_str().to_string())
        .filter(|l| crate::db::notifications::is_safe_link(l))
        .map(Some)
        .ok_or_else(|| CapabilityError::Invalid(format!("tautan {link:?} tidak diizinkan")))
}

impl HostState {
    async fn notify(&self, recipient: &str, n: &Notification) -> Result<(), CapabilityError> {
        let link = stored_link(&self.module.id, n.link.as_deref())?;
        crate::db::notifications::send(
            &self.state.db,
            recipient,
            &self.module.id,
            &n.title,
            &n.body,
            link.as_deref(),
            self.state.now(),
        )
        .await
        .map_err(unavailable)?;
        Ok(())
    }
}

impl Host for HostState {
    async fn send(&mut self, n: Notification) -> Result<(), CapabilityError> {
        self.require("notifications", "notifications.send").await?;
        validate(&n)?;
        if crate::db::directory::unit_of(&self.state.db, &n.recipient)
            .await
            .map_err(unavailable)?
            .is_none()
        {
            return Err(CapabilityError::NotFound);
        }
        self.notify(&n.recipient, &n).await
    }

    async fn send_to_role(
        &mut self,
        role: String,
        n: Notification,
    ) -> Result<u32, CapabilityError> {
        self.require("notifications", "notifications.send-to-role")
            .await?;
        validate(&n)?;
        if !crate::plugins::manifest::valid_id(&role) {
            return Err(CapabilityError::Invalid(format!(
                "peran {role:?} tidak valid"
            )));
        }
        let link = stored_link(&self.module.id, n.link.as_deref())?;
        let sent = crate::db::notifications::send_to_role(
            &self.state.db,
            &role,
            &self.module.id,
            &n.title,
            &n.body,
            link.as_deref(),
            self.state.now(),
        )
        .await
        .map_err(unavailable)?;
        Ok(sent.min(u32::MAX as u64) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::stored_link;

    #[test]
    fn links_resolve_under_the_module_or_are_refused() {
        let link = |l: &str| stored_link("cuti", Some(l));
        assert_eq!(
            link("persetujuan/1").unwrap().as_deref(),
            Some("/m/cuti/persetujuan/1")
        );
        assert_eq!(link("./").unwrap().as_deref(), Some("/m/cuti"));
        assert_eq!(link("/m/cuti/x").unwrap().as_deref(), Some("/m/cuti/x"));
        assert_eq!(
            link("https://sso.kemkes.go.id/a").unwrap().as_deref(),
            Some("https://sso.kemkes.go.id/a")
        );
        assert_eq!(stored_link("cuti", None).unwrap(), None);
        assert_eq!(link("  ").unwrap(), None);
        for bad in [
            "javascript:alert(1)",
            "//evil.example",
            "../berita",
            "data:text/html,x",
        ] {
            assert!(link(bad).is_err(), "{bad} must be refused");
        }
    }
}
