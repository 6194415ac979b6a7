//! framewright's own template workbook → draft source. Columns are found by
//! their headings (any order, any case); each problem names its cell.

use std::collections::HashMap;

use toml::Value;

use super::grid::Grid;
use super::template::{self, Layout};
use crate::interop::draft::{self, DomainDraft, Draft, Entry, TopicDraft, UniqueIds, table, text};
use crate::model::{Id, Interval, TrainingFormat};
use crate::source::suggest::nearest;

/// Problems of one workbook, all of them.
#[derive(Default)]
pub struct Problems {
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// The rows of one list sheet, with its columns found by heading.
struct Sheet<'a> {
    grid: &'a Grid,
    columns: HashMap<&'static str, usize>,
}

fn simplify(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

impl<'a> Sheet<'a> {
    /// Finds `layout`'s columns in the first row; a missing required one is an error.
    fn open(grid: &'a Grid, layout: &Layout, p: &mut Problems) -> Self {
        let headers: Vec<String> = grid.rows.first().map(|r| r.iter().map(|h| simplify(h)).collect()).unwrap_or_default();
        let mut columns = HashMap::new();
        for column in layout.columns {
            match headers.iter().position(|h| *h == simplify(column.header)) {
                Some(c) => {
                    columns.insert(column.header, c);
                }
                None if column.required && grid.rows.len() > 1 => p.errors.push(format!(
                    "{}: no `{}` column; add a column headed {} (the template has it: framewright import sheet --template FILE.xlsx)",
                    grid.row_place(0),
                    column.header,
                    column.header
                )),
                None => {}
            }
        }
        Self { grid, columns }
    }

    /// Row numbers (0-based) of the rows with anything in them, after the header.
    fn rows(&self) -> Vec<usize> {
        (1..self.grid.rows.len()).filter(|&r| self.grid.rows[r].iter().any(|c| !c.trim().is_empty())).collect()
    }

    fn get(&self, row: usize, header: &str) -> &'a str {
        self.columns.get(header).map_or("", |&c| self.grid.cell(row, c).trim())
    }

    fn place(&self, row: usize, header: &str) -> String {
        match self.columns.get(header) {
            Some(&c) => self.grid.place(row, c),
            None => self.grid.row_place(row),
        }
    }

    fn list(&self, row: usize, header: &str) -> Vec<String> {
        self.get(row, header).split([',', ';']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
    }

    fn yes(&self, row: usize, header: &str, p: &mut Problems) -> bool {
        match self.get(row, header).to_ascii_lowercase().as_str() {
            "" | "no" | "n" | "false" | "0" => false,
            "yes" | "y" | "true" | "1" => true,
            other => {
                p.errors
                    .push(format!("{}: `{other}` is not yes or no; write yes or no (or leave it empty for no)", self.place(row, header)));
                false
            }
        }
    }

    /// A required cell; an empty one is reported.
    fn required(&self, row: usize, header: &str, p: &mut Problems) -> Option<String> {
        let value = self.get(row, header);
        if value.is_empty() {
            p.errors.push(format!("{}: {} is empty; fill it in", self.place(row, header), header.to_lowercase()));
            return None;
        }
        Some(value.to_string())
    }

    /// An id cell: must be a valid id; warned about when Excel stored a number.
    fn id(&self, row: usize, header: &str, p: &mut Problems) -> Option<String> {
        let value = self.required(row, header, p)?;
        if let Some(&c) = self.columns.get(header)
            && self.grid.numeric.contains(&(row, c))
        {
            p.warnings.push(format!(
                "{}: the cell holds a number, so Excel may have changed what was typed (01 becomes 1); format the column as Text and type it again if `{value}` is not what you meant",
                self.place(row, header)
            ));
        }
        match Id::problem(&value) {
            None => Some(value),
            Some(problem) => {
                p.errors.push(format!("{}: `{value}` is not a valid id: {problem}", self.place(row, header)));
                None
            }
        }
    }
}

/// Known ids of one list, with names as another way to refer to them.
struct Known {
    what: &'static str,
    sheet: &'static str,
    ids: Vec<String>,
    names: HashMap<String, String>,
}

impl Known {
    /// The ids named in a cell; unknown ones reported with a suggestion.
    fn resolve(&self, sheet: &Sheet, row: usize, header: &str, p: &mut Problems) -> Vec<String> {
        let mut out = Vec::new();
        for given in sheet.list(row, header) {
            if self.ids.contains(&given) {
                out.push(given);
            } else if let Some(id) = self.names.get(&given.to_lowercase()) {
                out.push(id.clone());
            } else {
                let hint = match nearest(&given, self.ids.iter().map(String::as_str), 0.7) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None if self.ids.is_empty() => {
                        format!("the {} sheet lists none; add it there", self.sheet)
                    }
                    None => format!("the {} sheet lists: {}", self.sheet, self.ids.join(", ")),
                };
                p.errors.push(format!("{}: `{given}` is no {} on the {} sheet; {hint}", sheet.place(row, header), self.what, self.sheet));
            }
        }
        out
    }
}

