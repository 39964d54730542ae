//! The typed UI tree and its builders.
//!
//! A page or a card is a list of [`Block`]s; blocks hold inline items ([`Inline`],
//! [`Cell`]), never other blocks. Modules never write HTML: the kernel renders this tree
//! (escaped, accessible, CSRF-protected) as HTML for browsers and as JSON for the app.
//!
//! Every block has a constructor on [`Block`] (`Block::heading`, `Block::table`, …), and
//! the records with many fields have builders (`Table::new(..).row(..)`,
//! `Form::post(..).field(..)`, `Field::text(..).required()`). Records convert into
//! blocks with `.into()`, so a page is written as:
//!
//! ```
//! use eoffice_sdk::ui::{Block, Cell, Table, Tone};
//!
//! let blocks: Vec<Block> = vec![
//!     Block::heading("Dokumen saya"),
//!     Table::new(["Judul", "Status"])
//!         .link_row("dokumen/1", [Cell::text("Nota dinas"), Cell::badge("Selesai", Tone::Success)])
//!         .empty_text("Belum ada dokumen")
//!         .into(),
//!     Block::divider(),
//! ];
//! assert_eq!(blocks.len(), 3);
//! ```
//!
//! Links (`href`) are module-relative (`dokumen/12`, `?page=2`), absolute portal paths
//! (`/profil/…`) or `http(s)://` URLs; anything else is dropped by the kernel.

pub use crate::__internal::bindings::eoffice::portal::ui::{
    Action, Alert, Badge, Block, ButtonStyle, Cell, Chart, ChartKind, Choice, EmptyState, Field,
    FieldKind, Form, FormMethod, Heading, Inline, KeyValue, Link, NumberOptions, Progress, Scale,
    Series, Stat, Step, StepState, Table, TableRow, Tone,
};

// ---------------------------------------------------------------------------------------
// Inline items and table cells

impl Inline {
    /// Plain text.
    pub fn text(text: impl Into<String>) -> Inline {
        Inline::Text(text.into())
    }
    /// Emphasised text.
    pub fn strong(text: impl Into<String>) -> Inline {
        Inline::Strong(text.into())
    }
    /// A link.
    pub fn link(label: impl Into<String>, href: impl Into<String>) -> Inline {
        Inline::Link(Link::new(label, href))
    }
    /// A badge.
    pub fn badge(label: impl Into<String>, tone: Tone) -> Inline {
        Inline::Badge(Badge::new(label, tone))
    }
}

impl From<&str> for Inline {
    fn from(text: &str) -> Inline {
        Inline::text(text)
    }
}

impl From<String> for Inline {
    fn from(text: String) -> Inline {
        Inline::Text(text)
    }
}

impl From<Link> for Inline {
    fn from(link: Link) -> Inline {
        Inline::Link(link)
    }
}

impl From<Badge> for Inline {
    fn from(badge: Badge) -> Inline {
        Inline::Badge(badge)
    }
}

impl Link {
    /// A link with a label.
    pub fn new(label: impl Into<String>, href: impl Into<String>) -> Link {
        Link {
            label: label.into(),
            href: href.into(),
        }
    }
}

impl Badge {
    /// A badge of the given tone.
    pub fn new(label: impl Into<String>, tone: Tone) -> Badge {
        Badge {
            label: label.into(),
            tone,
        }
    }
}

