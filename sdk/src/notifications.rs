//! Capability `notifications`: messages in the kernel's notification bell.

pub use crate::__internal::bindings::eoffice::portal::notifications::Notification;
use crate::{Error, sys};

impl Notification {
    /// A notification for `recipient` (a NIP).
    pub fn new(
        recipient: impl Into<String>,
        title: impl Into<String>,
        body: impl Into<String>,
    ) -> Notification {
        Notification {
            recipient: recipient.into(),
            title: title.into(),
            body: body.into(),
            link: None,
        }
    }
    /// Where a click leads: module-relative (`dokumen/1`, resolved under the module root
    /// `/m/<id>` by the kernel), an absolute portal path (`/m/<id>/dokumen/1`, as
    /// [`Context::path`](crate::Context::path) builds it) or an `http(s)://` URL. Anything
    /// else (other schemes, `..` segments) is refused with [`Error::Invalid`](crate::Error::Invalid).
    pub fn link(mut self, link: impl Into<String>) -> Notification {
        self.link = Some(link.into());
        self
    }
}

/// Sends a notification to its recipient.
pub fn send(notification: &Notification) -> Result<(), Error> {
    Ok(sys::notifications::send(notification)?)
}

/// Sends a notification to every registered user holding `role` (`pegawai` = everyone;
/// the notification's `recipient` is ignored). Returns how many were notified.
/// Contract 1.1.0.
pub fn send_to_role(role: &str, notification: &Notification) -> Result<u32, Error> {
    Ok(sys::notifications::send_to_role(role, notification)?)
}
