//! The office geofence: great-circle distance (haversine) between a reported position
//! and the office, compared with the configured radius.

/// Mean Earth radius in metres (IUGG).
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A WGS 84 position in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Posisi {
    /// Latitude, −90…90.
    pub lat: f64,
    /// Longitude, −180…180.
    pub lon: f64,
}

impl Posisi {
    /// A position when both coordinates are finite and in range.
    pub fn new(lat: f64, lon: f64) -> Option<Posisi> {
        (lat.is_finite()
            && lon.is_finite()
            && (-90.0..=90.0).contains(&lat)
            && (-180.0..=180.0).contains(&lon))
        .then_some(Posisi { lat, lon })
    }

    /// Great-circle distance in metres.
    pub fn jarak_meter(self, other: Posisi) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
    }
}

/// The office and how far from it clocking in is accepted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geofence {
    /// The office.
    pub kantor: Posisi,
    /// Accepted distance in metres.
    pub radius_meter: f64,
}

/// Default radius when the setting is empty or malformed.
pub const RADIUS_BAWAAN: f64 = 200.0;

impl Geofence {
    /// The geofence from the settings' text values; `None` (no geofence) unless both
    /// coordinates are set and valid.
    pub fn dari_pengaturan(lat: &str, lon: &str, radius: &str) -> Option<Geofence> {
        let lat = lat.trim().parse::<f64>().ok()?;
        let lon = lon.trim().parse::<f64>().ok()?;
        let kantor = Posisi::new(lat, lon)?;
        let radius_meter = radius
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|r| r.is_finite() && *r > 0.0)
            .unwrap_or(RADIUS_BAWAAN);
        Some(Geofence {
            kantor,
            radius_meter,
        })
    }

    /// `Ok(distance)` inside the radius, `Err(distance)` outside.
    pub fn periksa(&self, posisi: Posisi) -> Result<f64, f64> {
        let d = self.kantor.jarak_meter(posisi);
        if d <= self.radius_meter {
            Ok(d)
        } else {
            Err(d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_distances() {
        // Kemenkes (Jl. H.R. Rasuna Said) to Monas: about 6 km.
        let kemenkes = Posisi::new(-6.2297, 106.8326).unwrap();
        let monas = Posisi::new(-6.1754, 106.8272).unwrap();
        let d = kemenkes.jarak_meter(monas);
        assert!((6_000.0..6_100.0).contains(&d), "{d}");
        // One degree of latitude is ~111.2 km.
        let a = Posisi::new(0.0, 0.0).unwrap();
        let b = Posisi::new(1.0, 0.0).unwrap();
        assert!((a.jarak_meter(b) - 111_195.0).abs() < 10.0);
        assert_eq!(a.jarak_meter(a), 0.0);
    }

    #[test]
    fn geofence_in_and_out() {
        let g = Geofence::dari_pengaturan("-6.2297", "106.8326", "200").unwrap();
        // ~100 m north: inside.
        assert!(g.periksa(Posisi::new(-6.2288, 106.8326).unwrap()).is_ok());
        // ~1 km north: outside.
        let out = g
            .periksa(Posisi::new(-6.2207, 106.8326).unwrap())
            .unwrap_err();
        assert!(out > 900.0 && out < 1_100.0, "{out}");
    }

    #[test]
    fn geofence_settings() {
        assert_eq!(Geofence::dari_pengaturan("", "", "200"), None);
        assert_eq!(Geofence::dari_pengaturan("-6.2", "", "200"), None);
        assert_eq!(Geofence::dari_pengaturan("95", "106", "200"), None);
        let g = Geofence::dari_pengaturan("-6.2", "106.8", "").unwrap();
        assert_eq!(g.radius_meter, RADIUS_BAWAAN);
        assert_eq!(Posisi::new(f64::NAN, 0.0), None);
        assert_eq!(Posisi::new(0.0, 181.0), None);
    }
}
