//! Reading and validating submitted forms, with messages in Bahasa Indonesia, and
//! re-displaying a form with the submitted values and the errors.
//!
//! ```
//! use eoffice_sdk::{Form, Request, ui};
//! # use eoffice_sdk::{Format, Method};
//! # let req = Request { method: Method::Post, path: "/baru".into(), query: vec![],
//! #     form: vec![("judul".into(), "".into()), ("tanggal".into(), "5/1/2026".into())],
//! #     body: None, format: Format::Html };
//! let mut form = Form::new(&req);
//! let judul = form.required("judul", "Judul");
//! let tanggal = form.date("tanggal", "Tanggal");
//! assert!(!form.is_valid());
//! assert_eq!(form.error_for("judul"), Some("wajib diisi"));
//! assert_eq!(form.error_for("tanggal"), Some("tanggal tidak valid (TTTT-BB-HH)"));
//!
//! // Re-display the same form definition with what was typed and the messages:
//! let shown = form.fill(ui::Form::post("baru")
//!     .field(ui::Field::text("judul", "Judul").required())
//!     .field(ui::Field::date("tanggal", "Tanggal")));
//! assert_eq!(shown.fields[1].value, "5/1/2026");
//! # let _ = (judul, tanggal);
//! ```

use std::collections::BTreeMap;

use crate::clock::Date;
use crate::ui;
use crate::web::{Format, Request};

/// Message for a missing required field.
pub const MSG_REQUIRED: &str = "wajib diisi";
/// Message for a malformed date.
pub const MSG_DATE: &str = "tanggal tidak valid (TTTT-BB-HH)";
/// Message for a malformed number.
pub const MSG_NUMBER: &str = "harus berupa angka";
/// Message for a value not among the choices.
pub const MSG_CHOICE: &str = "pilihan tidak valid";

/// The submitted fields of a request and the validation errors found so far.
///
/// Each reader returns the (trimmed) value and records an error for the field when the
/// value is unacceptable; check [`is_valid`](Form::is_valid) once at the end.
#[derive(Debug, Clone, Default)]
pub struct Form {
    values: Vec<(String, String)>,
    errors: BTreeMap<String, String>,
    labels: BTreeMap<String, String>,
}

impl Form {
    /// The form fields of a browser request; for a JSON API request, the top-level
    /// string, number and boolean members of the JSON body object.
    pub fn new(req: &Request) -> Form {
        let mut values = req.form.clone();
        if req.format == Format::Json
            && let Some(serde_json::Value::Object(map)) = req
                .body
                .as_deref()
                .and_then(|b| serde_json::from_str(b).ok())
        {
            for (k, v) in map {
                let text = match v {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Number(n) => n.to_string(),
                    serde_json::Value::Bool(true) => "on".into(),
                    _ => continue,
                };
                values.push((k, text));
            }
        }
        Form::from_pairs(values)
    }

    /// A form over explicit `(name, value)` pairs.
    pub fn from_pairs(values: Vec<(String, String)>) -> Form {
        Form {
            values,
            ..Form::default()
        }
    }

    /// The raw submitted value, if present.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The trimmed value, `""` when absent.
    pub fn text(&self, name: &str) -> String {
        self.raw(name).map(str::trim).unwrap_or("").to_string()
    }

