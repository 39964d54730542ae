//! Capability `directory`: read access to the employee database.

pub use crate::__internal::bindings::eoffice::portal::directory::{Employee, Unit};
use crate::{Error, sys};

/// The employee with NIP `nip` ([`Error::NotFound`] if none).
pub fn get(nip: &str) -> Result<Employee, Error> {
    Ok(sys::directory::get(nip)?)
}

/// The employee's direct supervisor (Atasan), if any.
pub fn supervisor(nip: &str) -> Result<Option<Employee>, Error> {
    Ok(sys::directory::supervisor(nip)?)
}

/// Employees whose Atasan is `nip`.
pub fn direct_reports(nip: &str) -> Result<Vec<Employee>, Error> {
    Ok(sys::directory::direct_reports(nip)?)
}

/// The Anpeg (HR managers) responsible for the employee's unit.
pub fn anpeg(nip: &str) -> Result<Vec<Employee>, Error> {
    Ok(sys::directory::anpeg(nip)?)
}

/// The unit with code `code`.
pub fn unit(code: &str) -> Result<Unit, Error> {
    Ok(sys::directory::get_unit(code)?)
}

/// Members of a unit (not of its sub-units), by name; `limit` ≤ 500.
pub fn unit_members(code: &str, offset: u32, limit: u32) -> Result<Vec<Employee>, Error> {
    Ok(sys::directory::unit_members(code, offset, limit)?)
}

/// Employees whose name has a word starting with each word of `query` (case- and
/// accent-insensitive), by name; `limit` ≤ 50. Contract 1.1.0.
pub fn search(query: &str, limit: u32) -> Result<Vec<Employee>, Error> {
    Ok(sys::directory::search(query, limit)?)
}