fn known(sheet: &Option<Sheet>, what: &'static str, layout: &Layout) -> Known {
    let mut ids = Vec::new();
    let mut names = HashMap::new();
    if let Some(sheet) = sheet {
        for row in sheet.rows() {
            let id = sheet.get(row, "ID").to_string();
            if !id.is_empty() {
                names.insert(sheet.get(row, "Name").to_lowercase(), id.clone());
                ids.push(id);
            }
        }
    }
    Known { what, sheet: layout.sheet, ids, names }
}

/// Reads the template's sheets into a draft.
pub fn read(grids: &[Grid], file: &str) -> Result<(Draft, Problems), Problems> {
    let mut p = Problems::default();
    let find = |name: &str| grids.iter().find(|g| g.name.rsplit_once('!').is_some_and(|(_, n)| n.eq_ignore_ascii_case(name)));
    let mut draft = Draft::default();
    match find(template::FRAMEWORK_SHEET) {
        Some(grid) => draft.framework = framework(grid, &mut p),
        None => p.errors.push(format!(
            "{file}: no {} sheet; start from the template (framewright import sheet --template FILE.xlsx)",
            template::FRAMEWORK_SHEET
        )),
    }
    let open = |layout: &Layout, p: &mut Problems| find(layout.sheet).map(|g| Sheet::open(g, layout, p));
    let levels_sheet = open(&template::LEVELS, &mut p);
    let roles_sheet = open(&template::ROLES, &mut p);
    let bands_sheet = open(&template::BANDS, &mut p);
    let levels = known(&levels_sheet, "level", &template::LEVELS);
    let roles = known(&roles_sheet, "role", &template::ROLES);
    let bands = known(&bands_sheet, "band", &template::BANDS);
    if levels.ids.is_empty() {
        p.errors.push(format!("{file}!{}:2: no levels; list at least one level (an ID and a Name)", template::LEVELS.sheet));
    }
    if let Some(s) = &levels_sheet {
        for row in s.rows() {
            let (id, name) = (s.id(row, "ID", &mut p), s.required(row, "Name", &mut p));
            let cumulative = s.yes(row, "Cumulative", &mut p);
            draft.levels.push(Entry::new(table([
                ("id", id.map(Value::String)),
                ("name", name.map(Value::String)),
                ("audience", text(s.get(row, "Audience"))),
                ("description", text(s.get(row, "Description"))),
                ("cumulative", cumulative.then_some(Value::Boolean(true))),
            ])));
        }
    }
    if let Some(s) = &roles_sheet {
        for row in s.rows() {
            let level = levels.resolve(s, row, "Level", &mut p);
            let examples: Vec<String> =
                s.get(row, "Example job titles").split(';').map(str::trim).filter(|e| !e.is_empty()).map(str::to_string).collect();
            draft.roles.push(Entry::new(table([
                ("id", s.id(row, "ID", &mut p).map(Value::String)),
                ("name", s.required(row, "Name", &mut p).map(Value::String)),
                ("level", level.first().cloned().map(Value::String)),
                ("description", text(s.get(row, "Description"))),
                ("examples", draft::strings(&examples)),
            ])));
        }
    }
    if let Some(s) = &bands_sheet {
        for row in s.rows() {
            draft.bands.push(Entry::new(table([
                ("id", s.id(row, "ID", &mut p).map(Value::String)),
                ("name", s.required(row, "Name", &mut p).map(Value::String)),
                ("description", text(s.get(row, "Description"))),
            ])));
        }
    }
    let statement_ids = match open(&template::STATEMENTS, &mut p) {
        Some(s) => statements(&s, &levels, &bands, &mut draft, &mut p),
        None => {
            p.errors.push(format!("{file}: no {} sheet; start from the template", template::STATEMENTS.sheet));
            Vec::new()
        }
    };
    if draft.domains.is_empty() && p.errors.is_empty() {
        p.errors.push(format!("{file}!{}:2: no statements; write at least one row", template::STATEMENTS.sheet));
    }
    draft.assessment = open(&template::SCALE, &mut p).and_then(|s| scale(&s, &mut p)).unwrap_or_else(draft::default_assessment);
    if let Some(s) = open(&template::TRAINING, &mut p) {
        let statements = Known { what: "statement", sheet: "Statements", ids: statement_ids, names: HashMap::new() };
        training(&s, [&levels, &roles, &bands, &statements], &mut draft, &mut p);
    }
    draft.packs = draft::default_packs();
    if p.errors.is_empty() { Ok((draft, p)) } else { Err(p) }
}