impl Cell {
    /// A text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }
    /// A number, right-aligned and formatted in the user's locale.
    pub fn number(value: impl Into<f64>) -> Cell {
        Cell::Number(value.into())
    }
    /// A link cell.
    pub fn link(label: impl Into<String>, href: impl Into<String>) -> Cell {
        Cell::Link(Link::new(label, href))
    }
    /// A badge cell.
    pub fn badge(label: impl Into<String>, tone: Tone) -> Cell {
        Cell::Badge(Badge::new(label, tone))
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::text(text)
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Cell {
        Cell::Number(n)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Number(n as f64)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Number(f64::from(n))
    }
}

impl From<Link> for Cell {
    fn from(link: Link) -> Cell {
        Cell::Link(link)
    }
}

impl From<Badge> for Cell {
    fn from(badge: Badge) -> Cell {
        Cell::Badge(badge)
    }
}

// ---------------------------------------------------------------------------------------
// Blocks

fn strings<I>(items: I) -> Vec<String>
where
    I: IntoIterator,
    I::Item: Into<String>,
{
    items.into_iter().map(Into::into).collect()
}

impl Block {
    /// A level-2 heading (the page title is level 1).
    pub fn heading(text: impl Into<String>) -> Block {
        Block::heading_level(2, text)
    }
    /// A heading of level 1–4 (the kernel clamps and shifts levels to fit the page).
    pub fn heading_level(level: u8, text: impl Into<String>) -> Block {
        Block::Heading(Heading {
            level,
            text: text.into(),
        })
    }
    /// A paragraph of plain text.
    pub fn text(text: impl Into<String>) -> Block {
        Block::Text(text.into())
    }
    /// A paragraph of mixed inline items.
    pub fn paragraph<I>(items: I) -> Block
    where
        I: IntoIterator,
        I::Item: Into<Inline>,
    {
        Block::Paragraph(items.into_iter().map(Into::into).collect())
    }
    /// CommonMark text; raw HTML is not rendered.
    pub fn markdown(text: impl Into<String>) -> Block {
        Block::Markdown(text.into())
    }
    /// A definition list: `(key, value)` pairs of plain text.
    pub fn key_values<I, K, V>(pairs: I) -> Block
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Block::KeyValues(
            pairs
                .into_iter()
                .map(|(k, v)| KeyValue::new(k, v))
                .collect(),
        )
    }
    /// A definition list of prepared [`KeyValue`]s (values with links or badges).
    pub fn key_value_list(items: impl IntoIterator<Item = KeyValue>) -> Block {
        Block::KeyValues(items.into_iter().collect())
    }
    /// A row of statistics.
    pub fn stats(stats: impl IntoIterator<Item = Stat>) -> Block {
        Block::Stats(stats.into_iter().collect())
    }
    /// A row of badges.
    pub fn badges(badges: impl IntoIterator<Item = Badge>) -> Block {
        Block::Badges(badges.into_iter().collect())
    }
    /// A workflow stepper.
    pub fn stepper(steps: impl IntoIterator<Item = Step>) -> Block {
        Block::Stepper(steps.into_iter().collect())
    }
    /// A row of link buttons.
    pub fn actions(actions: impl IntoIterator<Item = Action>) -> Block {
        Block::Actions(actions.into_iter().collect())
    }
    /// An alert with a tone and a message.
    pub fn alert(tone: Tone, message: impl Into<String>) -> Block {
        Block::Alert(Alert::new(tone, message))
    }
    /// An empty state: what is missing and what to do next.
    pub fn empty(title: impl Into<String>, message: impl Into<String>) -> Block {
        Block::Empty(EmptyState::new(title, message))
    }
    /// A horizontal rule.
    pub fn divider() -> Block {
        Block::Divider
    }
}

impl KeyValue {
    /// A pair with a plain-text value.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> KeyValue {
        KeyValue {
            key: key.into(),
            value: vec![Inline::Text(value.into())],
        }
    }
    /// A pair with mixed inline items as the value.
    pub fn inline<I>(key: impl Into<String>, value: I) -> KeyValue
    where
        I: IntoIterator,
        I::Item: Into<Inline>,
    {
        KeyValue {
            key: key.into(),
            value: value.into_iter().map(Into::into).collect(),
        }
    }
}

