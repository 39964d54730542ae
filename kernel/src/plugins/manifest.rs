//! Manifest checks run at install and upgrade (id format, semver, capability strings,
//! menu paths, duplicate keys, setting defaults, collections and indexes), capability
//! parsing, and setting-value validation shared with the settings page.

use std::collections::BTreeSet;
use std::fmt;

use super::bindings::Manifest;
use super::bindings::exports::eoffice::portal::plugin::SettingKind;

/// A capability a module may request and an administrator may grant.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Capability {
    /// Private document storage.
    Storage,
    /// Read access to the employee database.
    Directory,
    /// Staff-record changes.
    Records,
    /// Notifications in the kernel's bell.
    Notifications,
    /// Publishing events.
    Events,
    /// Reading the module's settings.
    Settings,
    /// Outbound HTTP to one host.
    Http(String),
}

impl Capability {
    /// Parses `storage`, `directory`, …, `http:HOST`.
    pub fn parse(s: &str) -> Result<Capability, String> {
        Ok(match s {
            "storage" => Capability::Storage,
            "directory" => Capability::Directory,
            "records" => Capability::Records,
            "notifications" => Capability::Notifications,
            "events" => Capability::Events,
            "settings" => Capability::Settings,
            _ => match s.strip_prefix("http:") {
                Some(host) if valid_host(host) => Capability::Http(host.to_string()),
                Some(host) => return Err(format!("host HTTP tidak valid: {host:?}")),
                None => {
                    return Err(format!(
                        "kapabilitas tidak dikenal: {s:?} (storage, directory, records, \
                         notifications, events, settings, http:HOST)"
                    ));
                }
            },
        })
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Capability::Storage => f.write_str("storage"),
            Capability::Directory => f.write_str("directory"),
            Capability::Records => f.write_str("records"),
            Capability::Notifications => f.write_str("notifications"),
            Capability::Events => f.write_str("events"),
            Capability::Settings => f.write_str("settings"),
            Capability::Http(host) => write!(f, "http:{host}"),
        }
    }
}

/// A DNS host name (lowercase), optionally with `:port`.
fn valid_host(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) => (n, Some(p)),
        None => (host, None),
    };
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        && port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p > 0))
}

/// `^[a-z][a-z0-9-]{1,31}$`: module ids and module-declared role ids.
pub fn valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    (2..=32).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// Event topics: `^[a-z0-9][a-z0-9._-]{0,99}$`.
pub fn valid_topic(topic: &str) -> bool {
    let b = topic.as_bytes();
    (1..=100).contains(&b.len())
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'-')
        })
}

fn valid_key(key: &str) -> bool {
    (1..=64).contains(&key.len())
        && key
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
}

/// Checks a setting value against its declared kind.
pub fn validate_setting(kind: &SettingKind, value: &str) -> Result<(), String> {
    if value.len() > 4000 {
        return Err("nilai terlalu panjang (maks. 4000 karakter)".into());
    }
    let ok = match kind {
        SettingKind::Text => true,
        SettingKind::Url => {
            value.is_empty() || value.starts_with("https://") || value.starts_with("http://")
        }
        SettingKind::Number => {
            value.is_empty() || value.trim().parse::<f64>().is_ok_and(f64::is_finite)
        }
        SettingKind::Boolean => matches!(value, "true" | "false"),
        SettingKind::Time => {
            let b = value.as_bytes();
            b.len() == 5
                && b[2] == b':'
                && value[..2].parse::<u8>().is_ok_and(|h| h < 24)
                && value[3..].parse::<u8>().is_ok_and(|m| m < 60)
                && b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit)
        }
        SettingKind::Select(options) => options.iter().any(|o| o == value),
    };
    if ok {
        Ok(())
    } else {
        Err(match kind {
            SettingKind::Url => format!("{value:?} bukan URL http(s)"),
            SettingKind::Number => format!("{value:?} bukan angka"),
            SettingKind::Boolean => format!("{value:?} harus true atau false"),
            SettingKind::Time => format!("{value:?} bukan jam HH:MM"),
            SettingKind::Select(o) => format!("{value:?} bukan salah satu dari {}", o.join(", ")),
            SettingKind::Text => unreachable!("text accepts any value"),
        })
    }
}

