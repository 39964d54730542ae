//! Renders a module's typed UI tree (`ui::Block`, see `wit/v1.1.0/portal.wit`) as HTML for
//! browsers and as JSON for the mobile app.
//!
//! Architecture invariant: a module never contributes markup. Every string from a module
//! passes through `maud`'s escaping (or, for Markdown, through `pulldown-cmark` with raw
//! HTML turned into text), every link through [`resolve`], and every POST form gets the
//! CSRF field. Nothing here emits a `style=` attribute or a script, so the portal's CSP
//! (`style-src 'self'`, `script-src 'self'`) holds for module pages as well.
//!
//! This module knows nothing about the plugin host, the database or HTTP: it maps values
//! of the generated binding types to [`Markup`] or [`serde_json::Value`].

use std::cell::Cell;
use std::fmt::Write as _;

use maud::{Markup, PreEscaped, html};
use serde_json::{Value, json};

use crate::plugins::bindings::ui::{
    Action, Alert, Badge, Block, ButtonStyle, Cell as UiCell, Chart, ChartKind, EmptyState, Field,
    FieldKind, Form, FormMethod, Inline, KeyValue, Link, Progress, Stat, Step, StepState, Table,
    Tone,
};
use crate::web::csrf;

// ---------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------

/// A link target the kernel accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Href {
    /// A path of this portal (module paths resolved under the base path).
    Internal(String),
    /// An `http(s)://` URL, opened in a new tab with `rel="noopener noreferrer"`.
    External(String),
}

impl Href {
    /// The URL to put into `href`.
    pub fn as_str(&self) -> &str {
        match self {
            Href::Internal(s) | Href::External(s) => s,
        }
    }

    /// Whether it leaves the portal.
    pub fn is_external(&self) -> bool {
        matches!(self, Href::External(_))
    }
}

/// Resolves a link written by a module, following the contract's rules: module-relative
/// (`dokumen/12`, `./baru`, `?page=2`, `#x`) under `base` (e.g. `/m/berita`), absolute
/// portal paths (`/profil`, but not `//host`), and `http(s)://` URLs. Anything else —
/// other schemes (`javascript:`, `data:`, `vbscript:`, `mailto:`…), backslashes, control
/// characters, `..` segments in module-relative links — yields `None`: the caller shows
/// the label as plain text.
pub fn resolve(href: &str, base: &str) -> Option<Href> {
    let h = href.trim();
    // Browsers silently drop tabs and newlines inside URLs (`java\tscript:`) and treat
    // `\` like `/`; refuse all of that rather than reason about it.
    if h.chars()
        .any(|c| c.is_control() || c == '\\' || (c.is_whitespace() && c != ' '))
    {
        return None;
    }
    if h.starts_with("//") {
        return None;
    }
    if h.starts_with('/') {
        return Some(Href::Internal(encode(h)));
    }
    let lower = h.to_ascii_lowercase();
    for scheme in ["https://", "http://"] {
        if let Some(rest) = lower.strip_prefix(scheme) {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            if host.is_empty() || host.starts_with(':') {
                return None;
            }
            return Some(Href::External(encode(h)));
        }
    }
    // A colon before the first `/`, `?` or `#` means a scheme: refused.
    let first_delim = h.find(['/', '?', '#']).unwrap_or(h.len());
    if h[..first_delim].contains(':') {
        return None;
    }
    let mut rest = h;
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    if rest == "." {
        rest = "";
    }
    if has_dot_segment(rest) {
        return None;
    }
    let base = base.trim_end_matches('/');
    let joined = if rest.is_empty() {
        base.to_string()
    } else if rest.starts_with('?') || rest.starts_with('#') {
        format!("{base}{rest}")
    } else {
        format!("{base}/{rest}")
    };
    Some(Href::Internal(encode(&joined)))
}

/// Resolves a POST form action or the like: it must land on the module's own paths
/// (`base` itself or below it), with no `.`/`..` segments anywhere.
pub fn module_path(href: &str, base: &str) -> Option<String> {
    let Href::Internal(path) = resolve(href, base)? else {
        return None;
    };
    let base = base.trim_end_matches('/');
    let only_path = path.split(['?', '#']).next().unwrap_or_default();
    let inside = only_path == base
        || only_path
            .strip_prefix(base)
            .is_some_and(|r| r.starts_with('/'));
    (inside && !has_dot_segment(only_path)).then_some(path)
}

/// Resolves a module's redirect: a module-relative or absolute portal path, never an
/// external URL. The result is plain ASCII (safe for a `Location` header).
pub fn redirect_target(href: &str, base: &str) -> Option<String> {
    match resolve(href, base)? {
        Href::Internal(p) => Some(p),
        Href::External(_) => None,
    }
}

/// Whether the path part of `s` has a `.` or `..` segment (also percent-encoded).
fn has_dot_segment(s: &str) -> bool {
    let path = s.split(['?', '#']).next().unwrap_or_default();
    path.split('/').any(|seg| {
        let seg = seg.to_ascii_lowercase().replace("%2e", ".");
        seg == "." || seg == ".."
    })
}

/// Percent-encodes a value for a query string (everything but unreserved characters).
pub fn encode_query_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Percent-encodes spaces and non-ASCII bytes, leaving everything else as written.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b == b' ' || !b.is_ascii() {
            let _ = write!(out, "%{b:02X}");
        } else {
            out.push(char::from(b));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Formatting helpers
// ---------------------------------------------------------------------------------------

/// A number in Indonesian notation (`1.234,5`), at most two decimals; `–` when not finite.
pub fn format_number(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let rounded = (v.abs() * 100.0).round() / 100.0;
    if rounded >= 1e15 {
        return format!("{v:e}");
    }
    let int = rounded.trunc();
    let frac = (((rounded - int) * 100.0).round() as u64).min(99);
    let digits = format!("{}", int as u64);
    let mut out = String::with_capacity(digits.len() + 6);
    if v < 0.0 && (int > 0.0 || frac > 0) {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(ch);
    }
    if frac > 0 {
        if frac.is_multiple_of(10) {
            let _ = write!(out, ",{}", frac / 10);
        } else {
            let _ = write!(out, ",{frac:02}");
        }
    }
    out
}

fn tone_name(t: Tone) -> &'static str {
    match t {
        Tone::Neutral => "neutral",
        Tone::Info => "info",
        Tone::Success => "success",
        Tone::Warning => "warning",
        Tone::Danger => "danger",
    }
}

/// The portal's existing alert classes for a tone.
fn alert_class(t: Tone) -> &'static str {
    match t {
        Tone::Neutral => "alert neutral",
        Tone::Info => "alert info",
        Tone::Success => "alert ok",
        Tone::Warning => "alert warn",
        Tone::Danger => "alert error",
    }
}

fn button_class(s: ButtonStyle) -> &'static str {
    match s {
        ButtonStyle::Primary => "button",
        ButtonStyle::Secondary => "button secondary",
        ButtonStyle::Danger => "button danger",
        ButtonStyle::Plain => "button plain",
    }
}

