//! framewright's template workbook: instructions first, a sheet for the
//! framework details and one per list, columns formatted as text (so Excel
//! keeps `01` and `1.10` as typed) and drop-downs for levels, bands, kinds
//! and yes/no. The layout here is also what the reader expects.

use std::path::Path;

use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, Formula, Workbook, XlsxError};

/// A column of a list sheet.
pub struct Column {
    pub header: &'static str,
    pub help: &'static str,
    pub width: f64,
    pub required: bool,
}

/// A list sheet: a header row, then one row per entry.
pub struct Layout {
    pub sheet: &'static str,
    pub about: &'static str,
    pub columns: &'static [Column],
}

const fn col(header: &'static str, help: &'static str, width: f64, required: bool) -> Column {
    Column { header, help, width, required }
}

pub const FRAMEWORK_SHEET: &str = "Framework";
pub const INSTRUCTIONS_SHEET: &str = "Instructions";

/// The rows of the Framework sheet: field, required, what to write.
pub const FRAMEWORK_FIELDS: &[(&str, bool, &str)] = &[
    ("id", false, "A short lower-case id for file names, e.g. safeguarding-children (made from the title when empty)"),
    ("title", true, "The framework's title"),
    ("subtitle", false, "A subtitle, if any"),
    ("publisher", true, "The organisation that publishes it"),
    ("version", true, "Printed on every page, e.g. 1.0"),
    ("published", true, "Publication date, YYYY-MM-DD"),
    ("review", false, "Next review date, YYYY-MM-DD"),
    ("language", false, "Language tag, e.g. en-GB (the default)"),
    ("licence", false, "Licence, e.g. Open Government Licence v3.0"),
    ("contact", false, "Who to contact about the framework"),
];

pub const LEVELS: Layout = Layout {
    sheet: "Levels",
    about: "One row per level, tier or stage, in order.",
    columns: &[
        col("ID", "Short id, e.g. 1 or core", 12.0, true),
        col("Name", "As printed, e.g. Level 1", 24.0, true),
        col("Audience", "Who works at this level", 40.0, false),
        col("Description", "What the level means", 50.0, false),
        col("Cumulative", "yes: the capabilities of every earlier level are assumed", 12.0, false),
    ],
};

pub const ROLES: Layout = Layout {
    sheet: "Roles",
    about: "Optional: staff groups or roles, each aligned to a level.",
    columns: &[
        col("ID", "Short id", 16.0, true),
        col("Name", "As printed", 30.0, true),
        col("Level", "The level id this role aligns to", 12.0, true),
        col("Description", "Who is in this group", 50.0, false),
        col("Example job titles", "Separated by ;", 50.0, false),
    ],
};

pub const BANDS: Layout = Layout {
    sheet: "Bands",
    about: "Optional: age bands or settings. Leave empty if every pack covers all ages.",
    columns: &[col("ID", "Short id, e.g. primary", 16.0, true), col("Name", "As printed", 30.0, true), col("Description", "", 50.0, false)],
};

pub const STATEMENTS: Layout = Layout {
    sheet: "Statements",
    about: "One row per competency statement. Domain, Topic and Sub-heading group them; an empty Domain repeats the one above.",
    columns: &[
        col("Domain", "The domain's title (empty: same as the row above)", 28.0, true),
        col("Topic", "A topic inside the domain, if any", 24.0, false),
        col("Sub-heading", "A sub-heading within its level, if any", 24.0, false),
        col("ID", "A stable id, e.g. sg-1-01 (made up when empty); keep it when rewording", 14.0, false),
        col("Statement", "The statement, e.g. Knows how to report a concern", 70.0, true),
        col("Level", "Level id(s), separated by , (drop-down)", 12.0, true),
        col("Bands", "Band id(s), separated by , (empty: all bands)", 16.0, false),
        col("Kind", "knowledge, skill or value", 12.0, false),
        col("Tags", "Separated by ,", 20.0, false),
        col("Additional needs", "yes: an enhancement for children with additional needs", 14.0, false),
    ],
};

pub const SCALE: Layout = Layout {
    sheet: "Scale",
    about: "The self-assessment rating scale, lowest first. Leave empty for framewright's four-point scale.",
    columns: &[
        col("Value", "A whole number, e.g. 1", 8.0, true),
        col("Label", "e.g. Not yet", 20.0, true),
        col("Description", "e.g. I have not yet developed this", 50.0, false),
        col("Met", "yes: this rating counts as the statement being met", 8.0, false),
    ],
};

pub const TRAINING: Layout = Layout {
    sheet: "Training",
    about: "Optional: training options and who they serve.",
    columns: &[
        col("ID", "Short id", 14.0, true),
        col("Title", "As printed", 36.0, true),
        col("Provider", "", 20.0, false),
        col(
            "Format",
            "e-learning, face-to-face, blended, webinar, shadowing, presentation, shared-expertise, reading, coaching or other",
            16.0,
            true,
        ),
        col("Duration", "e.g. 3 hours", 12.0, false),
        col("Cost", "e.g. Free", 10.0, false),
        col("Link", "https://… or mailto:…", 30.0, false),
        col("Levels", "Level id(s) it serves, separated by ,", 12.0, false),
        col("Roles", "Role id(s) it serves", 12.0, false),
        col("Bands", "Band id(s) (empty: all)", 12.0, false),
        col("Statements", "Statement id(s) it closes", 20.0, false),
        col("Refresh every", "e.g. 3 years or 18 months", 14.0, false),
    ],
};

