//! Display formatting in Bahasa Indonesia: dates, times, greetings, labels.

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// `1986-09-26` → `26 September 1986`; anything else is returned unchanged.
pub fn tanggal(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    if let [y, m, d] = parts[..]
        && let (Ok(m), Ok(d)) = (m.parse::<usize>(), d.parse::<u32>())
        && (1..=12).contains(&m)
        && y.len() == 4
    {
        return format!("{d} {} {y}", MONTHS[m - 1]);
    }
    iso.to_string()
}

/// An optional date, or a dash.
pub fn tanggal_opt(iso: Option<&str>) -> String {
    iso.filter(|s| !s.is_empty())
        .map(tanggal)
        .unwrap_or_else(|| "–".into())
}

/// A unix time as `3 Desember 2026 08.15 WIB`.
pub fn waktu(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(time::macros::offset!(+7));
    format!(
        "{} {} {} {:02}.{:02} WIB",
        t.day(),
        MONTHS[usize::from(u8::from(t.month())) - 1],
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// The greeting for the hour in Western Indonesia Time.
pub fn salam(unix: i64) -> &'static str {
    let hour = (unix.rem_euclid(86_400) / 3600 + 7) % 24;
    match hour {
        4..=10 => "Selamat pagi",
        11..=14 => "Selamat siang",
        15..=17 => "Selamat sore",
        _ => "Selamat malam",
    }
}

/// Label of a position type code.
pub fn jenis_jabatan(kode: &str) -> &str {
    match kode {
        "struktural" => "Struktural",
        "fungsional" => "Fungsional",
        "pelaksana" => "Pelaksana",
        other => other,
    }
}

/// Label of a gender code.
pub fn jenis_kelamin(kode: &str) -> &str {
    match kode {
        "L" => "Laki-laki",
        "P" => "Perempuan",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates_and_greetings() {
        assert_eq!(tanggal("1986-09-26"), "26 September 1986");
        assert_eq!(tanggal("bukan tanggal"), "bukan tanggal");
        assert_eq!(tanggal_opt(None), "–");
        // 2026-12-03 01:00 UTC = 08:00 WIB
        assert_eq!(salam(1_796_259_600), "Selamat pagi");
        assert_eq!(waktu(1_796_259_600), "3 Desember 2026 08.00 WIB");
        assert_eq!(salam(1_796_259_600 + 5 * 3600), "Selamat siang");
        assert_eq!(salam(1_796_259_600 + 8 * 3600), "Selamat sore");
        assert_eq!(salam(1_796_259_600 + 13 * 3600), "Selamat malam");
    }
}