fn button_style_name(s: ButtonStyle) -> &'static str {
    match s {
        ButtonStyle::Primary => "primary",
        ButtonStyle::Secondary => "secondary",
        ButtonStyle::Danger => "danger",
        ButtonStyle::Plain => "plain",
    }
}

fn step_state_name(s: StepState) -> &'static str {
    match s {
        StepState::Done => "done",
        StepState::Current => "current",
        StepState::Pending => "pending",
        StepState::Rejected => "rejected",
        StepState::Returned => "returned",
    }
}

fn step_state_label(s: StepState) -> &'static str {
    match s {
        StepState::Done => "Selesai",
        StepState::Current => "Sedang diproses",
        StepState::Pending => "Menunggu",
        StepState::Rejected => "Ditolak",
        StepState::Returned => "Dikembalikan",
    }
}

/// Keeps identifiers made from module strings to `[a-z0-9-]`.
fn id_part(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                Some(c.to_ascii_lowercase())
            } else if c == '-' || c == '_' {
                Some('-')
            } else {
                None
            }
        })
        .take(32)
        .collect()
}

// ---------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------

/// Renders blocks of one page or one card to HTML.
pub struct Renderer<'a> {
    base: &'a str,
    csrf: &'a str,
    /// The HTML heading level of a `heading` block with level 1.
    min_heading: u8,
    /// Prefix of element ids, unique per renderer on a page.
    prefix: String,
    next_id: Cell<u32>,
}

impl<'a> Renderer<'a> {
    /// A renderer for a module page: the page title is the `h1`, block headings start at `h2`.
    pub fn page(base: &'a str, csrf: &'a str) -> Self {
        Renderer {
            base,
            csrf,
            min_heading: 2,
            prefix: "p".into(),
            next_id: Cell::new(0),
        }
    }

    /// A renderer for a dashboard card (its title is an `h2`); `prefix` keeps element
    /// ids unique among the cards of one page.
    pub fn card(base: &'a str, csrf: &'a str, prefix: &str) -> Self {
        Renderer {
            base,
            csrf,
            min_heading: 3,
            prefix: id_part(prefix),
            next_id: Cell::new(0),
        }
    }

    fn id(&self, hint: &str) -> String {
        let n = self.next_id.get();
        self.next_id.set(n + 1);
        format!("{}-{n}-{}", self.prefix, id_part(hint))
    }

    /// Renders a list of blocks.
    pub fn blocks(&self, blocks: &[Block]) -> Markup {
        html! { @for b in blocks { (self.block(b)) } }
    }

    /// Renders one block.
    pub fn block(&self, b: &Block) -> Markup {
        match b {
            Block::Heading(h) => self.heading(h.level, &h.text),
            Block::Text(t) => html! { p { (t) } },
            Block::Paragraph(items) => html! { p { (self.inlines(items)) } },
            Block::Markdown(md) => html! { div.markdown { (self.markdown(md)) } },
            Block::KeyValues(kvs) => self.key_values(kvs),
            Block::Table(t) => self.table(t),
            Block::Progress(p) => self.progress(p),
            Block::Stats(s) => self.stats(s),
            Block::Badges(bs) => html! {
                p.badges { @for b in bs { (badge(b)) " " } }
            },
            Block::Alert(a) => alert(a),
            Block::Stepper(steps) => stepper(steps),
            Block::Chart(c) => self.chart(c),
            Block::Form(f) => self.form(f),
            Block::Actions(actions) => html! {
                div.actions { @for a in actions { (self.action(a)) " " } }
            },
            Block::Empty(e) => self.empty(e),
            Block::Divider => html! { hr; },
        }
    }

    fn heading(&self, level: u8, text: &str) -> Markup {
        let level = (level.clamp(1, 4) + self.min_heading - 1).min(6);
        let text = html! { (text) };
        match level {
            1 | 2 => html! { h2 { (text) } },
            3 => html! { h3 { (text) } },
            4 => html! { h4 { (text) } },
            5 => html! { h5 { (text) } },
            _ => html! { h6 { (text) } },
        }
    }

    /// A link, or its label as plain text when the target is refused.
    fn link(&self, label: &str, href: &str, class: Option<&str>) -> Markup {
        match resolve(href, self.base) {
            Some(Href::Internal(u)) => html! { a class=[class] href=(u) { (label) } },
            Some(Href::External(u)) => html! {
                a class=[class] href=(u) target="_blank" rel="noopener noreferrer" { (label) }
            },
            None => html! { span class=[class] { (label) } },
        }
    }

    fn inlines(&self, items: &[Inline]) -> Markup {
        html! {
            @for i in items {
                @match i {
                    Inline::Text(t) => (t),
                    Inline::Strong(t) => strong { (t) },
                    Inline::Link(Link { label, href }) => (self.link(label, href, None)),
                    Inline::Badge(b) => (badge(b)),
                }
            }
        }
    }

    fn key_values(&self, kvs: &[KeyValue]) -> Markup {
        html! {
            dl.kv {
                @for kv in kvs {
                    dt { (kv.key) }
                    dd { (self.inlines(&kv.value)) }
                }
            }
        }
    }

    fn cell(&self, c: &UiCell, row_href: Option<&str>) -> Markup {
        match (c, row_href) {
            (UiCell::Text(t), None) => html! { td { (t) } },
            (UiCell::Text(t), Some(h)) => html! { td { (self.link(t, h, None)) } },
            (UiCell::Number(n), None) => html! { td.num { (format_number(*n)) } },
            (UiCell::Number(n), Some(h)) => {
                html! { td.num { (self.link(&format_number(*n), h, None)) } }
            }
            (UiCell::Link(l), _) => html! { td { (self.link(&l.label, &l.href, None)) } },
            (UiCell::Badge(b), _) => html! { td { (badge(b)) } },
        }
    }