fn framework(grid: &Grid, p: &mut Problems) -> toml::Table {
    let mut values: HashMap<String, (String, usize)> = HashMap::new();
    for (r, row) in grid.rows.iter().enumerate().skip(1) {
        let field = row.first().map(|f| simplify(f)).unwrap_or_default();
        let value = row.get(1).map(|v| v.trim().to_string()).unwrap_or_default();
        if !field.is_empty() {
            values.insert(field, (value, r));
        }
    }
    let mut t = toml::Table::new();
    for (field, required, _) in template::FRAMEWORK_FIELDS {
        let (value, row) = values.get(*field).cloned().unwrap_or_default();
        let place = if row > 0 { grid.place(row, 1) } else { grid.row_place(0) };
        if value.is_empty() {
            if *required {
                p.errors.push(format!("{place}: {field} is empty; fill in the Value column of the `{field}` row"));
            }
            continue;
        }
        let v = match *field {
            "published" | "review" => match crate::interop::case::read::parse_date(&value).filter(|_| value.len() == 10) {
                Some(d) => draft::date(d),
                None => {
                    p.errors.push(format!("{place}: `{value}` is not a date; write it as YYYY-MM-DD, e.g. 2025-09-01"));
                    continue;
                }
            },
            "id" => match Id::problem(&value) {
                None => Value::String(value.to_lowercase()),
                Some(problem) => {
                    p.errors.push(format!("{place}: `{value}` is not a valid id: {problem}"));
                    continue;
                }
            },
            _ => Value::String(value),
        };
        t.insert(field.to_string(), v);
    }
    if !t.contains_key("id") {
        let id = t.get("title").and_then(Value::as_str).and_then(draft::slug).unwrap_or_else(|| "framework".into());
        t.insert("id".into(), Value::String(id));
    }
    t.entry("language").or_insert_with(|| Value::String("en-GB".into()));
    t
}

