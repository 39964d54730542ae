//! Building the module's [`Manifest`]: identity, menu, dashboard tabs, requested
//! capabilities, roles, storage collections with indexes, event subscriptions and
//! settings.
//!
//! ```
//! use eoffice_sdk::{manifest, MenuGroup, SettingSpec};
//!
//! let m = manifest!("contoh", "Contoh")
//!     .description("Contoh modul")
//!     .menu(MenuGroup::Bantuan, "Contoh", "/")
//!     .capability("storage")
//!     .collection("dokumen", &[("pemilik", "nip")])
//!     .subscribe("kernel.employee.updated")
//!     .setting(SettingSpec::number("batas", "Batas dokumen", "10"));
//! assert_eq!(m.collections[0].indexes[0].field, "nip");
//! ```

pub use crate::__internal::bindings::exports::eoffice::portal::plugin::{
    CollectionSpec, IndexSpec, Manifest, MenuGroup, MenuItem, RoleSpec, SettingKind, SettingSpec,
    Tab,
};

/// The contract version this SDK implements (the `api-version` of every manifest).
pub const API_VERSION: &str = "1.1.0";

fn strings<I>(items: I) -> Vec<String>
where
    I: IntoIterator,
    I::Item: Into<String>,
{
    items.into_iter().map(Into::into).collect()
}

impl Manifest {
    /// A manifest with an id (`[a-z][a-z0-9-]{1,31}`), a display name and the module's
    /// semver; `api-version` is [`API_VERSION`] and the module is enabled for `pegawai`
    /// (everyone) when first installed. Prefer [`manifest!`](crate::manifest!), which
    /// fills in the crate version.
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        version: impl Into<String>,
    ) -> Manifest {
        Manifest {
            id: id.into(),
            name: name.into(),
            version: version.into(),
            api_version: API_VERSION.into(),
            description: String::new(),
            menu: Vec::new(),
            tabs: Vec::new(),
            capabilities: Vec::new(),
            default_roles: vec!["pegawai".into()],
            roles: Vec::new(),
            collections: Vec::new(),
            subscriptions: Vec::new(),
            settings: Vec::new(),
        }
    }

    /// A one-line description shown to administrators.
    pub fn description(mut self, text: impl Into<String>) -> Manifest {
        self.description = text.into();
        self
    }

    /// A menu item visible to everyone the module is enabled for. `path` is below the
    /// module root (`/`, `/bulan`).
    pub fn menu(
        self,
        group: MenuGroup,
        label: impl Into<String>,
        path: impl Into<String>,
    ) -> Manifest {
        self.menu_for(group, label, path, Vec::<String>::new())
    }

    /// A menu item visible only to holders of one of `roles`.
    pub fn menu_for<I>(
        mut self,
        group: MenuGroup,
        label: impl Into<String>,
        path: impl Into<String>,
        roles: I,
    ) -> Manifest
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.menu.push(MenuItem {
            group,
            label: label.into(),
            path: path.into(),
            roles: strings(roles),
        });
        self
    }

    /// A dashboard tab the module's cards can go to (`Card::tab`). Lower `order` first;
    /// the kernel's "Beranda" tab is 0.
    pub fn tab(mut self, id: impl Into<String>, label: impl Into<String>, order: i32) -> Manifest {
        self.tabs.push(Tab {
            id: id.into(),
            label: label.into(),
            order,
        });
        self
    }

    /// Requests a capability: `storage`, `directory`, `records`, `notifications`,
    /// `events`, `settings` or `http:HOST`. The administrator grants it (or not).
    pub fn capability(mut self, capability: impl Into<String>) -> Manifest {
        let c = capability.into();
        if !self.capabilities.contains(&c) {
            self.capabilities.push(c);
        }
        self
    }

    /// Requests several capabilities.
    pub fn capabilities<I>(self, capabilities: I) -> Manifest
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        capabilities.into_iter().fold(self, |m, c| m.capability(c))
    }

    /// The roles the module is enabled for on first install (replaces the default
    /// `pegawai`, i.e. everyone).
    pub fn default_roles<I>(mut self, roles: I) -> Manifest
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.default_roles = strings(roles);
        self
    }

    /// Declares a role of the module's own (so the administrator can grant it).
    pub fn role(mut self, id: impl Into<String>, label: impl Into<String>) -> Manifest {
        self.roles.push(RoleSpec {
            id: id.into(),
            label: label.into(),
        });
        self
    }

    /// Declares a storage collection with `(index name, top-level JSON field)` indexes.
    /// Only declared collections and indexes can be used.
    pub fn collection(mut self, name: impl Into<String>, indexes: &[(&str, &str)]) -> Manifest {
        self.collections.push(CollectionSpec {
            name: name.into(),
            indexes: indexes
                .iter()
                .map(|(name, field)| IndexSpec {
                    name: (*name).into(),
                    field: (*field).into(),
                })
                .collect(),
        });
        self
    }

    /// Subscribes to an event topic (delivered to [`Plugin::on_event`](crate::Plugin::on_event)).
    pub fn subscribe(mut self, topic: impl Into<String>) -> Manifest {
        self.subscriptions.push(topic.into());
        self
    }

    /// Declares a setting the administrator edits.
    pub fn setting(mut self, setting: SettingSpec) -> Manifest {
        self.settings.push(setting);
        self
    }
}

