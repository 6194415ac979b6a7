//! OpenSALT-style spreadsheets → a CASE package, then the CASE import.
//! Workbooks have `CF Doc`, `CF Item` and `CF Association` sheets (as
//! OpenSALT exports and imports them); a CSV file is one row per item with
//! columns matched by heading the way OpenSALT does (letters only, any
//! case: "Human Coding Scheme" is `humanCodingScheme`), the tree from
//! "Is Child Of" (a parent's human coding scheme or identifier) and
//! "Sequence Number", else from the human coding scheme's prefix.

use std::collections::HashMap;

use serde_json::{Value as Json, json};

use super::grid::Grid;
use crate::interop::ids;

fn simplify(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase()).collect()
}

/// Columns of a sheet found by simplified heading.
struct Columns<'a> {
    grid: &'a Grid,
    at: HashMap<String, usize>,
}

impl<'a> Columns<'a> {
    fn new(grid: &'a Grid) -> Self {
        let at = grid.rows.first().map(|r| r.iter().enumerate().map(|(i, h)| (simplify(h), i)).rev().collect()).unwrap_or_default();
        Self { grid, at }
    }

    fn has(&self, name: &str) -> bool {
        self.at.contains_key(&simplify(name))
    }

    /// The trimmed text of the first of `names` that is a column here.
    fn get(&self, row: usize, names: &[&str]) -> Option<String> {
        let col = names.iter().find_map(|n| self.at.get(&simplify(n)))?;
        let value = self.grid.cell(row, *col).trim();
        (!value.is_empty()).then(|| value.to_string())
    }

    fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        (1..self.grid.rows.len()).filter(|&r| self.grid.rows[r].iter().any(|c| !c.trim().is_empty()))
    }
}

/// Where each item and association of the built package came from, so CASE
/// import messages can name the cell row.
pub struct Places {
    /// The CF Doc row (or the CSV file) the document came from.
    pub document: String,
    pub items: Vec<String>,
    pub associations: Vec<String>,
    /// Warnings about the sheet itself.
    pub warnings: Vec<String>,
}

fn link(id: &str, title: &str) -> Json {
    json!({ "identifier": id, "title": title, "uri": format!("urn:uuid:{id}") })
}

/// A CFAssociation from `origin` to `destination` (links made by [`link`]).
fn association(id: &str, kind: &str, origin: Json, destination: Json, sequence: Option<i64>) -> Json {
    let mut association = json!({
        "identifier": id, "uri": format!("urn:uuid:{id}"), "associationType": kind,
        "originNodeURI": origin, "destinationNodeURI": destination,
    });
    if let Some(n) = sequence {
        association["sequenceNumber"] = json!(n);
    }
    association
}

/// An identifier from a cell, or one derived from where the row is.
fn identifier(given: Option<String>, namespace: &uuid::Uuid, name: &str) -> String {
    given.unwrap_or_else(|| ids::derive(namespace, name).0)
}

