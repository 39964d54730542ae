//! `directory`: read access to the employee database (employees, supervisors, direct
//! reports, responsible Anpeg, units and name search).

use super::unavailable;
use crate::db::directory::{self as dir, Entry};
use crate::plugins::bindings::CapabilityError;
use crate::plugins::bindings::eoffice::portal::directory::{Employee, Host, Unit};
use crate::plugins::runtime::HostState;

/// Largest `unit-members` page.
const MAX_MEMBERS: u32 = 500;
/// Largest `search` result.
const MAX_SEARCH: u32 = 50;

fn employee(e: Entry) -> Employee {
    Employee {
        name: e.full_name(),
        nip: e.nip,
        unit_code: e.unit_kode,
        unit_name: e.unit_nama,
        position: e.jabatan,
        position_type: e.jenis_jabatan,
        rank: e.golongan,
        status: e.status_kepegawaian,
        email: e.email,
    }
}

impl Host for HostState {
    async fn get(&mut self, nip: String) -> Result<Employee, CapabilityError> {
        self.require("directory", "directory.get").await?;
        dir::get(&self.state.db, &nip)
            .await
            .map_err(unavailable)?
            .map(employee)
            .ok_or(CapabilityError::NotFound)
    }

    async fn supervisor(&mut self, nip: String) -> Result<Option<Employee>, CapabilityError> {
        self.require("directory", "directory.supervisor").await?;
        match dir::supervisor_nip(&self.state.db, &nip)
            .await
            .map_err(unavailable)?
        {
            None => Err(CapabilityError::NotFound),
            Some(None) => Ok(None),
            Some(Some(boss)) => Ok(dir::get(&self.state.db, &boss)
                .await
                .map_err(unavailable)?
                .map(employee)),
        }
    }

    async fn direct_reports(&mut self, nip: String) -> Result<Vec<Employee>, CapabilityError> {
        self.require("directory", "directory.direct-reports")
            .await?;
        if dir::unit_of(&self.state.db, &nip)
            .await
            .map_err(unavailable)?
            .is_none()
        {
            return Err(CapabilityError::NotFound);
        }
        Ok(dir::direct_reports(&self.state.db, &nip)
            .await
            .map_err(unavailable)?
            .into_iter()
            .map(employee)
            .collect())
    }

    async fn anpeg(&mut self, nip: String) -> Result<Vec<Employee>, CapabilityError> {
        self.require("directory", "directory.anpeg").await?;
        let unit = dir::unit_of(&self.state.db, &nip)
            .await
            .map_err(unavailable)?
            .ok_or(CapabilityError::NotFound)?;
        let facts = self
            .state
            .org_cache
            .get(&self.state.db, &unit)
            .await
            .map_err(unavailable)?;
        let nips: Vec<String> = facts.1.iter().map(|a| a.nip.clone()).collect();
        Ok(dir::many(&self.state.db, &nips)
            .await
            .map_err(unavailable)?
            .into_iter()
            .map(employee)
            .collect())
    }

    async fn get_unit(&mut self, code: String) -> Result<Unit, CapabilityError> {
        self.require("directory", "directory.get-unit").await?;
        crate::db::units::get(&self.state.db, &code)
            .await
            .map_err(unavailable)?
            .map(|u| Unit {
                code: u.kode,
                name: u.nama,
                parent: u.induk_kode,
            })
            .ok_or(CapabilityError::NotFound)
    }

    async fn unit_members(
        &mut self,
        code: String,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<Employee>, CapabilityError> {
        self.require("directory", "directory.unit-members").await?;
        if limit > MAX_MEMBERS || offset > 1_000_000 {
            return Err(CapabilityError::Invalid(format!(
                "limit paling banyak {MAX_MEMBERS}"
            )));
        }
        Ok(
            dir::unit_members(&self.state.db, &code, offset.into(), limit.into())
                .await
                .map_err(unavailable)?
                .into_iter()
                .map(employee)
                .collect(),
        )
    }

    async fn search(
        &mut self,
        query: String,
        limit: u32,
    ) -> Result<Vec<Employee>, CapabilityError> {
        self.require("directory", "directory.search").await?;
        if limit > MAX_SEARCH {
            return Err(CapabilityError::Invalid(format!(
                "limit paling banyak {MAX_SEARCH}"
            )));
        }
        if query.len() > 200 {
            return Err(CapabilityError::Invalid("kueri terlalu panjang".into()));
        }
        let mut nips = Vec::new();
        let mut page = 1;
        while nips.len() < limit as usize {
            let found = crate::db::search::search(&self.state.db, &query, page)
                .await
                .map_err(unavailable)?;
            nips.extend(found.hits.into_iter().map(|h| h.nip));
            if !found.has_next {
                break;
            }
            page += 1;
        }
        nips.truncate(limit as usize);
        Ok(dir::many(&self.state.db, &nips)
            .await
            .map_err(unavailable)?
            .into_iter()
            .map(employee)
            .collect())
    }
}