impl Table {
    /// A table with column headers and no rows yet.
    pub fn new<I>(columns: I) -> Table
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        Table {
            columns: strings(columns),
            rows: Vec::new(),
            empty_text: None,
        }
    }
    /// Adds a row.
    pub fn row<I>(mut self, cells: I) -> Table
    where
        I: IntoIterator,
        I::Item: Into<Cell>,
    {
        self.rows.push(TableRow {
            cells: cells.into_iter().map(Into::into).collect(),
            href: None,
        });
        self
    }
    /// Adds a row that is a link as a whole.
    pub fn link_row<I>(mut self, href: impl Into<String>, cells: I) -> Table
    where
        I: IntoIterator,
        I::Item: Into<Cell>,
    {
        self.rows.push(TableRow {
            cells: cells.into_iter().map(Into::into).collect(),
            href: Some(href.into()),
        });
        self
    }
    /// The text shown instead of an empty table.
    pub fn empty_text(mut self, text: impl Into<String>) -> Table {
        self.empty_text = Some(text.into());
        self
    }
}

impl From<Table> for Block {
    fn from(t: Table) -> Block {
        Block::Table(t)
    }
}

impl Progress {
    /// A progress bar at `value` of `max`.
    pub fn new(label: impl Into<String>, value: f64, max: f64) -> Progress {
        Progress {
            label: label.into(),
            value,
            max,
            caption: None,
            tone: Tone::Info,
        }
    }
    /// A caption such as "75 dari 100 angka kredit".
    pub fn caption(mut self, caption: impl Into<String>) -> Progress {
        self.caption = Some(caption.into());
        self
    }
    /// The colour.
    pub fn tone(mut self, tone: Tone) -> Progress {
        self.tone = tone;
        self
    }
}

impl From<Progress> for Block {
    fn from(p: Progress) -> Block {
        Block::Progress(p)
    }
}

impl Stat {
    /// A statistic (a label and a display value).
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Stat {
        Stat {
            label: label.into(),
            value: value.into(),
            caption: None,
            tone: Tone::Neutral,
        }
    }
    /// A caption below the value.
    pub fn caption(mut self, caption: impl Into<String>) -> Stat {
        self.caption = Some(caption.into());
        self
    }
    /// The colour.
    pub fn tone(mut self, tone: Tone) -> Stat {
        self.tone = tone;
        self
    }
}

impl Alert {
    /// An alert without a title.
    pub fn new(tone: Tone, message: impl Into<String>) -> Alert {
        Alert {
            tone,
            title: None,
            message: message.into(),
        }
    }
    /// An informational alert.
    pub fn info(message: impl Into<String>) -> Alert {
        Alert::new(Tone::Info, message)
    }
    /// A success alert.
    pub fn success(message: impl Into<String>) -> Alert {
        Alert::new(Tone::Success, message)
    }
    /// A warning alert.
    pub fn warning(message: impl Into<String>) -> Alert {
        Alert::new(Tone::Warning, message)
    }
    /// A danger alert.
    pub fn danger(message: impl Into<String>) -> Alert {
        Alert::new(Tone::Danger, message)
    }
    /// A title above the message.
    pub fn title(mut self, title: impl Into<String>) -> Alert {
        self.title = Some(title.into());
        self
    }
}

impl From<Alert> for Block {
    fn from(a: Alert) -> Block {
        Block::Alert(a)
    }
}

impl Step {
    /// A workflow step.
    pub fn new(label: impl Into<String>, state: StepState) -> Step {
        Step {
            label: label.into(),
            state,
            actor: None,
            at: None,
            note: None,
        }
    }
    /// Who acted.
    pub fn actor(mut self, actor: impl Into<String>) -> Step {
        self.actor = Some(actor.into());
        self
    }
    /// When (display text, already formatted).
    pub fn at(mut self, at: impl Into<String>) -> Step {
        self.at = Some(at.into());
        self
    }
    /// A note.
    pub fn note(mut self, note: impl Into<String>) -> Step {
        self.note = Some(note.into());
        self
    }
}

