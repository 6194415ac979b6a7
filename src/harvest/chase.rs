//! Returns to chase: whose file could not be used and why, and, with the
//! setting's staff list (`harvest --staff`), who has not returned at all.
//! This is what a lead acts on after a harvest, so it is in harvest.json
//! and every report.
//!
//! A person on the staff list is matched to a return by the personalised
//! pack made for them (the same pack ids `build --staff` gives the same
//! list), else by name. The log names the person of an unusable file
//! wherever its pack does, and a return whose sign-off gives no job title
//! takes the staff list's, so the reports have one for everyone listed.

use std::collections::HashSet;

use serde::Serialize;

use super::Harvest;
use super::dedupe::normalise;
use crate::model::Framework;
use crate::plan::personal;
use crate::source::staff::Person;

/// One person or file to follow up.
#[derive(Clone, Debug, Serialize)]
pub struct Chase {
    /// The person, where the staff list, the pack or the form names them.
    pub person: String,
    /// The staff list's job title of the person, where it has one.
    pub job_title: String,
    pub setting: String,
    /// The file that could not be used; none when nothing came back.
    pub file: Option<String>,
    /// The log status of the file, or `not_returned`.
    pub status: String,
    /// What to do, in words a lead can act on.
    pub reason: String,
}

/// A staff list with the personalised pack id of each person.
pub struct StaffList {
    pub framework: String,
    people: Vec<(Person, String)>,
}

impl StaffList {
    pub fn new(fw: &Framework, people: Vec<Person>) -> Self {
        let ids = personal::pack_specs(fw, &people).into_iter().map(|spec| spec.id);
        StaffList { framework: fw.framework.id.value.0.clone(), people: people.into_iter().zip(ids).collect() }
    }

    /// How many people the list expects forms from.
    pub fn expected(&self) -> u64 {
        self.people.len() as u64
    }

    /// The settings the list's `setting` column names.
    pub fn settings(&self) -> impl Iterator<Item = &str> {
        self.people.iter().filter_map(|(p, _)| p.setting.as_deref())
    }

    /// The person whose personalised pack is `pack` of `framework`.
    fn by_pack(&self, framework: &str, pack: &str) -> Option<&Person> {
        (framework == self.framework).then(|| self.people.iter().find(|(_, id)| id == pack).map(|(p, _)| p)).flatten()
    }

    /// The one person of the list called `name` (none when two are).
    fn by_name(&self, framework: &str, name: &str) -> Option<&Person> {
        let name = normalise(name);
        if framework != self.framework || name.is_empty() {
            return None;
        }
        let mut called = self.people.iter().filter(|(p, _)| normalise(&p.name) == name);
        match (called.next(), called.next()) {
            (Some((person, _)), None) => Some(person),
            _ => None,
        }
    }
}

/// Names the person of every unusable file whose pack is one of the staff
/// list's personalised packs, and gives every return without a job title
/// in its sign-off the staff list's (by pack, else by name).
pub fn name_people(harvest: &mut Harvest, staff: Option<&StaffList>) {
    let Some(staff) = staff else { return };
    for entry in harvest.log.iter_mut().filter(|e| e.person.is_none()) {
        if let Some(id) = &entry.identity
            && let Some(person) = staff.by_pack(&id.framework, &id.pack)
        {
            entry.person = Some(person.name.clone());
        }
    }
    for s in harvest.submissions.iter_mut().chain(harvest.duplicates.iter_mut()).filter(|s| s.job_title.is_empty()) {
        let id = &s.identity;
        let person = staff.by_pack(&id.framework, &id.pack).or_else(|| staff.by_name(&id.framework, &s.person));
        if let Some(title) = person.and_then(|p| p.job_title.clone()) {
            s.job_title = title;
        }
    }
}

/// Every unusable file, then (with a staff list) everyone with no return.
pub fn chase(harvest: &Harvest, staff: Option<&StaffList>) -> Vec<Chase> {
    let mut out: Vec<Chase> = harvest
        .log
        .iter()
        .filter(|e| e.status.unusable())
        .map(|e| Chase {
            person: e.person.clone().unwrap_or_default(),
            job_title: staff
                .zip(e.identity.as_ref())
                .and_then(|(staff, id)| staff.by_pack(&id.framework, &id.pack))
                .and_then(|p| p.job_title.clone())
                .unwrap_or_default(),
            setting: String::new(),
            file: Some(e.file.clone()),
            status: e.status.as_str().to_string(),
            reason: e.reason.clone(),
        })
        .collect();
    let Some(staff) = staff else { return out };
    // Each name folded once, not once per pair of person and file.
    let ours: Vec<&super::log::Entry> =
        harvest.log.iter().filter(|e| e.identity.as_ref().is_some_and(|id| id.framework == staff.framework)).collect();
    let packs: HashSet<&str> = ours.iter().filter_map(|e| e.identity.as_ref()).map(|id| id.pack.as_str()).collect();
    let names: HashSet<String> = ours.iter().filter_map(|e| e.person.as_deref()).map(normalise).collect();
    for (person, pack) in &staff.people {
        // Anything from them, usable or not, by their pack or their name.
        let name = normalise(&person.name);
        let sent = packs.contains(pack.as_str()) || (!name.is_empty() && names.contains(&name));
        if !sent {
            out.push(Chase {
                person: person.name.clone(),
                job_title: person.job_title.clone().unwrap_or_default(),
                setting: person.setting.clone().unwrap_or_default(),
                file: None,
                status: "not_returned".into(),
                reason: format!("nothing has come back from them (their pack: {pack}); send a reminder"),
            });
        }
    }
    out
}