/// Every list sheet, in the workbook's order.
pub const LISTS: [&Layout; 6] = [&LEVELS, &ROLES, &BANDS, &STATEMENTS, &SCALE, &TRAINING];

/// Rows the drop-downs and text formats cover.
const ROWS: u32 = 2000;

const INSTRUCTIONS: &[&str] = &[
    "framewright template: a first draft of a competency framework",
    "",
    "1. Fill in the Framework sheet: title, publisher, version and publication date at least.",
    "2. List your levels on the Levels sheet (at least one), and roles and age bands if you use them.",
    "3. Write one statement per row on the Statements sheet: its domain, level and text at least. The Level and Bands columns offer drop-downs of the ids you listed.",
    "4. Optionally set the rating scale (Scale) and training options (Training).",
    "5. Save as .xlsx and run:  framewright import sheet THIS-FILE.xlsx --out sources/my-framework.toml",
    "",
    "framewright reads every cell as text, so ids such as 01 or 1.10 stay as typed; the id columns are already formatted as text.",
    "Each problem is reported as FILE!Sheet:Row:Column with what to do. Nothing is written until the draft passes `framewright check`.",
    "Several ids in one cell are separated by commas. The first row of each sheet names the columns: keep it.",
];

/// Writes the blank template to `path` (through a temporary file).
pub fn write(path: &Path) -> Result<(), String> {
    let bytes = workbook().map_err(|e| format!("could not make the template: {e}"))?;
    crate::files::write_atomically(path, &bytes, true)
}

fn workbook() -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed date, so the same framewright writes the same bytes.
    book.set_properties(
        &DocProperties::new().set_title("framewright template").set_creation_datetime(&ExcelDateTime::from_ymd(2025, 1, 1)?),
    );
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let text = Format::new().set_num_format("@");

    let sheet = book.add_worksheet().set_name(INSTRUCTIONS_SHEET)?;
    sheet.set_column_width(0, 120)?;
    for (i, line) in INSTRUCTIONS.iter().enumerate() {
        sheet.write_string_with_format(i as u32, 0, *line, if i == 0 { &bold } else { &wrap })?;
    }
    let sheets =
        std::iter::once((FRAMEWORK_SHEET, "The framework's details: one value per row.")).chain(LISTS.iter().map(|l| (l.sheet, l.about)));
    for (i, (name, about)) in sheets.enumerate() {
        sheet.write_string_with_format((INSTRUCTIONS.len() + 1 + i) as u32, 0, format!("{name}: {about}"), &wrap)?;
    }

    let sheet = book.add_worksheet().set_name(FRAMEWORK_SHEET)?;
    for (c, (header, width)) in [("Field", 14.0), ("Value", 50.0), ("What to write", 80.0)].into_iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, header, &bold)?;
        sheet.set_column_width(c as u16, width)?;
    }
    sheet.set_column_format(1, &text)?;
    for (r, (field, required, help)) in FRAMEWORK_FIELDS.iter().enumerate() {
        sheet.write_string(r as u32 + 1, 0, *field)?;
        let help = if *required { format!("Required. {help}") } else { help.to_string() };
        sheet.write_string(r as u32 + 1, 2, help)?;
    }

    for layout in LISTS {
        let sheet = book.add_worksheet().set_name(layout.sheet)?;
        sheet.set_freeze_panes(1, 0)?;
        let drop_down = |list: &str| {
            DataValidation::new().allow_list_formula(Formula::new(list)).set_error_style(DataValidationErrorStyle::Information)
        };
        let yes_no = || DataValidation::new().allow_list_strings(&["yes", "no"]);
        let list_for = |header: &str| -> Result<Option<DataValidation>, XlsxError> {
            Ok(match (layout.sheet, header) {
                ("Statements" | "Roles", "Level") => Some(drop_down("=Levels!$A$2:$A$500")),
                ("Statements", "Bands") => Some(drop_down("=Bands!$A$2:$A$500")),
                ("Statements", "Kind") => Some(DataValidation::new().allow_list_strings(&["knowledge", "skill", "value"])?),
                ("Statements", "Additional needs") | ("Levels", "Cumulative") | ("Scale", "Met") => Some(yes_no()?),
                ("Training", "Format") => {
                    let formats: Vec<&str> = crate::model::TrainingFormat::ALL.iter().map(|(name, _)| *name).collect();
                    Some(DataValidation::new().allow_list_strings(&formats)?)
                }
                _ => None,
            })
        };
        for (c, column) in layout.columns.iter().enumerate() {
            let c = c as u16;
            sheet.set_column_width(c, column.width)?;
            sheet.set_column_format(c, &text)?;
            sheet.write_string_with_format(0, c, column.header, &bold)?;
            let title = truncated(&if column.required { format!("{} (required)", column.header) } else { column.header.to_string() }, 32);
            let validation = list_for(column.header)?.unwrap_or_else(|| DataValidation::new().allow_any_value());
            let help = if column.help.is_empty() { layout.about } else { column.help };
            let validation = validation.set_input_title(title)?.set_input_message(truncated(help, 255))?;
            sheet.add_data_validation(1, c, ROWS, c, &validation)?;
        }
    }
    book.save_to_buffer()
}

fn truncated(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}