impl Chart {
    /// A bar chart over `labels`.
    pub fn bar<I>(title: impl Into<String>, labels: I) -> Chart
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        Chart {
            kind: ChartKind::Bar,
            title: title.into(),
            labels: strings(labels),
            series: Vec::new(),
            unit: None,
        }
    }
    /// A line chart over `labels`.
    pub fn line<I>(title: impl Into<String>, labels: I) -> Chart
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        Chart {
            kind: ChartKind::Line,
            ..Chart::bar(title, labels)
        }
    }
    /// Adds a series: one value per label (`f64::NAN` for a missing one).
    pub fn series(
        mut self,
        name: impl Into<String>,
        values: impl IntoIterator<Item = f64>,
    ) -> Chart {
        self.series.push(Series {
            name: name.into(),
            values: values.into_iter().collect(),
        });
        self
    }
    /// The unit shown on the axis, e.g. "menit".
    pub fn unit(mut self, unit: impl Into<String>) -> Chart {
        self.unit = Some(unit.into());
        self
    }
}

impl From<Chart> for Block {
    fn from(c: Chart) -> Block {
        Block::Chart(c)
    }
}

impl Choice {
    /// An option of a select field.
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice {
            value: value.into(),
            label: label.into(),
        }
    }
}

impl Field {
    fn of(name: impl Into<String>, label: impl Into<String>, kind: FieldKind) -> Field {
        Field {
            name: name.into(),
            label: label.into(),
            kind,
            required: false,
            value: String::new(),
            help: None,
            error: None,
        }
    }
    /// A one-line text input.
    pub fn text(name: impl Into<String>, label: impl Into<String>) -> Field {
        Field::of(name, label, FieldKind::Text)
    }
    /// A multi-line text input with `rows` visible rows.
    pub fn textarea(name: impl Into<String>, label: impl Into<String>, rows: u32) -> Field {
        Field::of(name, label, FieldKind::Textarea(rows))
    }
    /// A number input (bounds with [`Field::min`], [`Field::max`], [`Field::step`]).
    pub fn number(name: impl Into<String>, label: impl Into<String>) -> Field {
        Field::of(
            name,
            label,
            FieldKind::Number(NumberOptions {
                min: None,
                max: None,
                step: None,
            }),
        )
    }
    /// A date input (`YYYY-MM-DD`).
    pub fn date(name: impl Into<String>, label: impl Into<String>) -> Field {
        Field::of(name, label, FieldKind::Date)
    }
    /// A select from `(value, label)` options.
    pub fn select<I, V, L>(name: impl Into<String>, label: impl Into<String>, options: I) -> Field
    where
        I: IntoIterator<Item = (V, L)>,
        V: Into<String>,
        L: Into<String>,
    {
        let choices = options
            .into_iter()
            .map(|(v, l)| Choice::new(v, l))
            .collect();
        Field::of(name, label, FieldKind::Select(choices))
    }
    /// A radio scale from `min` to `max` (e.g. 1–5).
    pub fn radio_scale(
        name: impl Into<String>,
        label: impl Into<String>,
        min: i32,
        max: i32,
    ) -> Field {
        Field::of(
            name,
            label,
            FieldKind::RadioScale(Scale {
                min,
                max,
                min_label: None,
                max_label: None,
            }),
        )
    }
    /// A checkbox (submitted as `on` when ticked).
    pub fn checkbox(name: impl Into<String>, label: impl Into<String>) -> Field {
        Field::of(name, label, FieldKind::Checkbox)
    }
    /// The name of a document (the contract carries the name, not the file).
    pub fn file_name(name: impl Into<String>, label: impl Into<String>) -> Field {
        Field::of(name, label, FieldKind::FileName)
    }
    /// A hidden field with a value.
    pub fn hidden(name: impl Into<String>, value: impl Into<String>) -> Field {
        Field::of(name, "", FieldKind::Hidden).value(value)
    }
    /// Marks the field required.
    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }
    /// The current value.
    pub fn value(mut self, value: impl Into<String>) -> Field {
        self.value = value.into();
        self
    }
    /// Help text below the field.
    pub fn help(mut self, help: impl Into<String>) -> Field {
        self.help = Some(help.into());
        self
    }
    /// A validation message next to the field.
    pub fn error(mut self, error: impl Into<String>) -> Field {
        self.error = Some(error.into());
        self
    }
    /// Lower bound of a number field (ignored for other kinds).
    pub fn min(mut self, min: f64) -> Field {
        if let FieldKind::Number(o) = &mut self.kind {
            o.min = Some(min);
        }
        self
    }
    /// Upper bound of a number field (ignored for other kinds).
    pub fn max(mut self, max: f64) -> Field {
        if let FieldKind::Number(o) = &mut self.kind {
            o.max = Some(max);
        }
        self
    }
    /// Step of a number field (ignored for other kinds).
    pub fn step(mut self, step: f64) -> Field {
        if let FieldKind::Number(o) = &mut self.kind {
            o.step = Some(step);
        }
        self
    }
    /// End labels of a radio scale (ignored for other kinds).
    pub fn scale_labels(
        mut self,
        min_label: impl Into<String>,
        max_label: impl Into<String>,
    ) -> Field {
        if let FieldKind::RadioScale(s) = &mut self.kind {
            s.min_label = Some(min_label.into());
            s.max_label = Some(max_label.into());
        }
        self
    }
}