/// Items of an item sheet (or CSV) with the tree from "Is Child Of",
/// smart levels or human coding scheme prefixes.
fn items(grid: &Grid, doc_id: &str, namespace: &uuid::Uuid, places: &mut Places) -> Result<(Vec<Json>, Vec<Json>), Vec<String>> {
    let cols = Columns::new(grid);
    if !cols.has("fullStatement") {
        return Err(vec![format!(
            "{}: no `fullStatement` column (OpenSALT's name for the statement's text); add it, or start from framewright's template",
            grid.row_place(0)
        )]);
    }
    struct Row {
        id: String,
        code: Option<String>,
        parent: Option<String>,
        smart: Option<String>,
        sequence: Option<i64>,
        place: String,
        /// (association type, the cell's text) of the other association columns.
        links: Vec<(&'static str, String)>,
    }
    let mut rows = Vec::new();
    let mut items = Vec::new();
    for r in cols.rows() {
        let id = identifier(cols.get(r, &["identifier"]), namespace, &format!("row/{}", r + 1));
        let code = cols.get(r, &["humanCodingScheme"]);
        let mut item = serde_json::Map::new();
        item.insert("identifier".into(), json!(id));
        item.insert("uri".into(), json!(format!("urn:uuid:{id}")));
        for (key, names) in [
            ("fullStatement", &["fullStatement"][..]),
            ("humanCodingScheme", &["humanCodingScheme"]),
            ("abbreviatedStatement", &["abbreviatedStatement"]),
            ("listEnumeration", &["listEnumeration"]),
            ("notes", &["notes"]),
            ("language", &["language"]),
            ("CFItemType", &["CFItemType"]),
        ] {
            if let Some(v) = cols.get(r, names) {
                item.insert(key.into(), json!(v));
            }
        }
        for (key, names) in [("conceptKeywords", &["conceptKeywords"][..]), ("educationLevel", &["educationLevel", "educationalLevel"])] {
            if let Some(v) = cols.get(r, names) {
                let list: Vec<&str> = v.split([',', '|']).map(str::trim).filter(|s| !s.is_empty()).collect();
                item.insert(key.into(), json!(list));
            }
        }
        items.push(Json::Object(item));
        places.items.push(grid.row_place(r));
        let sequence = cols.get(r, &["sequenceNumber", "order"]).and_then(|s| s.parse().ok());
        rows.push(Row {
            id,
            code,
            parent: cols.get(r, &["isChildOf"]),
            smart: cols.get(r, &["smartLevel"]),
            sequence,
            place: grid.row_place(r),
            links: LINK_COLUMNS.iter().filter_map(|&(kind, names)| cols.get(r, names).map(|v| (kind, v))).collect(),
        });
    }
    let by_code: HashMap<&str, &str> = rows.iter().filter_map(|r| r.code.as_deref().map(|c| (c, r.id.as_str()))).collect();
    let by_smart: HashMap<&str, &str> = rows.iter().filter_map(|r| r.smart.as_deref().map(|c| (c, r.id.as_str()))).collect();
    let by_id: HashMap<String, &str> = rows.iter().map(|r| (r.id.to_ascii_lowercase(), r.id.as_str())).collect();
    let mut associations = Vec::new();
    for row in &rows {
        let parent = match (&row.parent, &row.smart, &row.code) {
            (Some(p), _, _) => match by_code.get(p.as_str()).copied().or_else(|| by_id.get(&p.to_ascii_lowercase()).copied()) {
                Some(id) => id,
                None => {
                    // As OpenSALT does: an unknown parent puts the item at the top.
                    places.warnings.push(format!(
                        "{}: \"Is Child Of\" names `{p}`, which is no item's human coding scheme or identifier; the item is placed at the top level",
                        row.place
                    ));
                    doc_id
                }
            },
            (None, Some(smart), _) => smart.rsplit_once('.').and_then(|(parent, _)| by_smart.get(parent).copied()).unwrap_or(doc_id),
            (None, None, Some(code)) => code.rsplit_once('.').and_then(|(parent, _)| by_code.get(parent).copied()).unwrap_or(doc_id),
            (None, None, None) => doc_id,
        };
        let sequence = row.sequence.or_else(|| row.smart.as_deref().and_then(|s| s.rsplit('.').next()).and_then(|s| s.parse().ok()));
        let id = ids::association(&crate::model::CaseId(row.id.clone()), "isChildOf", &crate::model::CaseId(parent.to_string()));
        let origin = link(&row.id, row.code.as_deref().unwrap_or(&row.id));
        associations.push(association(&id.0, "isChildOf", origin, link(parent, parent), sequence));
        places.associations.push(row.place.clone());
    }
    // The other association columns: each cell a comma-separated list of
    // human coding schemes, identifiers or URLs, as OpenSALT reads them.
    for row in &rows {
        for (kind, cell) in &row.links {
            for target in cell.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                let destination =
                    by_code.get(target).copied().or_else(|| by_id.get(&target.to_ascii_lowercase()).copied()).unwrap_or(target);
                let id = ids::derive(namespace, &format!("association/{}/{kind}/{target}", row.id)).0;
                let origin = link(&row.id, row.code.as_deref().unwrap_or(&row.id));
                associations.push(association(&id, kind, origin, link(destination, target), None));
                places.associations.push(row.place.clone());
            }
        }
    }
    Ok((items, associations))
}

/// The association columns of an OpenSALT CSV besides "Is Child Of", with
/// the headings OpenSALT reads for each.
const LINK_COLUMNS: [(&str, &[&str]); 8] = [
    ("isPartOf", &["isPartOf"]),
    ("exemplar", &["exemplar"]),
    ("isPeerOf", &["isPeerOf"]),
    ("precedes", &["precedes"]),
    ("isRelatedTo", &["isRelatedTo"]),
    ("replacedBy", &["replacedBy"]),
    ("hasSkillLevel", &["hasSkillLevel"]),
    ("exactMatchOf", &["exactMatchOf", "isExactMatchOf"]),
];