    fn table(&self, t: &Table) -> Markup {
        if t.rows.is_empty() {
            let text = t.empty_text.as_deref().unwrap_or("Belum ada data.");
            return html! { p.empty { (text) } };
        }
        html! {
            div.table-wrap {
                table {
                    @if !t.columns.is_empty() {
                        thead { tr { @for c in &t.columns { th scope="col" { (c) } } } }
                    }
                    tbody {
                        @for row in &t.rows {
                            tr class=[row.href.as_ref().map(|_| "row-link")] {
                                @for (i, c) in row.cells.iter().enumerate() {
                                    // Without scripts a whole row cannot be clicked: the
                                    // first cell carries the row's link.
                                    (self.cell(c, if i == 0 { row.href.as_deref() } else { None }))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn progress(&self, p: &Progress) -> Markup {
        let (value, max) = progress_values(p);
        let id = self.id("progress");
        let caption_id = format!("{id}-cap");
        html! {
            div class=(format!("progress tone-{}", tone_name(p.tone))) {
                label.progress-label for=(id) { (p.label) }
                progress id=(id) value=(value) max=(max)
                    aria-describedby=[p.caption.as_ref().map(|_| caption_id.as_str())] {
                    (format_number(value / max * 100.0)) " %"
                }
                @if let Some(c) = &p.caption { p.hint id=(caption_id) { (c) } }
            }
        }
    }

    fn stats(&self, stats: &[Stat]) -> Markup {
        html! {
            div.stats {
                @for s in stats {
                    div class=(format!("stat tone-{}", tone_name(s.tone))) {
                        div.stat-label { (s.label) }
                        div.stat-value { (s.value) }
                        @if let Some(c) = &s.caption { div.stat-caption { (c) } }
                    }
                }
            }
        }
    }

    fn action(&self, a: &Action) -> Markup {
        self.link(&a.label, &a.href, Some(button_class(a.style)))
    }

    fn empty(&self, e: &EmptyState) -> Markup {
        html! {
            div.empty {
                p.empty-title { strong { (e.title) } }
                p { (e.message) }
                @if let Some(a) = &e.action { (self.action(a)) }
            }
        }
    }

    fn form(&self, f: &Form) -> Markup {
        let post = matches!(f.method, FormMethod::Post);
        let action = if post {
            module_path(&f.action, self.base)
        } else {
            match resolve(&f.action, self.base) {
                Some(Href::Internal(u)) => Some(u),
                _ => None,
            }
        };
        let Some(action) = action else {
            return html! {
                div.alert.error role="alert" {
                    "Formulir ini tidak dapat ditampilkan karena tujuannya tidak sah."
                }
            };
        };
        let submit = if f.submit_label.trim().is_empty() {
            "Kirim"
        } else {
            f.submit_label.as_str()
        };
        html! {
            form.stack.module-form method=(if post { "post" } else { "get" }) action=(action) {
                @if post { input type="hidden" name=(csrf::FIELD) value=(self.csrf); }
                @for field in &f.fields { (self.field(field)) }
                button type="submit" { (submit) }
            }
        }
    }

    fn field(&self, f: &Field) -> Markup {
        if f.name == csrf::FIELD {
            return html! {};
        }
        let id = self.id(&f.name);
        let help_id = format!("{id}-help");
        let err_id = format!("{id}-err");
        let described: Vec<&str> = [
            f.help.as_ref().map(|_| help_id.as_str()),
            f.error.as_ref().map(|_| err_id.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let described = (!described.is_empty()).then(|| described.join(" "));
        let invalid = f.error.as_ref().map(|_| "true");
        let notes = html! {
            @if let Some(h) = &f.help { p.hint id=(help_id) { (h) } }
            @if let Some(e) = &f.error { p.field-error id=(err_id) { (e) } }
        };
        let label = html! {
            (f.label)
            @if f.required { span.req aria-hidden="true" { " *" } }
        };
        let name = f.name.as_str();
        let value = f.value.as_str();
        let req = f.required;
        let desc = described.as_deref();
        let control = match &f.kind {
            FieldKind::Hidden => {
                return html! { input type="hidden" name=(name) value=(value); };
            }
            FieldKind::Checkbox => {
                return html! {
                    div.field.check {
                        input type="checkbox" id=(id) name=(name) value="on"
                            checked[value == "on"] required[req]
                            aria-describedby=[desc] aria-invalid=[invalid];
                        " "
                        label for=(id) { (label) }
                        (notes)
                    }
                };
            }
            FieldKind::RadioScale(s) => {
                let lo = s.min.min(s.max);
                let hi = s.min.max(s.max).min(lo.saturating_add(20));
                return html! {
                    fieldset.field.scale aria-describedby=[desc] {
                        legend { (label) }
                        div.scale-options {
                            @if let Some(l) = &s.min_label { span.scale-end { (l) } }
                            @for v in lo..=hi {
                                label.scale-option {
                                    input type="radio" name=(name) value=(v)
                                        checked[value == v.to_string()] required[req]
                                        aria-invalid=[invalid];
                                    span { (v) }
                                }
                            }
                            @if let Some(l) = &s.max_label { span.scale-end { (l) } }
                        }
                        (notes)
                    }
                };
            }
            FieldKind::Text => html! {
                input type="text" id=(id) name=(name) value=(value) required[req]
                    aria-describedby=[desc] aria-invalid=[invalid];
            },
            FieldKind::FileName => html! {
                input type="text" id=(id) name=(name) value=(value) required[req]
                    aria-describedby=[desc] aria-invalid=[invalid] autocomplete="off";
            },
            FieldKind::Date => html! {
                input type="date" id=(id) name=(name) value=(value) required[req]
                    aria-describedby=[desc] aria-invalid=[invalid];
            },
            FieldKind::Textarea(rows) => html! {
                textarea id=(id) name=(name) rows=((*rows).clamp(2, 40)) required[req]
                    aria-describedby=[desc] aria-invalid=[invalid] { (value) }
            },
            FieldKind::Number(o) => {
                let fin = |v: Option<f64>| v.filter(|v| v.is_finite());
                let step = fin(o.step)
                    .filter(|s| *s > 0.0)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "any".into());
                html! {
                    input type="number" id=(id) name=(name) value=(value) required[req]
                        min=[fin(o.min)] max=[fin(o.max)] step=(step)
                        aria-describedby=[desc] aria-invalid=[invalid];
                }
            }
            FieldKind::Select(choices) => html! {
                select id=(id) name=(name) required[req]
                    aria-describedby=[desc] aria-invalid=[invalid] {
                    @if !choices.iter().any(|c| c.value == value) {
                        option value="" selected { "— pilih —" }
                    }
                    @for c in choices {
                        option value=(c.value) selected[c.value == value] { (c.label) }
                    }
                }
            },
        };
        html! {
            div.field {
                label for=(id) { (label) }
                (control)
                (notes)
            }
        }
    }

    /// Markdown with raw HTML shown as text and links checked by [`resolve`]; images
    /// become links to the image.
    pub fn markdown(&self, md: &str) -> Markup {
        use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
        let shift = |l: HeadingLevel| -> HeadingLevel {
            let n = (l as usize + usize::from(self.min_heading) - 1).min(6);
            HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
        };
        let mut open_links: Vec<bool> = Vec::new();
        let mut events = Vec::new();
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        for ev in Parser::new_ext(md, options) {
            match ev {
                Event::Html(t) | Event::InlineHtml(t) => events.push(Event::Text(t)),
                Event::Start(Tag::HtmlBlock) => events.push(Event::Start(Tag::Paragraph)),
                Event::End(TagEnd::HtmlBlock) => events.push(Event::End(TagEnd::Paragraph)),
                Event::Start(Tag::Heading {
                    level,
                    id: _,
                    classes: _,
                    attrs: _,
                }) => events.push(Event::Start(Tag::Heading {
                    level: shift(level),
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                })),
                Event::End(TagEnd::Heading(level)) => {
                    events.push(Event::End(TagEnd::Heading(shift(level))))
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    ..
                })
                | Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    ..
                }) => {
                    let target = if matches!(link_type, LinkType::Email) {
                        None
                    } else {
                        resolve(&dest_url, self.base)
                    };
                    open_links.push(target.is_some());
                    if let Some(target) = target {
                        let mut tag = String::from("<a href=\"");
                        escape_attr(target.as_str(), &mut tag);
                        tag.push('"');
                        if !title.is_empty() {
                            tag.push_str(" title=\"");
                            escape_attr(&title, &mut tag);
                            tag.push('"');
                        }
                        if target.is_external() {
                            tag.push_str(" target=\"_blank\" rel=\"noopener noreferrer\"");
                        }
                        tag.push('>');
                        events.push(Event::InlineHtml(tag.into()));
                    }
                }
                Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                    if open_links.pop().unwrap_or(false) {
                        events.push(Event::InlineHtml("</a>".into()));
                    }
                }
                other => events.push(other),
            }
        }
        let mut out = String::with_capacity(md.len() + md.len() / 4);
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        PreEscaped(out)
    }

    fn chart(&self, c: &Chart) -> Markup {
        let id = self.id("chart");
        html! {
            figure.chart {
                figcaption id=(format!("{id}-t")) { (c.title) }
                (chart_svg(c, &format!("{id}-t")))
                details.chart-data {
                    summary { "Lihat data" }
                    div.table-wrap {
                        table {
                            thead {
                                tr {
                                    th scope="col" { "Label" }
                                    @for s in &c.series {
                                        th scope="col" {
                                            (s.name)
                                            @if let Some(u) = &c.unit { " (" (u) ")" }
                                        }
                                    }
                                }
                            }
                            tbody {
                                @for (i, l) in c.labels.iter().enumerate() {
                                    tr {
                                        th scope="row" { (l) }
                                        @for s in &c.series {
                                            td.num {
                                                (format_number(s.values.get(i).copied().unwrap_or(f64::NAN)))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn progress_values(p: &Progress) -> (f64, f64) {
    let max = if p.max.is_finite() && p.max > 0.0 {
        p.max
    } else {
        1.0
    };
    let value = if p.value.is_finite() {
        p.value.clamp(0.0, max)
    } else {
        0.0
    };
    (value, max)
}

/// Escapes text for a double-quoted attribute in markup built by hand.
fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn badge(b: &Badge) -> Markup {
    html! { span class=(format!("badge tone-{}", tone_name(b.tone))) { (b.label) } }
}

fn alert(a: &Alert) -> Markup {
    let role = if matches!(a.tone, Tone::Danger) {
        "alert"
    } else {
        "status"
    };
    html! {
        div class=(alert_class(a.tone)) role=(role) {
            @if let Some(t) = &a.title { strong { (t) } br; }
            (a.message)
        }
    }
}

fn stepper(steps: &[Step]) -> Markup {
    html! {
        ol.stepper {
            @for s in steps {
                li class=(format!("step {}", step_state_name(s.state)))
                    aria-current=[matches!(s.state, StepState::Current).then_some("step")] {
                    span.step-label { (s.label) }
                    " "
                    span class=(format!("badge step-state {}", step_state_name(s.state))) {
                        (step_state_label(s.state))
                    }
                    @if s.actor.is_some() || s.at.is_some() {
                        span.step-meta {
                            @if let Some(a) = &s.actor { (a) }
                            @if s.actor.is_some() && s.at.is_some() { " · " }
                            @if let Some(t) = &s.at { (t) }
                        }
                    }
                    @if let Some(n) = &s.note { span.step-note { (n) } }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Charts (inline SVG, presentation attributes only)
// ---------------------------------------------------------------------------------------

const PALETTE: [&str; 6] = [
    "#0a7d5a", "#1f6fb2", "#c77700", "#8e44ad", "#b3261e", "#5b6b75",
];
const CHART_W: f64 = 640.0;
const CHART_H: f64 = 320.0;
const PLOT_LEFT: f64 = 60.0;
const PLOT_RIGHT: f64 = 624.0;
const PLOT_TOP: f64 = 30.0;
const PLOT_BOTTOM: f64 = 240.0;
/// Most labels and series a chart draws (the data table shows everything).
const MAX_LABELS: usize = 400;
const MAX_SERIES: usize = 12;

/// A "nice" step (1, 2, 2.5, 5 × 10^k) for about five ticks over `span`.
fn nice_step(span: f64) -> f64 {
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 2.5 {
        2.5
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn short_label(s: &str) -> String {
    let mut out: String = s.chars().take(12).collect();
    if s.chars().count() > 12 {
        out.push('…');
    }
    out
}

fn chart_svg(c: &Chart, labelled_by: &str) -> Markup {
    let labels = &c.labels[..c.labels.len().min(MAX_LABELS)];
    let series = &c.series[..c.series.len().min(MAX_SERIES)];
    let n = labels.len().max(1);
    let finite = series
        .iter()
        .flat_map(|s| s.values.iter().take(n))
        .copied()
        .filter(|v| v.is_finite());
    let (mut lo, mut hi) = finite.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if hi - lo <= f64::EPSILON {
        hi = lo + 1.0;
    }
    let step = nice_step(hi - lo);
    lo = (lo / step).floor() * step;
    hi = (hi / step).ceil() * step;
    let y = |v: f64| PLOT_BOTTOM - (v - lo) / (hi - lo) * (PLOT_BOTTOM - PLOT_TOP);
    let mut ticks = Vec::new();
    let mut t = lo;
    while t <= hi + step / 2.0 && ticks.len() < 20 {
        ticks.push(t);
        t += step;
    }
    let group = (PLOT_RIGHT - PLOT_LEFT) / n as f64;
    let every = labels.len().div_ceil(12).max(1);
    let zero = y(0.0f64.clamp(lo, hi));
    let f = |v: f64| format!("{v:.1}");
    let legend_w = (PLOT_RIGHT - PLOT_LEFT) / series.len().clamp(1, 4) as f64;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {CHART_W} {CHART_H}"))
            role="img" aria-labelledby=(labelled_by) class="chart-svg" {
            @if let Some(u) = &c.unit {
                text x=(f(PLOT_LEFT - 8.0)) y="16" text-anchor="end" font-size="12" fill="#5b6b75" { (u) }
            }
            @for t in &ticks {
                line x1=(f(PLOT_LEFT)) x2=(f(PLOT_RIGHT)) y1=(f(y(*t))) y2=(f(y(*t)))
                    stroke="#dde5e2" stroke-width="1";
                text x=(f(PLOT_LEFT - 8.0)) y=(f(y(*t) + 4.0)) text-anchor="end" font-size="12"
                    fill="#5b6b75" { (format_number(*t)) }
            }
            line x1=(f(PLOT_LEFT)) x2=(f(PLOT_RIGHT)) y1=(f(zero)) y2=(f(zero))
                stroke="#5b6b75" stroke-width="1";
            @for (i, l) in labels.iter().enumerate() {
                @if i % every == 0 {
                    text x=(f(PLOT_LEFT + group * (i as f64 + 0.5))) y=(f(PLOT_BOTTOM + 18.0))
                        text-anchor="middle" font-size="12" fill="#1d2a33" { (short_label(l)) }
                }
            }
            @match c.kind {
                ChartKind::Bar => {
                    @let bw = group * 0.8 / series.len().max(1) as f64;
                    @for (j, s) in series.iter().enumerate() {
                        @for (i, v) in s.values.iter().take(labels.len()).enumerate() {
                            @if v.is_finite() {
                                @let top = y(*v).min(zero);
                                rect x=(f(PLOT_LEFT + group * i as f64 + group * 0.1 + bw * j as f64))
                                    y=(f(top)) width=(f(bw.max(1.0)))
                                    height=(f((y(*v) - zero).abs().max(0.5)))
                                    fill=(PALETTE[j % PALETTE.len()]) {
                                    title { (s.name) ", " (labels[i]) ": " (format_number(*v)) }
                                }
                            }
                        }
                    }
                }
                ChartKind::Line => {
                    @for (j, s) in series.iter().enumerate() {
                        @let colour = PALETTE[j % PALETTE.len()];
                        path d=(line_path(&s.values[..s.values.len().min(labels.len())], group, &y))
                            fill="none" stroke=(colour) stroke-width="2";
                        @for (i, v) in s.values.iter().take(labels.len()).enumerate() {
                            @if v.is_finite() {
                                circle cx=(f(PLOT_LEFT + group * (i as f64 + 0.5))) cy=(f(y(*v)))
                                    r="3" fill=(colour) {
                                    title { (s.name) ", " (labels[i]) ": " (format_number(*v)) }
                                }
                            }
                        }
                    }
                }
            }
            @for (j, s) in series.iter().enumerate() {
                @let x = PLOT_LEFT + legend_w * (j % 4) as f64;
                @let ly = 276.0 + 20.0 * (j / 4) as f64;
                rect x=(f(x)) y=(f(ly - 10.0)) width="12" height="12" fill=(PALETTE[j % PALETTE.len()]);
                text x=(f(x + 18.0)) y=(f(ly)) font-size="12" fill="#1d2a33" { (short_label(&s.name)) }
            }
        }
    }
}

/// An SVG path through the finite values, broken at missing (NaN) ones.
fn line_path(values: &[f64], group: f64, y: &dyn Fn(f64) -> f64) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for (i, v) in values.iter().enumerate() {
        if !v.is_finite() {
            pen_down = false;
            continue;
        }
        let x = PLOT_LEFT + group * (i as f64 + 0.5);
        let _ = write!(
            d,
            "{}{x:.1} {:.1} ",
            if pen_down { "L" } else { "M" },
            y(*v)
        );
        pen_down = true;
    }
    if d.is_empty() {
        d.push_str("M0 0");
    }
    d.trim_end().to_string()
}

// ---------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------

/// JSON of a link: `{label, href, external}`; `href` is `null` when refused.
fn link_json(label: &str, href: &str, base: &str) -> Value {
    let r = resolve(href, base);
    json!({
        "label": label,
        "href": r.as_ref().map(Href::as_str),
        "external": r.as_ref().is_some_and(Href::is_external),
    })
}

fn href_json(href: Option<&str>, base: &str) -> Value {
    href.and_then(|h| resolve(h, base))
        .map(|h| Value::String(h.as_str().to_string()))
        .unwrap_or(Value::Null)
}

fn badge_json(b: &Badge) -> Value {
    json!({ "label": b.label, "tone": tone_name(b.tone) })
}

fn inline_json(i: &Inline, base: &str) -> Value {
    match i {
        Inline::Text(t) => json!({ "type": "text", "text": t }),
        Inline::Strong(t) => json!({ "type": "strong", "text": t }),
        Inline::Link(l) => {
            let mut v = link_json(&l.label, &l.href, base);
            v["type"] = "link".into();
            v
        }
        Inline::Badge(b) => {
            let mut v = badge_json(b);
            v["type"] = "badge".into();
            v
        }
    }
}

fn action_json(a: &Action, base: &str) -> Value {
    let mut v = link_json(&a.label, &a.href, base);
    v["style"] = button_style_name(a.style).into();
    v
}

fn field_json(f: &Field) -> Value {
    let kind = match &f.kind {
        FieldKind::Text => json!({ "type": "text" }),
        FieldKind::Textarea(rows) => json!({ "type": "textarea", "rows": rows }),
        FieldKind::Number(o) => {
            json!({ "type": "number", "min": o.min, "max": o.max, "step": o.step })
        }
        FieldKind::Date => json!({ "type": "date" }),
        FieldKind::Select(choices) => json!({
            "type": "select",
            "choices": choices.iter().map(|c| json!({ "value": c.value, "label": c.label })).collect::<Vec<_>>(),
        }),
        FieldKind::RadioScale(s) => json!({
            "type": "radio-scale", "min": s.min, "max": s.max,
            "min_label": s.min_label, "max_label": s.max_label,
        }),
        FieldKind::Checkbox => json!({ "type": "checkbox" }),
        FieldKind::FileName => json!({ "type": "file-name" }),
        FieldKind::Hidden => json!({ "type": "hidden" }),
    };
    json!({
        "name": f.name, "label": f.label, "kind": kind, "required": f.required,
        "value": f.value, "help": f.help, "error": f.error,
    })
}

fn form_json(f: &Form, base: &str) -> Value {
    let post = matches!(f.method, FormMethod::Post);
    let action = if post {
        module_path(&f.action, base)
    } else {
        match resolve(&f.action, base) {
            Some(Href::Internal(u)) => Some(u),
            _ => None,
        }
    };
    json!({
        "type": "form",
        "action": action,
        "method": if post { "post" } else { "get" },
        "fields": f.fields.iter().filter(|x| x.name != csrf::FIELD).map(field_json).collect::<Vec<_>>(),
        "submit_label": f.submit_label,
    })
}

fn cell_json(c: &UiCell, base: &str) -> Value {
    match c {
        UiCell::Text(t) => json!({ "type": "text", "text": t }),
        UiCell::Number(n) => json!({ "type": "number", "value": n, "text": format_number(*n) }),
        UiCell::Link(l) => {
            let mut v = link_json(&l.label, &l.href, base);
            v["type"] = "link".into();
            v
        }
        UiCell::Badge(b) => {
            let mut v = badge_json(b);
            v["type"] = "badge".into();
            v
        }
    }
}

/// JSON of one block: an object with `type` (the WIT case name) and the case's fields.
/// Links are resolved (`href` is `null` when refused); numbers that are not finite are
/// `null`. This shape is part of the mobile app's API: change it only by adding fields.
pub fn block_json(b: &Block, base: &str) -> Value {
    match b {
        Block::Heading(h) => {
            json!({ "type": "heading", "level": h.level.clamp(1, 4), "text": h.text })
        }
        Block::Text(t) => json!({ "type": "text", "text": t }),
        Block::Paragraph(items) => json!({
            "type": "paragraph",
            "inlines": items.iter().map(|i| inline_json(i, base)).collect::<Vec<_>>(),
        }),
        // The source is not passed on: it may hold refused links. The app gets the
        // kernel's sanitised HTML and a plain-text version.
        Block::Markdown(md) => json!({
            "type": "markdown",
            "html": Renderer::page(base, "").markdown(md).into_string(),
            "text": markdown_text(md),
        }),
        Block::KeyValues(kvs) => json!({
            "type": "key-values",
            "items": kvs.iter().map(|kv| json!({
                "key": kv.key,
                "value": kv.value.iter().map(|i| inline_json(i, base)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        }),
        Block::Table(t) => json!({
            "type": "table",
            "columns": t.columns,
            "rows": t.rows.iter().map(|r| json!({
                "cells": r.cells.iter().map(|c| cell_json(c, base)).collect::<Vec<_>>(),
                "href": href_json(r.href.as_deref(), base),
            })).collect::<Vec<_>>(),
            "empty_text": t.empty_text,
        }),
        Block::Progress(p) => {
            let (value, max) = progress_values(p);
            json!({
                "type": "progress", "label": p.label, "value": value, "max": max,
                "caption": p.caption, "tone": tone_name(p.tone),
            })
        }
        Block::Stats(stats) => json!({
            "type": "stats",
            "items": stats.iter().map(|s| json!({
                "label": s.label, "value": s.value, "caption": s.caption, "tone": tone_name(s.tone),
            })).collect::<Vec<_>>(),
        }),
        Block::Badges(bs) => json!({
            "type": "badges", "items": bs.iter().map(badge_json).collect::<Vec<_>>(),
        }),
        Block::Alert(a) => json!({
            "type": "alert", "tone": tone_name(a.tone), "title": a.title, "message": a.message,
        }),
        Block::Stepper(steps) => json!({
            "type": "stepper",
            "steps": steps.iter().map(|s| json!({
                "label": s.label, "state": step_state_name(s.state), "actor": s.actor,
                "at": s.at, "note": s.note,
            })).collect::<Vec<_>>(),
        }),
        Block::Chart(c) => json!({
            "type": "chart",
            "kind": match c.kind { ChartKind::Bar => "bar", ChartKind::Line => "line" },
            "title": c.title,
            "labels": c.labels,
            "series": c.series.iter().map(|s| json!({ "name": s.name, "values": s.values })).collect::<Vec<_>>(),
            "unit": c.unit,
        }),
        Block::Form(f) => form_json(f, base),
        Block::Actions(actions) => json!({
            "type": "actions",
            "items": actions.iter().map(|a| action_json(a, base)).collect::<Vec<_>>(),
        }),
        Block::Empty(e) => json!({
            "type": "empty", "title": e.title, "message": e.message,
            "action": e.action.as_ref().map(|a| action_json(a, base)),
        }),
        Block::Divider => json!({ "type": "divider" }),
    }
}

/// The text of a Markdown document without markup (links keep their label only).
pub fn markdown_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::with_capacity(md.len());
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// JSON of a list of blocks.
pub fn blocks_json(blocks: &[Block], base: &str) -> Value {
    Value::Array(blocks.iter().map(|b| block_json(b, base)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugins::bindings::ui::{Choice, Heading, NumberOptions, Scale, Series, TableRow};

    const BASE: &str = "/m/contoh";
    const EVIL: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    const BAD_LINKS: &[&str] = &[
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\u{1}javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "/\\evil.example",
        "\\\\evil.example",
        "https://",
        "mailto:a@b.c",
        "../admin",
        "./%2e%2e/admin",
    ];

    /// Values of every `href`, `action` and `src` attribute.
    fn urls(html: &str) -> Vec<String> {
        let mut out = Vec::new();
        for attr in [" href=\"", " action=\"", " src=\""] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                out.push(rest[..rest.find('"').unwrap_or(rest.len())].to_string());
            }
        }
        out
    }

    /// Non-null `href` and `action` values anywhere in a JSON tree.
    fn json_links(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("href" | "action", Value::String(s)) => out.push(s.clone()),
                        _ => json_links(v, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| json_links(v, out)),
            _ => {}
        }
    }

    fn page_html(blocks: &[Block]) -> String {
        Renderer::page(BASE, "TOKEN123")
            .blocks(blocks)
            .into_string()
    }

    fn link(href: &str) -> Link {
        Link {
            label: "tautan".into(),
            href: href.into(),
        }
    }

    fn text_field(name: &str, value: &str) -> Field {
        Field {
            name: name.into(),
            label: EVIL.into(),
            kind: FieldKind::Text,
            required: true,
            value: value.into(),
            help: Some(EVIL.into()),
            error: Some(EVIL.into()),
        }
    }

    fn form(action: &str, method: FormMethod) -> Form {
        Form {
            action: action.into(),
            method,
            fields: vec![text_field("judul", EVIL)],
            submit_label: "Simpan".into(),
        }
    }

    /// Every place a module string can appear, each carrying `EVIL`.
    fn everything_evil() -> Vec<Block> {
        vec![
            Block::Heading(Heading {
                level: 1,
                text: EVIL.into(),
            }),
            Block::Text(EVIL.into()),
            Block::Paragraph(vec![
                Inline::Text(EVIL.into()),
                Inline::Strong(EVIL.into()),
                Inline::Link(Link {
                    label: EVIL.into(),
                    href: EVIL.into(),
                }),
                Inline::Badge(Badge {
                    label: EVIL.into(),
                    tone: Tone::Info,
                }),
            ]),
            Block::Markdown(format!(
                "# {EVIL}\n\n{EVIL}\n\n<div onclick=x>{EVIL}</div>\n"
            )),
            Block::KeyValues(vec![KeyValue {
                key: EVIL.into(),
                value: vec![Inline::Text(EVIL.into())],
            }]),
            Block::Table(Table {
                columns: vec![EVIL.into()],
                rows: vec![TableRow {
                    cells: vec![
                        UiCell::Text(EVIL.into()),
                        UiCell::Link(Link {
                            label: EVIL.into(),
                            href: "x".into(),
                        }),
                        UiCell::Badge(Badge {
                            label: EVIL.into(),
                            tone: Tone::Danger,
                        }),
                    ],
                    href: Some(EVIL.into()),
                }],
                empty_text: None,
            }),
            Block::Progress(Progress {
                label: EVIL.into(),
                value: 3.0,
                max: 4.0,
                caption: Some(EVIL.into()),
                tone: Tone::Success,
            }),
            Block::Stats(vec![Stat {
                label: EVIL.into(),
                value: EVIL.into(),
                caption: Some(EVIL.into()),
                tone: Tone::Warning,
            }]),
            Block::Alert(Alert {
                tone: Tone::Danger,
                title: Some(EVIL.into()),
                message: EVIL.into(),
            }),
            Block::Stepper(vec![Step {
                label: EVIL.into(),
                state: StepState::Current,
                actor: Some(EVIL.into()),
                at: Some(EVIL.into()),
                note: Some(EVIL.into()),
            }]),
            Block::Chart(Chart {
                kind: ChartKind::Bar,
                title: EVIL.into(),
                labels: vec![EVIL.into()],
                series: vec![Series {
                    name: EVIL.into(),
                    values: vec![1.0],
                }],
                unit: Some(EVIL.into()),
            }),
            Block::Form(Form {
                action: "simpan".into(),
                method: FormMethod::Post,
                fields: vec![
                    text_field(EVIL, EVIL),
                    Field {
                        kind: FieldKind::Select(vec![Choice {
                            value: EVIL.into(),
                            label: EVIL.into(),
                        }]),
                        ..text_field("pilih", EVIL)
                    },
                    Field {
                        kind: FieldKind::Textarea(4),
                        ..text_field("isi", EVIL)
                    },
                    Field {
                        kind: FieldKind::Hidden,
                        ..text_field("h", EVIL)
                    },
                ],
                submit_label: EVIL.into(),
            }),
            Block::Actions(vec![Action {
                label: EVIL.into(),
                href: "baru".into(),
                style: ButtonStyle::Primary,
            }]),
            Block::Empty(EmptyState {
                title: EVIL.into(),
                message: EVIL.into(),
                action: None,
            }),
        ]
    }

    #[test]
    fn module_strings_are_escaped_everywhere() {
        let html = page_html(&everything_evil());
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<div onclick"), "{html}");
        // Every `onerror` is inside escaped text, never an attribute of a real tag.
        let onerror = html.matches("onerror=").count();
        let escaped = html.matches("&lt;img src=x onerror").count()
            + html.matches("&lt;img%20src=x%20onerror").count();
        assert_eq!(onerror, escaped, "attribute break-out: {html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&quot;&gt;&lt;img"));
        assert!(!html.contains(" style="), "no inline styles (CSP): {html}");
    }

    #[test]
    fn markdown_raw_html_is_text_and_links_are_checked() {
        let r = Renderer::page(BASE, "t");
        let html = r
            .markdown(
                "Halo <b>tebal</b>\n\n<script>alert(1)</script>\n\n[a](javascript:alert(1)) \
                 [b](<java\tscript:x>) <javascript:alert(3)> [c](dok/1 \"ju\\\"dul\") \
                 [d](https://kemkes.go.id) ![gambar](data:image/png;base64,AAAA) \
                 ![foto](/static/x.png) <a@b.c>",
            )
            .into_string();
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;b&gt;tebal&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        for url in urls(&html) {
            assert!(
                url.starts_with('/') || url.starts_with("https://"),
                "{url}: {html}"
            );
        }
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("<a href=\"/m/contoh/dok/1\" title=\"ju&quot;dul\">c</a>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<a href=\"https://kemkes.go.id\" target=\"_blank\" rel=\"noopener noreferrer\">d</a>"
            ),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"/static/x.png\">foto</a>"),
            "{html}"
        );
        assert!(!html.contains("mailto"), "{html}");
        assert!(
            html.contains(">a<") || html.contains("a "),
            "label kept: {html}"
        );
    }

    #[test]
    fn markdown_headings_fit_below_the_page_title() {
        let r = Renderer::page(BASE, "t");
        assert!(
            r.markdown("# Judul")
                .into_string()
                .contains("<h2>Judul</h2>")
        );
        let c = Renderer::card(BASE, "t", "k1");
        assert!(
            c.markdown("# Judul")
                .into_string()
                .contains("<h3>Judul</h3>")
        );
    }

    #[test]
    fn relative_links_resolve_under_the_base_path() {
        let cases = [
            ("dokumen/12", "/m/contoh/dokumen/12"),
            ("./baru", "/m/contoh/baru"),
            ("?page=2", "/m/contoh?page=2"),
            ("#bagian", "/m/contoh#bagian"),
            ("", "/m/contoh"),
            (".", "/m/contoh"),
            ("/profil/198701012010011001", "/profil/198701012010011001"),
            ("/", "/"),
            ("cari?q=budi santoso", "/m/contoh/cari?q=budi%20santoso"),
            ("berkas/ñ", "/m/contoh/berkas/%C3%B1"),
        ];
        for (href, want) in cases {
            assert_eq!(
                resolve(href, BASE),
                Some(Href::Internal(want.into())),
                "{href}"
            );
        }
        assert_eq!(
            resolve("https://kemkes.go.id/a?b=1", BASE),
            Some(Href::External("https://kemkes.go.id/a?b=1".into()))
        );
        assert_eq!(
            resolve("HTTP://Kemkes.go.id", BASE),
            Some(Href::External("HTTP://Kemkes.go.id".into()))
        );
        for bad in BAD_LINKS {
            assert_eq!(resolve(bad, BASE), None, "{bad:?}");
        }
    }

    #[test]
    fn javascript_links_are_dropped_everywhere() {
        for bad in BAD_LINKS {
            let blocks = vec![
                Block::Paragraph(vec![Inline::Link(link(bad))]),
                Block::KeyValues(vec![KeyValue {
                    key: "k".into(),
                    value: vec![Inline::Link(link(bad))],
                }]),
                Block::Table(Table {
                    columns: vec!["A".into(), "B".into()],
                    rows: vec![TableRow {
                        cells: vec![UiCell::Text("baris".into()), UiCell::Link(link(bad))],
                        href: Some(bad.to_string()),
                    }],
                    empty_text: None,
                }),
                Block::Actions(vec![Action {
                    label: "aksi".into(),
                    href: bad.to_string(),
                    style: ButtonStyle::Danger,
                }]),
                Block::Empty(EmptyState {
                    title: "Kosong".into(),
                    message: "m".into(),
                    action: Some(Action {
                        label: "aksi".into(),
                        href: bad.to_string(),
                        style: ButtonStyle::Primary,
                    }),
                }),
                Block::Markdown(format!("[md]({bad}) <{bad}>")),
                Block::Form(form(bad, FormMethod::Get)),
                Block::Form(form(bad, FormMethod::Post)),
            ];
            let html = page_html(&blocks);
            assert!(!html.contains("<a "), "{bad:?} became a link: {html}");
            let leaked = urls(&html);
            assert!(leaked.is_empty(), "{bad:?} leaked as {leaked:?}: {html}");
            assert!(html.contains("tautan"), "label kept as text");
            assert!(
                !html.contains("<form"),
                "a form with a refused action is not shown"
            );
            let mut json_urls = Vec::new();
            json_links(&blocks_json(&blocks, BASE), &mut json_urls);
            assert!(
                json_urls.is_empty(),
                "{bad:?} leaked into JSON: {json_urls:?}"
            );
        }
    }

    #[test]
    fn external_links_open_in_a_new_tab() {
        let html = page_html(&[Block::Paragraph(vec![Inline::Link(link(
            "https://kemkes.go.id",
        ))])]);
        assert!(html.contains(
            "<a href=\"https://kemkes.go.id\" target=\"_blank\" rel=\"noopener noreferrer\">tautan</a>"
        ));
    }

    #[test]
    fn post_forms_carry_the_csrf_token_and_stay_in_the_module() {
        let html = page_html(&[Block::Form(Form {
            fields: vec![text_field("csrf_token", "palsu"), text_field("judul", "x")],
            ..form("simpan", FormMethod::Post)
        })]);
        assert!(
            html.contains(
                "<form class=\"stack module-form\" method=\"post\" action=\"/m/contoh/simpan\">"
            ),
            "{html}"
        );
        assert!(html.contains("<input type=\"hidden\" name=\"csrf_token\" value=\"TOKEN123\">"));
        assert_eq!(
            html.matches("csrf_token").count(),
            1,
            "module cannot add its own"
        );
        assert!(!html.contains("palsu"));

        let get = page_html(&[Block::Form(form("?", FormMethod::Get))]);
        assert!(get.contains("method=\"get\""));
        assert!(
            !get.contains("csrf_token"),
            "GET forms never leak the token"
        );

        for outside in [
            "/admin/modul",
            "https://kemkes.go.id/x",
            "/m/contoh-lain/x",
            "/m/contohx",
        ] {
            let html = page_html(&[Block::Form(form(outside, FormMethod::Post))]);
            assert!(!html.contains("<form"), "{outside}: {html}");
            assert!(!html.contains("TOKEN123"), "{outside}");
        }
        assert_eq!(
            module_path("/m/contoh/a/b", BASE).as_deref(),
            Some("/m/contoh/a/b")
        );
        assert_eq!(module_path("/m/contoh", BASE).as_deref(), Some("/m/contoh"));
        assert_eq!(module_path("/m/contoh/a/../../x", BASE), None);
    }

    #[test]
    fn redirects_stay_in_the_portal() {
        assert_eq!(redirect_target("./1", BASE).as_deref(), Some("/m/contoh/1"));
        assert_eq!(
            redirect_target("/notifikasi", BASE).as_deref(),
            Some("/notifikasi")
        );
        assert_eq!(redirect_target("https://evil.example", BASE), None);
        assert_eq!(redirect_target("//evil.example", BASE), None);
        assert_eq!(redirect_target("javascript:x", BASE), None);
    }

    #[test]
    fn fields_are_labelled() {
        let html = page_html(&[Block::Form(Form {
            fields: vec![
                Field {
                    kind: FieldKind::Number(NumberOptions {
                        min: Some(0.0),
                        max: Some(f64::INFINITY),
                        step: None,
                    }),
                    help: None,
                    error: None,
                    ..text_field("jumlah", "3")
                },
                Field {
                    kind: FieldKind::RadioScale(Scale {
                        min: 1,
                        max: 5,
                        min_label: Some("Kurang".into()),
                        max_label: Some("Sangat baik".into()),
                    }),
                    help: None,
                    error: None,
                    ..text_field("nilai", "4")
                },
                Field {
                    kind: FieldKind::Checkbox,
                    help: None,
                    error: None,
                    ..text_field("setuju", "on")
                },
            ],
            ..form("", FormMethod::Post)
        })]);
        assert!(html.contains("<label for=\"p-0-jumlah\">"), "{html}");
        assert!(html.contains("id=\"p-0-jumlah\""), "{html}");
        assert!(html.contains("min=\"0\""), "{html}");
        assert!(!html.contains("inf"), "{html}");
        assert!(html.contains("<legend>"), "{html}");
        assert_eq!(html.matches("type=\"radio\"").count(), 5);
        assert!(html.contains("value=\"4\" checked"), "{html}");
        assert!(html.contains("value=\"on\" checked"), "{html}");
        assert!(html.contains("action=\"/m/contoh\""), "{html}");
    }

    #[test]
    fn accessible_markup() {
        let html = page_html(&[
            Block::Table(Table {
                columns: vec!["Nama".into()],
                rows: vec![TableRow {
                    cells: vec![UiCell::Number(1234.5)],
                    href: Some("x/1".into()),
                }],
                empty_text: None,
            }),
            Block::Alert(Alert {
                tone: Tone::Danger,
                title: None,
                message: "Gagal".into(),
            }),
            Block::Progress(Progress {
                label: "Angka kredit".into(),
                value: 75.0,
                max: 100.0,
                caption: None,
                tone: Tone::Info,
            }),
            Block::Table(Table {
                columns: vec![],
                rows: vec![],
                empty_text: Some("Belum ada pengajuan.".into()),
            }),
        ]);
        assert!(html.contains("<th scope=\"col\">Nama</th>"));
        assert!(
            html.contains("<td class=\"num\"><a href=\"/m/contoh/x/1\">1.234,5</a></td>"),
            "{html}"
        );
        assert!(html.contains("role=\"alert\""));
        assert!(
            html.contains("<progress id=\"p-0-progress\" value=\"75\" max=\"100\">"),
            "{html}"
        );
        assert!(
            html.contains("<label class=\"progress-label\" for=\"p-0-progress\">"),
            "{html}"
        );
        assert!(html.contains("Belum ada pengajuan."));
    }

    #[test]
    fn charts_are_svg_without_styles() {
        for kind in [ChartKind::Bar, ChartKind::Line] {
            let html = page_html(&[Block::Chart(Chart {
                kind,
                title: "Keterlambatan".into(),
                labels: (1..=31).map(|d| d.to_string()).collect(),
                series: vec![
                    Series {
                        name: "Masuk".into(),
                        values: (1..=31)
                            .map(|d| {
                                if d % 7 == 0 {
                                    f64::NAN
                                } else {
                                    f64::from(d % 5)
                                }
                            })
                            .collect(),
                    },
                    Series {
                        name: "Pulang".into(),
                        values: vec![-3.0, 2.0],
                    },
                ],
                unit: Some("menit".into()),
            })]);
            assert!(html.contains("<svg"), "{html}");
            assert!(html.contains("role=\"img\""));
            assert!(html.contains(">menit</text>"));
            assert!(html.contains(">Pulang</text>"), "legend");
            assert!(!html.contains("style="), "{html}");
            assert!(!html.contains("NaN"), "{html}");
            assert!(!html.contains("<script"));
        }
    }

    #[test]
    fn numbers_in_indonesian_notation() {
        assert_eq!(format_number(1234567.0), "1.234.567");
        assert_eq!(format_number(1234.5), "1.234,5");
        assert_eq!(format_number(-0.25), "-0,25");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(f64::NAN), "–");
    }

    #[test]
    fn json_shape() {
        let blocks = vec![
            Block::Heading(Heading {
                level: 9,
                text: "Judul".into(),
            }),
            Block::Table(Table {
                columns: vec!["Nama".into(), "Jumlah".into()],
                rows: vec![TableRow {
                    cells: vec![UiCell::Link(link("javascript:x")), UiCell::Number(f64::NAN)],
                    href: Some("p/1".into()),
                }],
                empty_text: None,
            }),
            Block::Form(form("kirim", FormMethod::Post)),
            Block::Chart(Chart {
                kind: ChartKind::Line,
                title: "T".into(),
                labels: vec!["a".into(), "b".into()],
                series: vec![Series {
                    name: "s".into(),
                    values: vec![1.5, f64::NAN],
                }],
                unit: None,
            }),
            Block::Divider,
        ];
        let got = blocks_json(&blocks, BASE);
        let want = json!([
            { "type": "heading", "level": 4, "text": "Judul" },
            { "type": "table", "columns": ["Nama", "Jumlah"], "empty_text": null,
              "rows": [ { "href": "/m/contoh/p/1", "cells": [
                  { "type": "link", "label": "tautan", "href": null, "external": false },
                  { "type": "number", "value": null, "text": "–" } ] } ] },
            { "type": "form", "action": "/m/contoh/kirim", "method": "post", "submit_label": "Simpan",
              "fields": [ { "name": "judul", "label": EVIL, "kind": { "type": "text" }, "required": true,
                            "value": EVIL, "help": EVIL, "error": EVIL } ] },
            { "type": "chart", "kind": "line", "title": "T", "labels": ["a", "b"], "unit": null,
              "series": [ { "name": "s", "values": [1.5, null] } ] },
            { "type": "divider" }
        ]);
        assert_eq!(got, want);
    }
}
