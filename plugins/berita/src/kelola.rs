//! Editors' pages (role `pengelola-berita`, checked on every path): the list with
//! scheduled posts, the create and edit forms, and create / update / delete with
//! validation messages, kept values and optimistic concurrency.

use eoffice_sdk::ResponseBody;
use eoffice_sdk::prelude::*;
use eoffice_sdk::storage::Stored;
use eoffice_sdk::ui::{self, Action};

use crate::PENGELOLA;
use crate::baca::enc;
use crate::data::{self, POS, Sekarang};
use crate::formulir::{self, Masukan, Nilai};
use crate::pos::{Pos, tanggal_panjang, waktu_teks};

/// The conflict message shown when someone else saved the post in between.
pub const PESAN_KONFLIK: &str = "Berita telah diubah oleh pengguna lain";

/// Routes `/kelola…`; 403 unless the caller holds `pengelola-berita`.
pub fn route(ctx: &Context, req: &Request, rest: &[&str]) -> Result<Response> {
    if !ctx.has_role(PENGELOLA) {
        return Ok(Response::forbidden(
            "Halaman ini hanya untuk Pengelola Berita. Minta admin portal memberi Anda peran \
             Pengelola Berita bila Anda bertugas mengelola Info Terbaru.",
        ));
    }
    match (req.method, rest) {
        (Method::Get, []) => daftar(req),
        (Method::Get, ["baru"]) => {
            let now = data::sekarang();
            let nilai = Nilai {
                kategori: "berita".into(),
                tanggal_terbit: now.hari_ini,
                ..Nilai::default()
            };
            Ok(form_page(
                "Tulis Berita",
                formulir::definisi("kelola/baru", &nilai, "Terbitkan"),
                None,
                200,
            ))
        }
        (Method::Post, ["baru"]) => buat(ctx, req),
        (Method::Get, [id]) => ubah_form(id),
        (Method::Post, [id]) => ubah(ctx, req, id),
        (Method::Post, [id, "hapus"]) => hapus(req, id),
        _ => Ok(Response::not_found()),
    }
}

fn form_page(title: &str, form: ui::Form, alert: Option<Alert>, status: u16) -> Response {
    let mut blocks = Vec::new();
    if let Some(a) = alert {
        blocks.push(a.into());
    }
    blocks.push(form.into());
    blocks.push(Block::actions([Action::plain("« Daftar berita", "kelola")]));
    Response::page(title, blocks).with_status(status)
}

/// `GET /kelola`: every post, scheduled ones included.
fn daftar(req: &Request) -> Result<Response> {
    let now = data::sekarang();
    let lanjut = req.query_param("lanjut").filter(|c| !c.is_empty());
    let page = data::semua(20, lanjut)?;
    let mut blocks = vec![Block::actions([Action::primary(
        "Tulis berita",
        "kelola/baru",
    )])];
    let mut table = Table::new(["Judul", "Kategori", "Tanggal terbit", "Status", "Diubah"])
        .empty_text("Belum ada berita. Mulai dengan \"Tulis berita\".");
    for s in &page.items {
        let p = &s.value;
        let status = if !p.sudah_terbit(&now.hari_ini) {
            Cell::badge("Terjadwal", Tone::Neutral)
        } else if p.disematkan {
            Cell::badge("Terbit · disematkan", Tone::Warning)
        } else {
            Cell::badge("Terbit", Tone::Success)
        };
        table = table.link_row(
            format!("kelola/{}", p.id),
            [
                Cell::link(p.judul.clone(), format!("kelola/{}", p.id)),
                Cell::text(p.kategori.label()),
                Cell::text(tanggal_panjang(&p.tanggal_terbit)),
                status,
                Cell::text(p.diubah_teks(now.offset)),
            ],
        );
    }
    blocks.push(table.into());
    let mut nav = Vec::new();
    if lanjut.is_some() {
        nav.push(Action::secondary("« Terbaru", "kelola"));
    }
    if let Some(c) = page.next_cursor {
        nav.push(Action::secondary(
            "Berikutnya ›",
            format!("kelola?lanjut={}", enc(&c)),
        ));
    }
    if !nav.is_empty() {
        blocks.push(Block::actions(nav));
    }
    Ok(Response::page("Kelola Berita", blocks))
}

fn terapkan(p: &mut Pos, m: Masukan, now: &Sekarang) {
    p.judul = m.judul;
    p.isi = m.isi;
    p.kategori = m.kategori;
    p.tanggal_terbit = m.tanggal_terbit;
    p.disematkan = m.disematkan;
    p.diubah_ms = now.unix_ms;
}

/// After a save: the notification of a pinned announcement (once per post).
fn setelah_simpan(ctx: &Context, stored: &Stored<Pos>, now: &Sekarang) -> Result<()> {
    data::beritahukan(ctx, stored, now).map(|_| ())
}

/// `POST /kelola/baru`.
fn buat(ctx: &Context, req: &Request) -> Result<Response> {
    let user = ctx.require_user()?;
    let now = data::sekarang();
    let mut form = Form::new(req);
    let def = formulir::definisi("kelola/baru", &Nilai::default(), "Terbitkan");
    let m = match formulir::baca(&mut form, def) {
        Ok(m) => m,
        Err(shown) => {
            return Ok(form_page(
                "Tulis Berita",
                shown,
                Some(Alert::danger(form.summary())),
                422,
            ));
        }
    };
    let mut p = Pos {
        id: String::new(),
        judul: String::new(),
        isi: String::new(),
        kategori: m.kategori,
        tanggal_terbit: String::new(),
        disematkan: false,
        penulis_nip: user.nip.clone(),
        penulis_nama: user.name.clone(),
        dibuat_ms: now.unix_ms,
        diubah_ms: now.unix_ms,
        pengubah_nama: user.name.clone(),
        diberitahukan_ms: None,
        terbit: String::new(),
        kategori_terbit: String::new(),
        urutan: String::new(),
        kategori_urutan: String::new(),
        pemberitahuan: None,
    };
    terapkan(&mut p, m, &now);
    let stored = data::simpan_baru(p, now.unix_ms)?;
    setelah_simpan(ctx, &stored, &now)?;
    Ok(Response::redirect(format!("p/{}", stored.key)))
}