/// The Statements sheet into domains and topics; returns the statement ids.
fn statements(s: &Sheet, levels: &Known, bands: &Known, draft: &mut Draft, p: &mut Problems) -> Vec<String> {
    let mut container_ids = UniqueIds::default();
    let mut statement_ids = UniqueIds::default();
    let mut given_ids: HashMap<String, String> = HashMap::new();
    let mut all = Vec::new();
    let mut domain_title = String::new();
    let mut domain_index: HashMap<String, usize> = HashMap::new();
    for (n, row) in s.rows().into_iter().enumerate() {
        let cell = s.get(row, "Domain");
        if !cell.is_empty() {
            domain_title = cell.to_string();
        }
        if domain_title.is_empty() {
            p.errors.push(format!("{}: no domain for this statement; write the domain's title", s.place(row, "Domain")));
            continue;
        }
        let d = *domain_index.entry(domain_title.clone()).or_insert_with(|| {
            let id = container_ids.take(draft::slug(&domain_title).unwrap_or_else(|| "domain".into()));
            draft
                .domains
                .push(DomainDraft { entry: Entry::new(table([("id", text(&id)), ("title", text(&domain_title))])), ..Default::default() });
            draft.domains.len() - 1
        });
        let Some(statement_text) = s.required(row, "Statement", p) else {
            continue;
        };
        let id = match s.get(row, "ID") {
            "" => statement_ids.take(format!("s{:03}", n + 1)),
            _ => match s.id(row, "ID", p) {
                Some(id) => {
                    if let Some(first) = given_ids.insert(id.clone(), s.place(row, "ID")) {
                        p.errors.push(format!(
                            "{}: statement id `{id}` is also used at {first}; give each statement its own id",
                            s.place(row, "ID")
                        ));
                    }
                    statement_ids.take(&id)
                }
                None => continue,
            },
        };
        let level = levels.resolve(s, row, "Level", p);
        if level.is_empty() && s.get(row, "Level").is_empty() {
            p.errors.push(format!("{}: no level; choose the level id from the drop-down", s.place(row, "Level")));
        }
        let row_bands = bands.resolve(s, row, "Bands", p);
        let kind = match s.get(row, "Kind").to_lowercase().as_str() {
            "" => None,
            k @ ("knowledge" | "skill" | "value") => Some(Value::String(k.to_string())),
            other => {
                p.errors
                    .push(format!("{}: `{other}` is not a kind; write knowledge, skill or value, or leave it empty", s.place(row, "Kind")));
                None
            }
        };
        let additional = s.yes(row, "Additional needs", p);
        let entry = Entry::new(table([
            ("id", text(&id)),
            (
                "level",
                match level.as_slice() {
                    [one] => Some(Value::String(one.clone())),
                    [] => None,
                    many => draft::strings(many),
                },
            ),
            ("bands", draft::strings(&row_bands)),
            ("additional_needs", additional.then_some(Value::Boolean(true))),
            ("subheading", text(s.get(row, "Sub-heading"))),
            ("kind", kind),
            ("tags", draft::strings(&s.list(row, "Tags"))),
            ("text", Some(Value::String(statement_text))),
        ]));
        all.push(id);
        let domain = &mut draft.domains[d];
        match s.get(row, "Topic") {
            "" => domain.statements.push(entry),
            topic => {
                let at = domain.topics.iter().position(|t| t.entry.table.get("title").and_then(Value::as_str) == Some(topic));
                let at = at.unwrap_or_else(|| {
                    let id = container_ids.take(draft::slug(topic).unwrap_or_else(|| "topic".into()));
                    domain
                        .topics
                        .push(TopicDraft { entry: Entry::new(table([("id", text(&id)), ("title", text(topic))])), statements: vec![] });
                    domain.topics.len() - 1
                });
                domain.topics[at].statements.push(entry);
            }
        }
    }
    all
}

fn scale(s: &Sheet, p: &mut Problems) -> Option<toml::Table> {
    let rows = s.rows();
    if rows.is_empty() {
        return None;
    }
    let mut points = Vec::new();
    for row in rows {
        let value = s.get(row, "Value");
        let Ok(number) = value.parse::<i64>() else {
            p.errors.push(format!("{}: `{value}` is not a whole number; the scale's values are 1, 2, 3…", s.place(row, "Value")));
            continue;
        };
        let met = s.yes(row, "Met", p);
        points.push(Value::Table(table([
            ("value", Some(Value::Integer(number))),
            ("label", s.required(row, "Label", p).map(Value::String)),
            ("description", text(s.get(row, "Description"))),
            ("met", met.then_some(Value::Boolean(true))),
        ])));
    }
    Some(table([("scale", Some(Value::Array(points)))]))
}

fn training(s: &Sheet, [levels, roles, bands, statements]: [&Known; 4], draft: &mut Draft, p: &mut Problems) {
    for row in s.rows() {
        let format = s.get(row, "Format").to_lowercase();
        if !TrainingFormat::ALL.iter().any(|(name, _)| *name == format) {
            let names: Vec<&str> = TrainingFormat::ALL.iter().map(|(n, _)| *n).collect();
            p.errors.push(format!("{}: `{format}` is not a training format; use one of {}", s.place(row, "Format"), names.join(", ")));
        }
        let every = s.get(row, "Refresh every");
        if !every.is_empty() && Interval::parse(every).is_none() {
            p.errors.push(format!("{}: `{every}` is not an interval; write e.g. 3 years or 18 months", s.place(row, "Refresh every")));
        }
        draft.training.push(Entry::new(table([
            ("id", s.id(row, "ID", p).map(Value::String)),
            ("title", s.required(row, "Title", p).map(Value::String)),
            ("provider", text(s.get(row, "Provider"))),
            ("format", text(&format)),
            ("duration", text(s.get(row, "Duration"))),
            ("cost", text(s.get(row, "Cost"))),
            ("link", text(s.get(row, "Link"))),
            ("levels", draft::strings(&levels.resolve(s, row, "Levels", p))),
            ("roles", draft::strings(&roles.resolve(s, row, "Roles", p))),
            ("bands", draft::strings(&bands.resolve(s, row, "Bands", p))),
            ("statements", draft::strings(&statements.resolve(s, row, "Statements", p))),
            ("refresh_every", text(every)),
        ])));
    }
}