    /// The trimmed value, `None` when absent or blank.
    pub fn optional(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|v| !v.is_empty())
    }

    /// The trimmed value; "wajib diisi" when blank.
    pub fn required(&mut self, name: &str, label: &str) -> String {
        let v = self.text(name);
        if v.is_empty() {
            self.error(name, label, MSG_REQUIRED);
        }
        v
    }

    /// The trimmed value; an error when longer than `max` characters.
    pub fn max_len(&mut self, name: &str, label: &str, max: usize) -> String {
        let v = self.text(name);
        if v.chars().count() > max {
            self.error(name, label, &format!("paling banyak {max} karakter"));
        }
        v
    }

    /// A required text of at most `max` characters.
    pub fn required_max(&mut self, name: &str, label: &str, max: usize) -> String {
        let v = self.required(name, label);
        if !v.is_empty() {
            self.max_len(name, label, max);
        }
        v
    }

    /// A `YYYY-MM-DD` date; `None` when blank (no error) or malformed (error).
    pub fn date(&mut self, name: &str, label: &str) -> Option<Date> {
        let v = self.text(name);
        if v.is_empty() {
            return None;
        }
        let d = Date::parse(&v);
        if d.is_none() {
            self.error(name, label, MSG_DATE);
        }
        d
    }

    /// A required `YYYY-MM-DD` date.
    pub fn required_date(&mut self, name: &str, label: &str) -> Option<Date> {
        if self.missing(name, label) {
            return None;
        }
        self.date(name, label)
    }

    /// A required whole number within `[min, max]`: blank is "wajib diisi".
    pub fn required_integer(
        &mut self,
        name: &str,
        label: &str,
        min: Option<i64>,
        max: Option<i64>,
    ) -> Option<i64> {
        if self.missing(name, label) {
            return None;
        }
        self.integer(name, label, min, max)
    }

    /// A required value from `allowed`: blank is "wajib diisi".
    pub fn required_choice(&mut self, name: &str, label: &str, allowed: &[&str]) -> Option<String> {
        if self.missing(name, label) {
            return None;
        }
        self.choice(name, label, allowed)
    }

    /// Records "wajib diisi" and answers `true` when the field is blank.
    fn missing(&mut self, name: &str, label: &str) -> bool {
        let blank = self.text(name).is_empty();
        if blank {
            self.error(name, label, MSG_REQUIRED);
        }
        blank
    }

    /// A number (`,` accepted as the decimal separator) within `[min, max]`; `None`
    /// when blank (no error) or invalid (error).
    pub fn number(
        &mut self,
        name: &str,
        label: &str,
        min: Option<f64>,
        max: Option<f64>,
    ) -> Option<f64> {
        let v = self.text(name);
        if v.is_empty() {
            return None;
        }
        let Some(n) = v
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
        else {
            self.error(name, label, MSG_NUMBER);
            return None;
        };
        if let Some(min) = min.filter(|m| n < *m) {
            self.error(name, label, &format!("paling kecil {min}"));
            return None;
        }
        if let Some(max) = max.filter(|m| n > *m) {
            self.error(name, label, &format!("paling besar {max}"));
            return None;
        }
        Some(n)
    }

    /// A whole number within `[min, max]`; `None` when blank (no error) or invalid (error).
    pub fn integer(
        &mut self,
        name: &str,
        label: &str,
        min: Option<i64>,
        max: Option<i64>,
    ) -> Option<i64> {
        let n = self.number(name, label, min.map(|m| m as f64), max.map(|m| m as f64))?;
        if n.fract() != 0.0 {
            self.error(name, label, "harus bilangan bulat");
            return None;
        }
        Some(n as i64)
    }

    /// One of `allowed`; `None` when blank (no error) or not allowed (error).
    pub fn choice(&mut self, name: &str, label: &str, allowed: &[&str]) -> Option<String> {
        let v = self.text(name);
        if v.is_empty() {
            return None;
        }
        if allowed.contains(&v.as_str()) {
            Some(v)
        } else {
            self.error(name, label, MSG_CHOICE);
            None
        }
    }

    /// Whether a checkbox was ticked (submitted as `on`, `true` or `1`).
    pub fn checkbox(&self, name: &str) -> bool {
        matches!(self.raw(name), Some("on" | "true" | "1"))
    }

    /// Records an error for a field (the first error of a field wins).
    pub fn error(&mut self, name: &str, label: &str, message: &str) {
        self.labels
            .entry(name.to_string())
            .or_insert_with(|| label.to_string());
        self.errors
            .entry(name.to_string())
            .or_insert_with(|| message.to_string());
    }

    /// Whether no error was recorded.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The error of a field, if any.
    pub fn error_for(&self, name: &str) -> Option<&str> {
        self.errors.get(name).map(String::as_str)
    }

    /// All errors as `(field name, message)`.
    pub fn errors(&self) -> impl Iterator<Item = (&str, &str)> {
        self.errors.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// One line for an alert: `Periksa isian: Judul wajib diisi; Tanggal …`.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .errors
            .iter()
            .map(|(name, msg)| {
                format!(
                    "{} {msg}",
                    self.labels.get(name).map_or(name.as_str(), String::as_str)
                )
            })
            .collect();
        format!("Periksa isian: {}", parts.join("; "))
    }

    /// The same form definition with the submitted values and the errors filled in
    /// (hidden fields and fields not submitted keep their value).
    pub fn fill(&self, mut form: ui::Form) -> ui::Form {
        for field in &mut form.fields {
            if field.kind != ui::FieldKind::Hidden
                && let Some(v) = self.raw(&field.name)
            {
                field.value = v.to_string();
            }
            if let Some(e) = self.error_for(&field.name) {
                field.error = Some(e.to_string());
            }
        }
        form
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Form {
        Form::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn validates_each_kind() {
        let mut f = form(&[
            ("a", "  x  "),
            ("n", "1,5"),
            ("big", "11"),
            ("i", "2.5"),
            ("c", "b"),
            ("k", "on"),
            ("d", "2026-02-30"),
            ("long", "abcdef"),
        ]);
        assert_eq!(f.required("a", "A"), "x");
        assert_eq!(f.number("n", "N", Some(0.0), Some(2.0)), Some(1.5));
        assert_eq!(f.number("big", "Big", None, Some(10.0)), None);
        assert_eq!(f.integer("i", "I", None, None), None);
        assert_eq!(f.choice("c", "C", &["a"]), None);
        assert!(f.checkbox("k") && !f.checkbox("missing"));
        assert_eq!(f.date("d", "D"), None);
        assert_eq!(f.date("empty", "E"), None);
        f.max_len("long", "Long", 3);
        f.required("missing", "Missing");
        assert_eq!(f.error_for("big"), Some("paling besar 10"));
        assert_eq!(f.error_for("i"), Some("harus bilangan bulat"));
        assert_eq!(f.error_for("c"), Some(MSG_CHOICE));
        assert_eq!(f.error_for("d"), Some(MSG_DATE));
        assert_eq!(f.error_for("long"), Some("paling banyak 3 karakter"));
        assert_eq!(f.error_for("missing"), Some(MSG_REQUIRED));
        assert_eq!(f.error_for("empty"), None);
        assert!(f.summary().contains("Missing wajib diisi"));
    }

    #[test]
    fn required_readers_refuse_blank_values() {
        let mut f = form(&[
            ("hari", ""),
            ("jenis", " "),
            ("jumlah", "3"),
            ("pilih", "b"),
        ]);
        assert_eq!(f.required_integer("hari", "Hari", Some(1), Some(12)), None);
        assert_eq!(f.required_choice("jenis", "Jenis", &["a", "b"]), None);
        assert_eq!(
            f.required_integer("jumlah", "Jumlah", Some(1), Some(2)),
            None
        );
        assert_eq!(
            f.required_choice("pilih", "Pilih", &["a", "b"]).as_deref(),
            Some("b")
        );
        assert_eq!(f.error_for("hari"), Some(MSG_REQUIRED));
        assert_eq!(f.error_for("jenis"), Some(MSG_REQUIRED));
        assert_eq!(f.error_for("jumlah"), Some("paling besar 2"));
        assert_eq!(f.error_for("pilih"), None);
        // The optional readers leave a blank value alone.
        let mut g = form(&[("hari", "")]);
        assert_eq!(g.integer("hari", "Hari", Some(1), None), None);
        assert!(g.is_valid());
    }

    #[test]
    fn reads_json_bodies() {
        let req = Request {
            method: crate::Method::Post,
            path: "/".into(),
            query: vec![],
            form: vec![],
            body: Some(r#"{"judul":"A","jumlah":3,"ok":true}"#.into()),
            format: Format::Json,
        };
        let mut f = Form::new(&req);
        assert_eq!(f.required("judul", "Judul"), "A");
        assert_eq!(f.integer("jumlah", "Jumlah", None, None), Some(3));
        assert!(f.checkbox("ok"));
    }
}