impl Form {
    /// A POST form submitting to a path of this module. Like every module-relative
    /// link it resolves under the module root, not the current page: `baru` is
    /// `/m/<id>/baru`, and `./` (or `""`) is the module root itself. The kernel refuses
    /// actions outside the module.
    pub fn post(action: impl Into<String>) -> Form {
        Form {
            action: action.into(),
            method: FormMethod::Post,
            fields: Vec::new(),
            submit_label: "Simpan".into(),
        }
    }
    /// A GET form (search, filters).
    pub fn get(action: impl Into<String>) -> Form {
        Form {
            method: FormMethod::Get,
            submit_label: "Cari".into(),
            ..Form::post(action)
        }
    }
    /// Adds a field.
    pub fn field(mut self, field: Field) -> Form {
        self.fields.push(field);
        self
    }
    /// The submit button's label (default "Simpan", or "Cari" for GET forms).
    pub fn submit(mut self, label: impl Into<String>) -> Form {
        self.submit_label = label.into();
        self
    }
}

impl From<Form> for Block {
    fn from(f: Form) -> Block {
        Block::Form(f)
    }
}

impl Action {
    fn of(label: impl Into<String>, href: impl Into<String>, style: ButtonStyle) -> Action {
        Action {
            label: label.into(),
            href: href.into(),
            style,
        }
    }
    /// The main action of a page.
    pub fn primary(label: impl Into<String>, href: impl Into<String>) -> Action {
        Action::of(label, href, ButtonStyle::Primary)
    }
    /// A secondary action.
    pub fn secondary(label: impl Into<String>, href: impl Into<String>) -> Action {
        Action::of(label, href, ButtonStyle::Secondary)
    }
    /// A destructive action.
    pub fn danger(label: impl Into<String>, href: impl Into<String>) -> Action {
        Action::of(label, href, ButtonStyle::Danger)
    }
    /// A link-styled action.
    pub fn plain(label: impl Into<String>, href: impl Into<String>) -> Action {
        Action::of(label, href, ButtonStyle::Plain)
    }
}

impl EmptyState {
    /// An empty state without an action.
    pub fn new(title: impl Into<String>, message: impl Into<String>) -> EmptyState {
        EmptyState {
            title: title.into(),
            message: message.into(),
            action: None,
        }
    }
    /// The action that fills the emptiness.
    pub fn action(mut self, action: Action) -> EmptyState {
        self.action = Some(action);
        self
    }
}

impl From<EmptyState> for Block {
    fn from(e: EmptyState) -> Block {
        Block::Empty(e)
    }
}

