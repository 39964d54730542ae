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

impl HostState {
    async fn notify(&self, recipient: &str, n: &Notification) -> Result<(), CapabilityError> {
        crate::db::notifications::send(
            &self.state.db,
            recipient,
            &self.module.id,
            &n.title,
            &n.body,
            n.link.as_deref(),
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
        let sent = crate::db::notifications::send_to_role(
            &self.state.db,
            &role,
            &self.module.id,
            &n.title,
            &n.body,
            n.link.as_deref(),
            self.state.now(),
        )
        .await
        .map_err(unavailable)?;
        Ok(sent.min(u32::MAX as u64) as u32)
    }
}
