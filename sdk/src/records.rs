//! Capability `records`: changes to an employee's staff record, applied and audited by
//! the kernel. In contract 1.x only section `identitas` (fields `email`, `telepon`).

pub use crate::__internal::bindings::eoffice::portal::records::Change;
use crate::{Error, sys};

impl Change {
    /// A change of `section` for `nip`, approved by `approved_by`.
    pub fn new(
        nip: impl Into<String>,
        section: impl Into<String>,
        approved_by: impl Into<String>,
    ) -> Change {
        Change {
            nip: nip.into(),
            section: section.into(),
            fields: Vec::new(),
            approved_by: approved_by.into(),
            note: String::new(),
        }
    }
    /// Sets a field.
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Change {
        self.fields.push((name.into(), value.into()));
        self
    }
    /// A note for the audit log.
    pub fn note(mut self, note: impl Into<String>) -> Change {
        self.note = note.into();
        self
    }
}

/// Applies a change to the staff record.
pub fn apply(change: &Change) -> Result<(), Error> {
    Ok(sys::records::apply(change)?)
}
