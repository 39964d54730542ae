//! Civil-service domain rules that need no database: NIP validation, golongan and
//! position reference data, the competency dictionary.

pub mod nip;
pub mod reference;
