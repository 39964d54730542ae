//! Capability `settings`: the values the administrator set on the module's settings page
//! (declared in the manifest with [`SettingSpec`](crate::SettingSpec); unset keys return
//! their default).

use crate::{Error, sys};

/// The value of `key` as text ([`Error::NotFound`] for an undeclared key).
pub fn get(key: &str) -> Result<String, Error> {
    Ok(sys::settings::get(key)?)
}

/// Every setting as `(key, value)`.
pub fn all() -> Result<Vec<(String, String)>, Error> {
    Ok(sys::settings::all()?)
}

/// A `boolean` setting.
pub fn get_bool(key: &str) -> Result<bool, Error> {
    Ok(get(key)? == "true")
}

/// A `number` setting ([`Error::Invalid`] if it is empty or not a number).
pub fn get_number(key: &str) -> Result<f64, Error> {
    let v = get(key)?;
    v.trim()
        .parse()
        .map_err(|_| Error::Invalid(format!("pengaturan {key} bukan angka: {v:?}")))
}

/// A `time` setting (`HH:MM`) as minutes since midnight.
pub fn get_time(key: &str) -> Result<u32, Error> {
    let v = get(key)?;
    crate::clock::parse_hhmm(&v)
        .ok_or_else(|| Error::Invalid(format!("pengaturan {key} bukan jam HH:MM: {v:?}")))
}
