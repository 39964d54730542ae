//! Module `presensi` (Kehadiran): clock in / clock out from the mobile app with the
//! server's time and the phone's position, an optional office geofence, today's record on
//! the dashboard, the month's attendance with late-in / early-out minutes, and a unit
//! report for an Atasan.

pub mod geo;
pub mod jadwal;
pub mod kehadiran;
pub mod rekap;
pub mod waktu;