impl SettingSpec {
    fn of(
        key: impl Into<String>,
        label: impl Into<String>,
        kind: SettingKind,
        default: impl Into<String>,
    ) -> SettingSpec {
        SettingSpec {
            key: key.into(),
            label: label.into(),
            kind,
            default_value: default.into(),
            help: None,
        }
    }
    /// Free text.
    pub fn text(
        key: impl Into<String>,
        label: impl Into<String>,
        default: impl Into<String>,
    ) -> SettingSpec {
        SettingSpec::of(key, label, SettingKind::Text, default)
    }
    /// An `http(s)://` URL.
    pub fn url(
        key: impl Into<String>,
        label: impl Into<String>,
        default: impl Into<String>,
    ) -> SettingSpec {
        SettingSpec::of(key, label, SettingKind::Url, default)
    }
    /// A number.
    pub fn number(
        key: impl Into<String>,
        label: impl Into<String>,
        default: impl Into<String>,
    ) -> SettingSpec {
        SettingSpec::of(key, label, SettingKind::Number, default)
    }
    /// `true` / `false`.
    pub fn boolean(key: impl Into<String>, label: impl Into<String>, default: bool) -> SettingSpec {
        SettingSpec::of(key, label, SettingKind::Boolean, default.to_string())
    }
    /// A time of day, `HH:MM`.
    pub fn time(
        key: impl Into<String>,
        label: impl Into<String>,
        default: impl Into<String>,
    ) -> SettingSpec {
        SettingSpec::of(key, label, SettingKind::Time, default)
    }
    /// One of `options`.
    pub fn select<I>(
        key: impl Into<String>,
        label: impl Into<String>,
        options: I,
        default: impl Into<String>,
    ) -> SettingSpec
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        SettingSpec::of(key, label, SettingKind::Select(strings(options)), default)
    }
    /// Help text on the settings page.
    pub fn help(mut self, help: impl Into<String>) -> SettingSpec {
        self.help = Some(help.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_builder() {
        let m = Manifest::new("contoh", "Contoh", "0.1.0")
            .capability("storage")
            .capabilities(["storage", "events"])
            .menu_for(MenuGroup::Kinerja, "Rekap", "/rekap", ["atasan"])
            .tab("kinerja", "Kinerja", 10)
            .default_roles(["atasan"])
            .role("verifikator", "Verifikator")
            .setting(SettingSpec::select("mode", "Mode", ["a", "b"], "a").help("Pilih"));
        assert_eq!(m.capabilities, ["storage", "events"]);
        assert_eq!(m.default_roles, ["atasan"]);
        assert_eq!(m.menu[0].roles, ["atasan"]);
        assert_eq!(m.settings[0].help.as_deref(), Some("Pilih"));
    }
}
