//! Contoh: the template of a portal module. It shows a card on the dashboard and a page
//! where an employee keeps short notes (a form, validation, typed storage).
//!
//! Copy this folder to start a module: see `docs/plugin-authors.md`.

use eoffice_sdk::prelude::*;
use eoffice_sdk::{clock, ui};
use serde::{Deserialize, Serialize};

/// The module.
pub struct Contoh;

/// A note, stored in the `catatan` collection under `<unix-ms>-<nip>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catatan {
    /// Owner (indexed as `pemilik`).
    pub nip: String,
    /// Title.
    pub judul: String,
    /// Due date, `YYYY-MM-DD`, if any.
    pub tanggal: Option<String>,
    /// When it was written (local time, `YYYY-MM-DD HH:MM`).
    pub dibuat: String,
}

/// The notes collection (declared in the manifest with its index).
pub const CATATAN: Collection<Catatan> = Collection::new("catatan");

impl Plugin for Contoh {
    fn describe() -> Manifest {
        manifest!("contoh", "Contoh")
            .description("Modul contoh: catatan singkat pegawai")
            .menu(MenuGroup::Bantuan, "Catatan saya", "/")
            .capability("storage")
            .collection("catatan", &[("pemilik", "nip")])
    }

    fn dashboard(ctx: &Context) -> Result<Vec<Card>> {
        let Some(nip) = ctx.nip() else {
            return Ok(Vec::new());
        };
        let mine = CATATAN
            .by("pemilik")
            .equals(nip)
            .limit(5)
            .descending()
            .fetch()?;
        let card = Card::new("Catatan saya");
        Ok(vec![if mine.items.is_empty() {
            card.block(
                EmptyState::new("Belum ada catatan", "Tulis catatan pertama Anda.")
                    .action(Action::primary("Tulis catatan", "./")),
            )
        } else {
            card.block(list(&mine.items))
                .block(Block::actions([Action::secondary("Semua catatan", "./")]))
        }])
    }

    fn handle(ctx: &Context, req: &Request) -> Result<Response> {
        let user = ctx.require_user()?;
        match (req.method, req.segments().as_slice()) {
            (Method::Get, []) => Ok(page(&user.nip, None)?),
            (Method::Post, []) => {
                let mut form = Form::new(req);
                let judul = form.required_max("judul", "Judul", 100);
                let tanggal = form.date("tanggal", "Tanggal");
                if !form.is_valid() {
                    return Ok(page(&user.nip, Some(&form))?.with_status(422));
                }
                let now = clock::now();
                let key = format!("{}-{}", now.unix_ms, user.nip);
                let note = Catatan {
                    nip: user.nip.clone(),
                    judul,
                    tanggal: tanggal.map(|d| d.to_string()),
                    dibuat: clock::local_now().to_string(),
                };
                CATATAN.insert(&key, &note)?;
                eoffice_sdk::info!("catatan {key} disimpan");
                Ok(Response::redirect("./"))
            }
            (Method::Get, ["catatan", key]) => {
                let Some(note) = CATATAN.get(key)?.filter(|n| n.value.nip == user.nip) else {
                    return Ok(Response::not_found());
                };
                let n = note.value;
                Ok(Response::page(
                    n.judul.clone(),
                    vec![
                        Block::key_values([
                            ("Judul", n.judul),
                            ("Tanggal", n.tanggal.unwrap_or_else(|| "-".into())),
                            ("Dibuat", n.dibuat),
                        ]),
                        Block::actions([Action::secondary("Kembali", "./")]),
                    ],
                ))
            }
            _ => Ok(Response::not_found()),
        }
    }
}

eoffice_sdk::register_plugin!(Contoh);

/// The note form; `filled` re-displays a submitted form with its errors.
fn note_form(filled: Option<&Form>) -> ui::Form {
    let form = ui::Form::post("./")
        .field(
            Field::text("judul", "Judul")
                .required()
                .help("Paling banyak 100 karakter"),
        )
        .field(Field::date("tanggal", "Tanggal"))
        .submit("Simpan catatan");
    match filled {
        Some(f) => f.fill(form),
        None => form,
    }
}

fn list(items: &[Stored<Catatan>]) -> Block {
    items
        .iter()
        .fold(Table::new(["Judul", "Tanggal"]), |t, n| {
            t.link_row(
                format!("catatan/{}", n.key),
                [
                    Cell::text(&n.value.judul),
                    Cell::text(n.value.tanggal.as_deref().unwrap_or("-")),
                ],
            )
        })
        .empty_text("Belum ada catatan")
        .into()
}

fn page(nip: &str, filled: Option<&Form>) -> Result<Response> {
    let mine = CATATAN
        .by("pemilik")
        .equals(nip)
        .descending()
        .limit(50)
        .fetch()?;
    let mut blocks = Vec::new();
    if let Some(f) = filled {
        blocks.push(Alert::danger(f.summary()).into());
    }
    blocks.push(Block::heading("Catatan baru"));
    blocks.push(note_form(filled).into());
    blocks.push(Block::heading("Catatan saya"));
    blocks.push(list(&mine.items));
    Ok(Response::page("Catatan saya", blocks))
}

#[cfg(test)]
mod tests {
    use super::*;
    use eoffice_sdk::testing::TestHost;

    const NIP: &str = "198701012010011001";

    #[test]
    fn empty_dashboard_invites_a_first_note() {
        let mut host = TestHost::new::<Contoh>();
        let cards = host.dashboard().unwrap();
        assert_eq!(cards.len(), 1);
        assert!(ui::plain_text(&cards[0].blocks).contains("Belum ada catatan"));
    }

    #[test]
    fn a_valid_note_is_stored_and_listed() {
        let mut host = TestHost::new::<Contoh>();
        host.as_user(NIP, &[]).set_local_time("2026-01-05", "07:45");
        let r = host.post_form("/", &[("judul", "Rapat"), ("tanggal", "2026-01-06")]);
        assert_eq!(r.redirect_target(), Some("./"));
        let docs = host.documents("catatan");
        assert_eq!(docs.len(), 1);
        assert!(docs[0].data.contains("2026-01-05 07:45"));
        assert!(host.get("/").text().contains("Rapat"));
        assert!(
            host.get(&format!("/catatan/{}", docs[0].key))
                .text()
                .contains("2026-01-06")
        );
        assert!(ui::plain_text(&host.dashboard().unwrap()[0].blocks).contains("Rapat"));
    }

    #[test]
    fn an_invalid_note_is_shown_again_with_errors() {
        let mut host = TestHost::new::<Contoh>();
        let r = host.post_form("/", &[("judul", ""), ("tanggal", "6/1/2026")]);
        assert_eq!(r.status, 422);
        let text = r.text();
        assert!(
            text.contains("wajib diisi")
                && text.contains("TTTT-BB-HH")
                && text.contains("6/1/2026")
        );
        assert!(host.documents("catatan").is_empty());
    }

    #[test]
    fn notes_are_private() {
        let mut host = TestHost::new::<Contoh>();
        host.post_form("/", &[("judul", "Rahasia")]);
        let key = host.documents("catatan")[0].key.clone();
        host.as_user("199001012015011002", &[]);
        assert_eq!(host.get(&format!("/catatan/{key}")).status, 404);
        assert!(!host.get("/").text().contains("Rahasia"));
    }

    #[test]
    fn without_storage_the_page_says_access_denied() {
        let mut host = TestHost::new::<Contoh>();
        host.revoke("storage");
        assert_eq!(host.get("/").status, 403);
        assert!(matches!(host.dashboard(), Err(Error::Denied(_))));
    }
}