/// Module ids the kernel keeps for its own paths: `/admin/modul/{akses,unggah}` would
/// shadow a module's admin page.
pub const RESERVED_IDS: [&str; 2] = ["akses", "unggah"];

/// Every problem of a manifest, in Bahasa Indonesia; empty when it is acceptable.
pub fn problems(m: &Manifest) -> Vec<String> {
    let mut out = Vec::new();
    if !valid_id(&m.id) {
        out.push(format!(
            "id modul {:?} tidak valid (huruf kecil, angka dan '-', 2–32 karakter, diawali huruf)",
            m.id
        ));
    } else if RESERVED_IDS.contains(&m.id.as_str()) {
        out.push(format!(
            "id modul {:?} dipakai oleh halaman admin portal; pilih id lain",
            m.id
        ));
    }
    if m.name.trim().is_empty() || m.name.len() > 100 {
        out.push("nama modul kosong atau terlalu panjang".into());
    }
    if semver::Version::parse(&m.version).is_err() {
        out.push(format!("versi {:?} bukan semver (mis. 1.2.3)", m.version));
    }
    if semver::Version::parse(&m.api_version).is_err() {
        out.push(format!("api-version {:?} bukan semver", m.api_version));
    }
    let mut caps = BTreeSet::new();
    for c in &m.capabilities {
        match Capability::parse(c) {
            Ok(cap) => {
                if !caps.insert(cap) {
                    out.push(format!("kapabilitas {c:?} diminta dua kali"));
                }
            }
            Err(e) => out.push(e),
        }
    }
    for item in &m.menu {
        if !item.path.starts_with('/') {
            out.push(format!("path menu {:?} harus diawali '/'", item.path));
        }
        if item.label.trim().is_empty() {
            out.push("label menu kosong".into());
        }
    }
    let mut tabs = BTreeSet::new();
    for t in &m.tabs {
        if !valid_key(&t.id) {
            out.push(format!("id tab {:?} tidak valid", t.id));
        }
        if !tabs.insert(&t.id) {
            out.push(format!("id tab {:?} ganda", t.id));
        }
    }
    let mut roles = BTreeSet::new();
    for r in &m.roles {
        if !valid_id(&r.id) {
            out.push(format!("id peran {:?} tidak valid", r.id));
        }
        if !roles.insert(&r.id) {
            out.push(format!("id peran {:?} ganda", r.id));
        }
    }
    for r in &m.default_roles {
        if !valid_id(r) {
            out.push(format!("peran bawaan {r:?} tidak valid"));
        }
    }
    let mut collections = BTreeSet::new();
    for c in &m.collections {
        if crate::db::docstore::validate_name("collection", &c.name).is_err() {
            out.push(format!(
                "nama koleksi {:?} tidak valid ([a-z0-9_-], 1–64)",
                c.name
            ));
        }
        if !collections.insert(&c.name) {
            out.push(format!("koleksi {:?} ganda", c.name));
        }
        let mut names = BTreeSet::new();
        for i in &c.indexes {
            if crate::db::docstore::validate_name("index", &i.name).is_err() {
                out.push(format!("nama indeks {:?} tidak valid", i.name));
            }
            if !names.insert(&i.name) {
                out.push(format!("indeks {:?} ganda di koleksi {:?}", i.name, c.name));
            }
            if !valid_key(&i.field) {
                out.push(format!("field indeks {:?} tidak valid", i.field));
            }
        }
    }
    for t in &m.subscriptions {
        if !valid_topic(t) {
            out.push(format!("topik langganan {t:?} tidak valid"));
        }
    }
    let mut keys = BTreeSet::new();
    for s in &m.settings {
        if !valid_key(&s.key) {
            out.push(format!("kunci pengaturan {:?} tidak valid", s.key));
        }
        if !keys.insert(&s.key) {
            out.push(format!("kunci pengaturan {:?} ganda", s.key));
        }
        if let Err(e) = validate_setting(&s.kind, &s.default_value) {
            out.push(format!("nilai bawaan pengaturan {:?}: {e}", s.key));
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::plugins::bindings::exports::eoffice::portal::plugin::{
        CollectionSpec, IndexSpec, MenuGroup, MenuItem, SettingSpec, Tab,
    };

    /// A valid manifest for tests.
    pub(crate) fn manifest(id: &str, version: &str) -> Manifest {
        Manifest {
            id: id.into(),
            name: "Contoh".into(),
            version: version.into(),
            api_version: "1.1.0".into(),
            description: String::new(),
            menu: vec![MenuItem {
                group: MenuGroup::Bantuan,
                label: "Contoh".into(),
                path: "/".into(),
                roles: vec![],
            }],
            tabs: vec![Tab {
                id: "utama".into(),
                label: "Utama".into(),
                order: 10,
            }],
            capabilities: vec!["storage".into(), "http:api.example.go.id".into()],
            default_roles: vec!["pegawai".into()],
            roles: vec![],
            collections: vec![CollectionSpec {
                name: "posts".into(),
                indexes: vec![IndexSpec {
                    name: "by-date".into(),
                    field: "date".into(),
                }],
            }],
            subscriptions: vec!["berita.published".into()],
            settings: vec![SettingSpec {
                key: "jam".into(),
                label: "Jam".into(),
                kind: SettingKind::Time,
                default_value: "07:30".into(),
                help: None,
            }],
        }
    }

    #[test]
    fn accepts_a_good_manifest() {
        assert_eq!(problems(&manifest("contoh", "1.0.0")), Vec::<String>::new());
    }

    #[test]
    fn names_every_problem() {
        let mut m = manifest("Bad_Id", "1.0");
        m.capabilities.push("root".into());
        m.capabilities.push("storage".into());
        m.menu[0].path = "x".into();
        m.tabs.push(m.tabs[0].clone());
        m.settings.push(m.settings[0].clone());
        m.settings[0].default_value = "25:00".into();
        let p = problems(&m);
        for needle in [
            "id modul",
            "versi",
            "tidak dikenal",
            "dua kali",
            "path menu",
            "id tab",
            "kunci pengaturan",
            "nilai bawaan",
        ] {
            assert!(p.iter().any(|s| s.contains(needle)), "{needle} in {p:?}");
        }
    }

    #[test]
    fn refuses_reserved_ids() {
        for id in RESERVED_IDS {
            let p = problems(&manifest(id, "1.0.0"));
            assert!(p.iter().any(|s| s.contains("halaman admin")), "{id}: {p:?}");
        }
    }

    #[test]
    fn parses_capabilities() {
        assert_eq!(Capability::parse("storage"), Ok(Capability::Storage));
        assert_eq!(
            Capability::parse("http:api.bkn.go.id"),
            Ok(Capability::Http("api.bkn.go.id".into()))
        );
        assert_eq!(
            Capability::parse("http:host:8443").unwrap().to_string(),
            "http:host:8443"
        );
        assert!(Capability::parse("http:").is_err());
        assert!(Capability::parse("http:Evil.com").is_err());
        assert!(Capability::parse("http:a/b").is_err());
        assert!(Capability::parse("filesystem").is_err());
    }

    #[test]
    fn checks_ids_topics_and_settings() {
        assert!(valid_id("presensi"));
        assert!(valid_id("compat-v1-0"));
        assert!(!valid_id("a"));
        assert!(!valid_id("1abc"));
        assert!(!valid_id(&"a".repeat(33)));
        assert!(valid_topic("berita.published"));
        assert!(!valid_topic("Berita"));
        assert!(validate_setting(&SettingKind::Boolean, "true").is_ok());
        assert!(validate_setting(&SettingKind::Boolean, "ya").is_err());
        assert!(validate_setting(&SettingKind::Number, "-6.2").is_ok());
        assert!(validate_setting(&SettingKind::Number, "x").is_err());
        assert!(validate_setting(&SettingKind::Url, "javascript:alert(1)").is_err());
        assert!(validate_setting(&SettingKind::Time, "16:30").is_ok());
        assert!(validate_setting(&SettingKind::Select(vec!["a".into()]), "b").is_err());
    }
}
