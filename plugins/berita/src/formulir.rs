//! The editor's form: its definition, validation of a submission into a [`Masukan`], and
//! re-display with what was typed and the messages (nothing a user typed is lost).

use eoffice_sdk::Form;
use eoffice_sdk::ui::{self, Field};

use crate::pos::{Kategori, MAKS_ISI, MAKS_JUDUL, Pos, tanggal_valid};

/// Validated fields of a submission.
#[derive(Debug, Clone, PartialEq)]
pub struct Masukan {
    /// Title.
    pub judul: String,
    /// Markdown body.
    pub isi: String,
    /// Category.
    pub kategori: Kategori,
    /// `YYYY-MM-DD`.
    pub tanggal_terbit: String,
    /// Pinned.
    pub disematkan: bool,
    /// The version the editor started from (edits only).
    pub versi: Option<u64>,
}

/// Initial values of the form.
#[derive(Debug, Clone, Default)]
pub struct Nilai {
    /// Title.
    pub judul: String,
    /// Body.
    pub isi: String,
    /// Category code.
    pub kategori: String,
    /// Date.
    pub tanggal_terbit: String,
    /// Pinned.
    pub disematkan: bool,
    /// Version (hidden field), empty for a new post.
    pub versi: String,
}

impl Nilai {
    /// The values of a stored post at `versi`.
    pub fn dari_pos(p: &Pos, versi: u64) -> Nilai {
        Nilai {
            judul: p.judul.clone(),
            isi: p.isi.clone(),
            kategori: p.kategori.kode().into(),
            tanggal_terbit: p.tanggal_terbit.clone(),
            disematkan: p.disematkan,
            versi: versi.to_string(),
        }
    }
}

/// The form definition posting to `action`.
pub fn definisi(action: &str, nilai: &Nilai, submit: &str) -> ui::Form {
    ui::Form::post(action)
        .field(
            Field::text("judul", "Judul")
                .required()
                .value(nilai.judul.clone())
                .help(format!("Paling banyak {MAKS_JUDUL} karakter.")),
        )
        .field(
            Field::textarea("isi", "Isi", 16)
                .required()
                .value(nilai.isi.clone())
                .help("Markdown: **tebal**, _miring_, daftar dengan -, tautan [teks](https://…)."),
        )
        .field(
            Field::select(
                "kategori",
                "Kategori",
                Kategori::SEMUA.map(|k| (k.kode(), k.label())),
            )
            .required()
            .value(nilai.kategori.clone()),
        )
        .field(
            Field::date("tanggal_terbit", "Tanggal terbit")
                .required()
                .value(nilai.tanggal_terbit.clone())
                .help("Tanggal di masa depan = terjadwal; pembaca melihatnya mulai tanggal itu."),
        )
        .field(
            Field::checkbox("disematkan", "Sematkan di atas daftar")
                .value(if nilai.disematkan { "on" } else { "" })
                .help("Pengumuman yang disematkan dikirim sebagai notifikasi ke semua pegawai."),
        )
        .field(Field::hidden("versi", nilai.versi.clone()))
        .submit(submit)
}

/// Validates a submission; on error the form (with what was typed and the messages) is
/// returned for re-display.
pub fn baca(form: &mut Form, definisi: ui::Form) -> Result<Masukan, ui::Form> {
    let judul = form.required_max("judul", "Judul", MAKS_JUDUL);
    let isi = form.required_max("isi", "Isi", MAKS_ISI);
    let kategori_kode = form.required("kategori", "Kategori");
    let kategori = Kategori::dari_kode(&kategori_kode);
    if !kategori_kode.is_empty() && kategori.is_none() {
        form.error("kategori", "Kategori", eoffice_sdk::MSG_CHOICE);
    }
    let tanggal = form.required("tanggal_terbit", "Tanggal terbit");
    if !tanggal.is_empty() && !tanggal_valid(&tanggal) {
        form.error("tanggal_terbit", "Tanggal terbit", eoffice_sdk::MSG_DATE);
    }
    let disematkan = form.checkbox("disematkan");
    let versi = form.optional("versi").and_then(|v| v.parse().ok());
    match kategori {
        Some(kategori) if form.is_valid() => Ok(Masukan {
            judul,
            isi,
            kategori,
            tanggal_terbit: tanggal,
            disematkan,
            versi,
        }),
        _ => Err(isi_ulang(form, definisi)),
    }
}

/// The definition filled with the submitted values and errors; the checkbox follows the
/// submission too (an unticked box is not submitted at all).
pub fn isi_ulang(form: &Form, definisi: ui::Form) -> ui::Form {
    let mut f = form.fill(definisi);
    for field in &mut f.fields {
        if field.kind == ui::FieldKind::Checkbox {
            field.value = if form.checkbox(&field.name) {
                "on".into()
            } else {
                String::new()
            };
        }
    }
    f
}