/// `GET /kelola/{id}`: the edit form and the delete button.
fn ubah_form(id: &str) -> Result<Response> {
    let Some(s) = POS.get(id)? else {
        return Ok(Response::not_found());
    };
    Ok(edit_page(
        &s,
        formulir::definisi(
            &format!("kelola/{id}"),
            &Nilai::dari_pos(&s.value, s.version),
            "Simpan perubahan",
        ),
        None,
        200,
    ))
}

fn edit_page(s: &Stored<Pos>, form: ui::Form, alert: Option<Alert>, status: u16) -> Response {
    let id = &s.key;
    let mut resp = form_page("Ubah Berita", form, alert, status);
    if let ResponseBody::Page(page) = &mut resp.body {
        page.blocks.insert(
            0,
            Block::actions([Action::plain("Lihat berita", format!("p/{id}"))]),
        );
        page.blocks.push(Block::divider());
        page.blocks.push(
            ui::Form::post(format!("kelola/{id}/hapus"))
                .field(ui::Field::hidden("versi", s.version.to_string()))
                .submit("Hapus berita")
                .into(),
        );
    }
    resp
}

/// The alert of a version conflict, naming who saved last and when.
fn konflik(current: &Stored<Pos>, offset: i32) -> Alert {
    Alert::warning(format!(
        "{PESAN_KONFLIK} ({}, {}). Isian Anda tetap di bawah: periksa versi terbaru di \
         halaman berita, lalu simpan lagi untuk menimpanya.",
        if current.value.pengubah_nama.is_empty() {
            &current.value.penulis_nama
        } else {
            &current.value.pengubah_nama
        },
        waktu_teks(current.value.diubah_ms, offset)
    ))
    .title("Terjadi perubahan bersamaan")
}

/// `POST /kelola/{id}`: saves an edit if the stored version is still the one edited.
fn ubah(ctx: &Context, req: &Request, id: &str) -> Result<Response> {
    let user = ctx.require_user()?;
    let now = data::sekarang();
    let Some(current) = POS.get(id)? else {
        return Ok(Response::not_found());
    };
    let mut form = Form::new(req);
    let action = format!("kelola/{id}");
    let submitted_versi = form.text("versi");
    let def = formulir::definisi(
        &action,
        &Nilai {
            versi: submitted_versi,
            ..Nilai::default()
        },
        "Simpan perubahan",
    );
    let m = match formulir::baca(&mut form, def) {
        Ok(m) => m,
        Err(shown) => {
            return Ok(edit_page(
                &current,
                shown,
                Some(Alert::danger(form.summary())),
                422,
            ));
        }
    };
    // A stale version keeps what was typed and offers the fresh version for a deliberate
    // overwrite.
    let resubmit = |current: &Stored<Pos>| {
        let def = formulir::definisi(
            &action,
            &Nilai {
                versi: current.version.to_string(),
                ..Nilai::default()
            },
            "Simpan perubahan",
        );
        edit_page(
            current,
            formulir::isi_ulang(&form, def),
            Some(konflik(current, now.offset)),
            409,
        )
    };
    let Some(versi) = m.versi else {
        return Ok(resubmit(&current));
    };
    if versi != current.version {
        return Ok(resubmit(&current));
    }
    let mut p = current.value.clone();
    terapkan(&mut p, m, &now);
    p.pengubah_nama = user.name.clone();
    p.perbarui_indeks();
    match POS.put(id, &p, Expect::Version(versi)) {
        Ok(version) => {
            let stored = Stored {
                key: id.to_string(),
                version,
                value: p,
            };
            setelah_simpan(ctx, &stored, &now)?;
            Ok(Response::redirect(format!("p/{id}")))
        }
        Err(Error::Conflict(_)) => match POS.get(id)? {
            Some(fresh) => Ok(resubmit(&fresh)),
            None => Ok(Response::not_found()),
        },
        Err(e) => Err(e),
    }
}

/// `POST /kelola/{id}/hapus`: deletes the version shown.
fn hapus(req: &Request, id: &str) -> Result<Response> {
    let versi: Option<u64> = req.form_value("versi").and_then(|v| v.trim().parse().ok());
    let Some(versi) = versi else {
        return Ok(Response::bad_request("Versi berita tidak terbaca."));
    };
    match POS.delete(id, Expect::Version(versi)) {
        Ok(true) => Ok(Response::redirect("kelola")),
        Ok(false) => Ok(Response::not_found()),
        Err(Error::Conflict(0)) => Ok(Response::not_found()),
        Err(Error::Conflict(_)) => Ok(Response::error_page(
            409,
            "Berita tidak dihapus",
            format!(
                "{PESAN_KONFLIK} sejak halaman ini dibuka. Buka lagi halaman ubah berita, \
                 periksa isinya, lalu hapus bila memang perlu."
            ),
        )),
        Err(e) => Err(e),
    }
}