/// All the text of a block list, for assertions in tests (labels, cells, values).
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut push = |s: &str| {
        if !s.is_empty() {
            out.push_str(s);
            out.push('\n');
        }
    };
    fn inline_text(i: &Inline) -> &str {
        match i {
            Inline::Text(s) | Inline::Strong(s) => s,
            Inline::Link(l) => &l.label,
            Inline::Badge(b) => &b.label,
        }
    }
    for b in blocks {
        match b {
            Block::Heading(h) => push(&h.text),
            Block::Text(s) | Block::Markdown(s) => push(s),
            Block::Paragraph(items) => items.iter().for_each(|i| push(inline_text(i))),
            Block::KeyValues(kvs) => kvs.iter().for_each(|kv| {
                push(&kv.key);
                kv.value.iter().for_each(|i| push(inline_text(i)));
            }),
            Block::Table(t) => {
                t.columns.iter().for_each(|c| push(c));
                for r in &t.rows {
                    for c in &r.cells {
                        match c {
                            Cell::Text(s) => push(s),
                            Cell::Number(n) => push(&n.to_string()),
                            Cell::Link(l) => push(&l.label),
                            Cell::Badge(b) => push(&b.label),
                        }
                    }
                }
                if t.rows.is_empty() {
                    push(t.empty_text.as_deref().unwrap_or(""));
                }
            }
            Block::Progress(p) => {
                push(&p.label);
                push(p.caption.as_deref().unwrap_or(""));
            }
            Block::Stats(stats) => stats.iter().for_each(|s| {
                push(&s.label);
                push(&s.value);
                push(s.caption.as_deref().unwrap_or(""));
            }),
            Block::Badges(badges) => badges.iter().for_each(|b| push(&b.label)),
            Block::Alert(a) => {
                push(a.title.as_deref().unwrap_or(""));
                push(&a.message);
            }
            Block::Stepper(steps) => steps.iter().for_each(|s| {
                push(&s.label);
                push(s.actor.as_deref().unwrap_or(""));
                push(s.note.as_deref().unwrap_or(""));
            }),
            Block::Chart(c) => push(&c.title),
            Block::Form(f) => {
                for field in &f.fields {
                    push(&field.label);
                    push(&field.value);
                    push(field.error.as_deref().unwrap_or(""));
                }
                push(&f.submit_label);
            }
            Block::Actions(actions) => actions.iter().for_each(|a| push(&a.label)),
            Block::Empty(e) => {
                push(&e.title);
                push(&e.message);
            }
            Block::Divider => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_fill_every_field() {
        let f = Field::number("jumlah", "Jumlah")
            .min(0.0)
            .max(10.0)
            .step(1.0)
            .required();
        assert!(f.required);
        assert_eq!(
            f.kind,
            FieldKind::Number(NumberOptions {
                min: Some(0.0),
                max: Some(10.0),
                step: Some(1.0)
            })
        );
        let t = Table::new(["A", "B"])
            .row(["x", "y"])
            .link_row("d/1", [Cell::number(2), Cell::text("z")]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].href.as_deref(), Some("d/1"));
        let c = Chart::line("Hadir", ["Sen", "Sel"])
            .series("menit", [1.0, f64::NAN])
            .unit("menit");
        assert_eq!(c.kind, ChartKind::Line);
        let form = Form::get("cari").field(Field::text("q", "Kata kunci"));
        assert_eq!(form.method, FormMethod::Get);
        assert_eq!(form.submit_label, "Cari");
    }

    #[test]
    fn plain_text_collects_labels() {
        let blocks = vec![
            Block::heading("Judul"),
            Block::key_values([("NIP", "1987")]),
            Block::from(Alert::warning("Awas").title("Perhatian")),
        ];
        let text = plain_text(&blocks);
        assert!(text.contains("Judul") && text.contains("1987") && text.contains("Perhatian"));
    }
}
