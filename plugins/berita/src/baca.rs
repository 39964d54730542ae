//! Readers' pages: the list (`/`, pinned first, `?kategori=`, cursor pagination with
//! `?lanjut=`), a post (`/p/{id}`), and the list as JSON for the mobile app.

use eoffice_sdk::prelude::*;
use eoffice_sdk::ui::{Action, Inline};
use serde_json::json;

use crate::PENGELOLA;
use crate::data::{self, PER_HALAMAN, Sekarang};
use crate::pos::{Kategori, Pos, ringkasan, tanggal_panjang};

/// Percent-encodes a query value (cursors are URL-safe already; this keeps them so).
pub fn enc(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One page of the readers' list.
struct Daftar {
    kategori: Option<Kategori>,
    pos: Vec<Pos>,
    lanjut: Option<String>,
    halaman_pertama: bool,
}

fn daftar(ctx: &Context, req: &Request, now: &Sekarang) -> Result<Daftar> {
    let kategori = req.query_param("kategori").and_then(Kategori::dari_kode);
    let lanjut = req.query_param("lanjut").filter(|c| !c.is_empty());
    // Pinned announcements whose scheduled date has come notify now.
    data::susulan(ctx, now)?;
    let mut pos = Vec::new();
    if lanjut.is_none() {
        pos = data::disematkan(kategori, &now.hari_ini, 20)?
            .into_iter()
            .map(|s| s.value)
            .collect();
    }
    let page = data::tidak_disematkan(kategori, &now.hari_ini, PER_HALAMAN, lanjut)?;
    pos.extend(page.items.into_iter().map(|s| s.value));
    Ok(Daftar {
        kategori,
        pos,
        lanjut: page.next_cursor,
        halaman_pertama: lanjut.is_none(),
    })
}

/// `GET /`: the list page (or JSON for the API).
pub fn daftar_halaman(ctx: &Context, req: &Request) -> Result<Response> {
    let now = data::sekarang();
    let d = daftar(ctx, req, &now)?;
    let kat_q = d
        .kategori
        .map(|k| format!("&kategori={}", k.kode()))
        .unwrap_or_default();
    if req.is_json() {
        let items: Vec<_> = d
            .pos
            .iter()
            .map(|p| {
                json!({
                    "id": p.id,
                    "judul": p.judul,
                    "kategori": p.kategori.kode(),
                    "kategori_label": p.kategori.label(),
                    "tanggal_terbit": p.tanggal_terbit,
                    "disematkan": p.disematkan,
                    "penulis": p.penulis_nama,
                    "ringkasan": ringkasan(&p.isi, 200),
                    "tautan": ctx.path(&format!("p/{}", p.id)),
                })
            })
            .collect();
        return Ok(Response::json(&json!({ "pos": items, "lanjut": d.lanjut })));
    }
    let mut blocks = Vec::new();
    let mut filter = vec![if d.kategori.is_none() {
        Action::primary("Semua", "./")
    } else {
        Action::secondary("Semua", "./")
    }];
    for k in Kategori::SEMUA {
        let href = format!("?kategori={}", k.kode());
        filter.push(if d.kategori == Some(k) {
            Action::primary(k.label(), href)
        } else {
            Action::secondary(k.label(), href)
        });
    }
    blocks.push(Block::actions(filter));
    if d.pos.is_empty() {
        let mut empty = EmptyState::new(
            if d.halaman_pertama {
                "Belum ada berita"
            } else {
                "Tidak ada berita lagi"
            },
            match d.kategori {
                Some(k) => format!(
                    "Belum ada {} yang terbit. Lihat kategori lain atau kembali lagi nanti.",
                    k.label().to_lowercase()
                ),
                None => "Berita dan pengumuman kepegawaian akan tampil di sini begitu \
                         diterbitkan."
                    .into(),
            },
        );
        if ctx.has_role(PENGELOLA) {
            empty = empty.action(Action::primary("Tulis berita", "kelola/baru"));
        }
        blocks.push(empty.into());
    }
    for p in &d.pos {
        let mut title = vec![
            Inline::link(p.judul.clone(), format!("p/{}", p.id)),
            Inline::text(" "),
            Inline::badge(p.kategori.label(), Tone::Info),
        ];
        if p.disematkan {
            title.push(Inline::text(" "));
            title.push(Inline::badge("Disematkan", Tone::Warning));
        }
        blocks.push(Block::paragraph(title));
        blocks.push(Block::text(format!(
            "{} · {}",
            tanggal_panjang(&p.tanggal_terbit),
            ringkasan(&p.isi, 200)
        )));
    }
    let mut nav = Vec::new();
    if !d.halaman_pertama {
        nav.push(Action::secondary(
            "« Terbaru",
            d.kategori
                .map(|k| format!("?kategori={}", k.kode()))
                .unwrap_or_else(|| "./".into()),
        ));
    }
    if let Some(c) = &d.lanjut {
        nav.push(Action::secondary(
            "Berikutnya ›",
            format!("?lanjut={}{kat_q}", enc(c)),
        ));
    }
    if !nav.is_empty() {
        blocks.push(Block::actions(nav));
    }
    Ok(Response::page("Info Terbaru", blocks))
}

/// `GET /p/{id}`: a post; scheduled posts only for editors.
pub fn pos(ctx: &Context, req: &Request, id: &str) -> Result<Response> {
    let now = data::sekarang();
    let editor = ctx.has_role(PENGELOLA);
    let Some(stored) = data::POS.get(id)? else {
        return Ok(Response::not_found());
    };
    let p = stored.value;
    let terbit = p.sudah_terbit(&now.hari_ini);
    if !terbit && !editor {
        return Ok(Response::not_found());
    }
    if req.is_json() {
        return Ok(Response::json(&json!({
            "id": p.id,
            "judul": p.judul,
            "isi_markdown": p.isi,
            "kategori": p.kategori.kode(),
            "kategori_label": p.kategori.label(),
            "tanggal_terbit": p.tanggal_terbit,
            "disematkan": p.disematkan,
            "penulis": p.penulis_nama,
        })));
    }
    let mut badges = vec![Badge::new(p.kategori.label(), Tone::Info)];
    if p.disematkan {
        badges.push(Badge::new("Disematkan", Tone::Warning));
    }
    if !terbit {
        badges.push(Badge::new(
            format!("Terjadwal {}", tanggal_panjang(&p.tanggal_terbit)),
            Tone::Neutral,
        ));
    }
    let mut actions = vec![Action::plain("« Kembali ke Info Terbaru", "./")];
    if editor {
        actions.push(Action::secondary("Ubah", format!("kelola/{}", p.id)));
    }
    Ok(Response::page(
        p.judul.clone(),
        vec![
            Block::badges(badges),
            Block::text(format!(
                "Terbit {} · {}",
                tanggal_panjang(&p.tanggal_terbit),
                p.penulis_nama
            )),
            Block::markdown(p.isi.clone()),
            Block::divider(),
            Block::actions(actions),
        ],
    ))
}
