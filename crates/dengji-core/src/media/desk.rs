//! A medium's life at the desk: its location, transport out and back (DA/T 75-2019 §7:
//! counted when shipped, reconciled on arrival), and retirement. Each is a ledger entry.

use chrono::{DateTime, Utc};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use serde::Serialize;

use super::{store, Medium};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ids::ShipmentId;
use crate::ledger;
use crate::stamp::Stamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub enum RetireReason {
    Lost,
    Destroyed,
    Failed,
    Migrated,
}

impl RetireReason {
    pub const ALL: [RetireReason; 4] = [RetireReason::Lost, RetireReason::Destroyed, RetireReason::Failed, RetireReason::Migrated];

    pub fn as_str(self) -> &'static str {
        match self {
            RetireReason::Lost => "lost",
            RetireReason::Destroyed => "destroyed",
            RetireReason::Failed => "failed",
            RetireReason::Migrated => "migrated",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            RetireReason::Lost => "丢失",
            RetireReason::Destroyed => "销毁",
            RetireReason::Failed => "损坏",
            RetireReason::Migrated => "已迁移",
        }
    }
}

impl fmt::Display for RetireReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RetireReason {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        RetireReason::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s) || r.label_zh() == s)
            .ok_or_else(|| Error::BadRetireReason(s.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub struct Retirement {
    pub at: DateTime<Utc>,
    pub reason: RetireReason,
    pub note: Option<String>,
}

/// The shipment a medium left with and has not come back from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub struct Outing {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub shipment: ShipmentId,
    pub destination: String,
    pub reference: Option<String>,
    pub since: DateTime<Utc>,
}

/// How a clerk names a medium: by its label, or by where it is mounted (then its identity
/// file says which it is, so a relabelled or swapped drive cannot pass for another).
#[derive(Debug, Clone, Copy)]
pub enum MediumKey<'a> {
    Label(&'a str),
    Path(&'a Path),
}

/// A transport of media and how much of it has come back.
#[derive(Debug, Clone, Serialize)]
pub struct Shipment {
    pub id: ShipmentId,
    pub destination: String,
    pub reference: Option<String>,
    pub shipped_at: DateTime<Utc>,
    pub shipped_by: String,
    /// Labels of every medium shipped.
    pub media: Vec<String>,
    pub returned: Vec<String>,
    /// Shipped and not yet back.
    pub outstanding: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckinReport {
    /// The media recorded as back now.
    pub returned: Vec<String>,
    /// Each shipment they came from, reconciled.
    pub shipments: Vec<Shipment>,
}

fn clean(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

impl Archive {
    pub fn find_medium(&self, key: MediumKey<'_>) -> Result<Medium> {
        match key {
            MediumKey::Path(root) => self.medium_at(root),
            MediumKey::Label(label) => {
                let label = label.trim();
                self.media()?.into_iter().find(|m| m.label == label).ok_or_else(|| Error::MediumNotFound(label.to_string()))
            }
        }
    }

    /// Records where a medium is kept (库房, cabinet, shelf); empty clears it.
    pub fn set_medium_location(&mut self, key: MediumKey<'_>, location: Option<&str>, stamp: &Stamp) -> Result<Medium> {
        self.authorize(stamp, &[Role::Clerk], "修改介质存放位置")?;
        let m = self.find_medium(key)?;
        let location = clean(location);
        if m.location.as_deref() != location {
            let tx = self.conn_mut().transaction()?;
            store::set_location(&tx, m.row, location)?;
            ledger::append(
                &tx,
                stamp,
                "medium.location",
                &format!("medium:{}", m.id),
                &serde_json::json!({"label": m.label, "from": m.location, "to": location}),
            )?;
            tx.commit()?;
        }
        self.find_medium(MediumKey::Label(&m.label))
    }

    /// Records media leaving together for `destination`: counted now, reconciled by
    /// `checkin_media` when they come back.
    pub fn checkout_media(
        &mut self,
        keys: &[MediumKey<'_>],
        destination: &str,
        reference: Option<&str>,
        stamp: &Stamp,
    ) -> Result<Shipment> {
        self.authorize(stamp, &[Role::Clerk], "登记介质外出")?;
        let destination = destination.trim();
        if destination.is_empty() {
            return Err(Error::Empty { what: "外出去向" });
        }
        if keys.is_empty() {
            return Err(Error::Empty { what: "外出的介质" });
        }
        let mut media: Vec<Medium> = Vec::new();
        for key in keys {
            let m = self.find_medium(*key)?;
            if let Some(r) = &m.retired {
                return Err(Error::MediumRetired { label: m.label, reason: r.reason.label_zh().to_string() });
            }
            if let Some(o) = &m.out {
                return Err(Error::MediumAlreadyOut { label: m.label, destination: o.destination.clone() });
            }
            if !media.iter().any(|x| x.row == m.row) {
                media.push(m);
            }
        }
        let reference = clean(reference);
        let tx = self.conn_mut().transaction()?;
        let id = store::insert_shipment(&tx, destination, reference, media.iter().map(|m| m.row), stamp)?;
        let listed: Vec<_> = media.iter().map(|m| serde_json::json!({"id": m.id, "label": m.label, "set": m.set})).collect();
        ledger::append(
            &tx,
            stamp,
            "medium.checkout",
            &id.subject(),
            &serde_json::json!({"destination": destination, "reference": reference, "count": media.len(), "media": listed}),
        )?;
        tx.commit()?;
        self.shipment(id)
    }

    /// Records media back in the building (at `location`, when given) and reconciles each
    /// shipment they left with: what came back and what is still out.
    pub fn checkin_media(&mut self, keys: &[MediumKey<'_>], location: Option<&str>, stamp: &Stamp) -> Result<CheckinReport> {
        self.authorize(stamp, &[Role::Clerk], "登记介质收回")?;
        if keys.is_empty() {
            return Err(Error::Empty { what: "收回的介质" });
        }
        let mut back: Vec<(Medium, bool)> = Vec::new();
        for key in keys {
            let m = self.find_medium(*key)?;
            if m.out.is_none() {
                return Err(Error::MediumNotOut(m.label));
            }
            if !back.iter().any(|(x, _)| x.row == m.row) {
                back.push((m, matches!(key, MediumKey::Path(_))));
            }
        }
        let location = clean(location);
        let tx = self.conn_mut().transaction()?;
        let mut shipments: Vec<ShipmentId> = Vec::new();
        for (m, _) in &back {
            // Every medium in `back` is out (checked above).
            let Some(shipment) = m.out.as_ref().map(|o| o.shipment) else { continue };
            store::returned(&tx, shipment, m.row, stamp)?;
            if location.is_some() {
                store::set_location(&tx, m.row, location)?;
            }
            if !shipments.contains(&shipment) {
                shipments.push(shipment);
            }
        }
        for id in &shipments {
            let returned: Vec<_> = back
                .iter()
                .filter(|(m, _)| m.out.as_ref().map(|o| o.shipment) == Some(*id))
                .map(|(m, identified)| serde_json::json!({"id": m.id, "label": m.label, "identified": identified}))
                .collect();
            let outstanding = store::outstanding_labels(&tx, *id)?;
            ledger::append(
                &tx,
                stamp,
                "medium.checkin",
                &id.subject(),
                &serde_json::json!({"returned": returned, "location": location, "outstanding": outstanding}),
            )?;
        }
        tx.commit()?;
        let shipments = shipments.into_iter().map(|id| self.shipment(id)).collect::<Result<_>>()?;
        Ok(CheckinReport { returned: back.into_iter().map(|(m, _)| m.label).collect(), shipments })
    }

    /// Takes a medium out of service for good. Its bags stay on record; its copies stop
    /// counting toward the copy policy.
    pub fn retire_medium(&mut self, key: MediumKey<'_>, reason: RetireReason, note: Option<&str>, stamp: &Stamp) -> Result<Medium> {
        self.authorize(stamp, &[Role::Clerk], "介质退役")?;
        let m = self.find_medium(key)?;
        if let Some(r) = &m.retired {
            return Err(Error::MediumRetired { label: m.label, reason: r.reason.label_zh().to_string() });
        }
        let note = clean(note);
        let tx = self.conn_mut().transaction()?;
        store::retire(&tx, m.row, reason, note, &stamp.at_text())?;
        ledger::append(
            &tx,
            stamp,
            "medium.retire",
            &format!("medium:{}", m.id),
            &serde_json::json!({"label": m.label, "set": m.set, "reason": reason.as_str(), "note": note, "registrations": m.registrations}),
        )?;
        tx.commit()?;
        self.find_medium(MediumKey::Label(&m.label))
    }

    pub fn shipment(&self, id: ShipmentId) -> Result<Shipment> {
        let head = store::shipment(self.conn(), id)?.ok_or_else(|| Error::Integrity(format!("外出记录 #{} 不存在", id.0)))?;
        let rows = store::shipment_media(self.conn(), id)?;
        let store::ShipmentHead { destination, reference, shipped_at, shipped_by } = head;
        Ok(Shipment {
            id,
            destination,
            reference,
            shipped_at,
            shipped_by,
            media: rows.iter().map(|(l, _)| l.clone()).collect(),
            returned: rows.iter().filter(|(_, back)| *back).map(|(l, _)| l.clone()).collect(),
            outstanding: rows.iter().filter(|(_, back)| !*back).map(|(l, _)| l.clone()).collect(),
        })
    }
}