/// A CSV file of items; the document is named after the file.
pub fn from_csv(grid: &Grid, stem: &str) -> Result<(Json, Places), Vec<String>> {
    let namespace = uuid::Uuid::new_v5(&ids::namespace(), format!("sheet/{stem}").as_bytes());
    let doc_id = ids::derive(&namespace, "document").0;
    let mut places = Places { document: grid.name.clone(), items: vec![], associations: vec![], warnings: vec![] };
    let (items, associations) = items(grid, &doc_id, &namespace, &mut places)?;
    let document = json!({ "identifier": doc_id, "uri": format!("urn:uuid:{doc_id}"), "title": stem, "creator": "Unknown publisher", "lastChangeDateTime": "2000-01-01T00:00:00+00:00" });
    Ok((json!({ "CFDocument": document, "CFItems": items, "CFAssociations": associations }), places))
}

/// A workbook with `CF Doc`, `CF Item` and (optionally) `CF Association` sheets.
pub fn from_workbook(doc: &Grid, item_sheet: &Grid, association_sheet: Option<&Grid>) -> Result<(Json, Places), Vec<String>> {
    let cols = Columns::new(doc);
    let Some(row) = cols.rows().next() else {
        return Err(vec![format!(
            "{}: the CF Doc sheet has no row under its headings; fill in the framework's title and creator",
            doc.row_place(1)
        )]);
    };
    let title = cols.get(row, &["title"]).unwrap_or_default();
    let namespace = uuid::Uuid::new_v5(&ids::namespace(), format!("sheet/{title}").as_bytes());
    let doc_id = identifier(cols.get(row, &["identifier"]), &namespace, "document");
    let mut document = serde_json::Map::new();
    document.insert("identifier".into(), json!(doc_id));
    document.insert("uri".into(), json!(format!("urn:uuid:{doc_id}")));
    for (key, names) in [
        ("title", &["title"][..]),
        ("creator", &["creator"]),
        ("publisher", &["publisher"]),
        ("description", &["description"]),
        ("language", &["language"]),
        ("version", &["version"]),
        ("adoptionStatus", &["adoptionStatus"]),
        ("officialSourceURL", &["officialSourceURL"]),
        ("notes", &["notes"]),
        ("lastChangeDateTime", &["lastChangeDate", "lastChangeDateTime"]),
        ("statusStartDate", &["statusStartDate"]),
        ("statusEndDate", &["statusEndDate"]),
    ] {
        if let Some(v) = cols.get(row, names) {
            document.insert(key.into(), json!(v));
        }
    }
    if let Some(licence) = cols.get(row, &["licenseTitle", "license"]) {
        document.insert("licenseURI".into(), link(&ids::derive(&namespace, "licence").0, &licence));
    }
    let mut places = Places { document: doc.row_place(row), items: vec![], associations: vec![], warnings: vec![] };
    let (items, mut associations) = items(item_sheet, &doc_id, &namespace, &mut places)?;
    if let Some(sheet) = association_sheet {
        let cols = Columns::new(sheet);
        let has_tree = cols.rows().any(|r| cols.get(r, &["associationType"]).is_some_and(|t| simplify(&t) == "ischildof"));
        // Sequence numbers come from the items' smart levels either way.
        let sequence: HashMap<String, i64> = associations
            .iter()
            .filter_map(|a| Some((a["originNodeURI"]["identifier"].as_str()?.to_ascii_lowercase(), a.get("sequenceNumber")?.as_i64()?)))
            .collect();
        if has_tree {
            // The sheet's own tree replaces the one read from smart levels.
            associations.clear();
            places.associations.clear();
        }
        for r in cols.rows() {
            let kind = cols.get(r, &["associationType"]).unwrap_or_default();
            if !has_tree && simplify(&kind) == "ischildof" {
                continue;
            }
            let origin = cols.get(r, &["originNodeIdentifier"]).unwrap_or_default();
            let destination =
                cols.get(r, &["destinationNodeIdentifier"]).or_else(|| cols.get(r, &["destinationNodeURI"])).unwrap_or_default();
            let id = identifier(cols.get(r, &["identifier"]), &namespace, &format!("association/{}", r + 1));
            let child = simplify(&kind) == "ischildof";
            let kind = if child { "isChildOf".to_string() } else { kind };
            let from = link(&origin, &cols.get(r, &["originNodeHumanCodingScheme"]).unwrap_or_else(|| origin.clone()));
            let to = link(&destination, &cols.get(r, &["destinationNodeHumanCodingScheme"]).unwrap_or_else(|| destination.clone()));
            let sequence = sequence.get(&origin.to_ascii_lowercase()).copied().filter(|_| child);
            associations.push(association(&id, &kind, from, to, sequence));
            places.associations.push(sheet.row_place(r));
        }
    }
    Ok((json!({ "CFDocument": Json::Object(document), "CFItems": items, "CFAssociations": associations }), places))
}
