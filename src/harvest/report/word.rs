//! The training needs analysis as a Word document: the PDF report's
//! sections in the same order (completion, gaps per domain, statements
//! ranked, training, refreshers, one plan per person), with real heading
//! styles and tables whose rows do not split across pages.

use docx_rs::{Docx, Paragraph, Run, Style, StyleType, Table, TableCell, TableRow};

use crate::harvest::analysis::{Analysis, FrameworkAnalysis};
use crate::render::docx::stamp;

fn percent(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

fn para(text: impl AsRef<str>) -> Paragraph {
    // Line breaks typed in a form stay line breaks.
    let mut run = Run::new();
    for (i, line) in text.as_ref().split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(docx_rs::BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    Paragraph::new().add_run(run)
}

fn heading(level: usize, text: impl AsRef<str>) -> Paragraph {
    para(text).style(&format!("Heading{level}"))
}

fn table(header: &[&str], rows: Vec<Vec<String>>) -> Table {
    let cell = |text: &str, bold: bool| {
        let p = if bold { Paragraph::new().add_run(Run::new().add_text(text).bold()) } else { para(text) };
        TableCell::new().add_paragraph(p)
    };
    let mut all = vec![TableRow::new(header.iter().map(|h| cell(h, true)).collect()).cant_split()];
    all.extend(rows.iter().map(|r| TableRow::new(r.iter().map(|c| cell(c, false)).collect()).cant_split()));
    Table::new(all)
}

fn styles(docx: Docx, primary: &str) -> Docx {
    (1..=3).fold(docx, |docx, level| {
        docx.add_style(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .based_on("Normal")
                .next("Normal")
                .outline_lvl(level - 1)
                .bold()
                .color(primary)
                .size([40, 30, 26][level - 1]),
        )
    })
}

fn framework(mut docx: Docx, fw: &FrameworkAnalysis) -> Docx {
    docx =
        docx.add_paragraph(heading(1, &fw.title)).add_paragraph(para(format!("Version {} · {} people harvested", fw.version, fw.people)));
    docx = docx.add_paragraph(heading(2, "Completion by role and band")).add_table(table(
        &["Role", "Band", "People", "Completed", "Rated"],
        fw.completion
            .iter()
            .map(|g| vec![g.role.clone(), g.band.clone(), g.people.to_string(), g.complete.to_string(), percent(g.share)])
            .collect(),
    ));
    docx = docx.add_paragraph(heading(2, "Gaps per domain")).add_table(table(
        &["Domain", "Ratings", "Below met", "Share below met", "People with a gap"],
        fw.domains
            .iter()
            .map(|d| vec![d.title.clone(), d.rated.to_string(), d.below.to_string(), percent(d.share_below), d.people.to_string()])
            .collect(),
    ));
    docx = docx.add_paragraph(heading(2, "Statements ranked by the people below \u{201c}met\u{201d}")).add_table(table(
        &["Statement", "Capability", "Domain", "Rated", "Below met"],
        fw.statements
            .iter()
            .map(|s| {
                vec![
                    s.id.0.clone(),
                    s.text.clone(),
                    s.domain.clone(),
                    s.rated.to_string(),
                    format!("{} ({})", s.below, percent(s.share_below)),
                ]
            })
            .collect(),
    ));
    docx = docx.add_paragraph(heading(2, "Training that closes the biggest gaps")).add_table(table(
        &["Training option", "Format", "Gaps closed", "People served"],
        fw.training.iter().map(|t| vec![t.title.clone(), t.format.clone(), t.gaps.to_string(), t.people.to_string()]).collect(),
    ));
    docx = docx.add_paragraph(heading(2, "Refresher training due")).add_table(table(
        &["Person", "Role", "Signed off", "Every", "Due"],
        fw.refreshers
            .iter()
            .map(|r| {
                let due = if r.overdue { format!("{} (overdue)", r.due) } else { r.due.to_string() };
                vec![r.person.clone(), r.role.clone(), r.signed_off.to_string(), r.every.clone(), due]
            })
            .collect(),
    ));
    docx = docx.add_paragraph(heading(2, "Training plans"));
    for p in &fw.plans {
        let name = if p.person.is_empty() { "(name not given)" } else { &p.person };
        docx = docx.add_paragraph(heading(3, name));
        let mut about = vec![p.role.clone(), p.band.clone(), p.setting.clone(), format!("{} rated", percent(p.completion))];
        if let Some(due) = p.refresher_due {
            about.push(format!("refresher due {due}"));
        }
        about.retain(|s| !s.is_empty());
        docx = docx.add_paragraph(para(about.join(" · ")));
        if p.gaps.is_empty() {
            docx = docx.add_paragraph(para("No statement rated below the \u{201c}met\u{201d} line."));
        } else {
            docx = docx.add_table(table(
                &["Statement", "Capability", "Rating", "Their action"],
                p.gaps
                    .iter()
                    .map(|g| vec![g.statement.0.clone(), g.text.clone(), g.rating.clone(), g.action.clone().unwrap_or_else(|| "–".into())])
                    .collect(),
            ));
        }
        if !p.training.is_empty() {
            let list: Vec<String> = p.training.iter().map(|t| format!("{} ({})", t.title, join(&t.closes))).collect();
            docx = docx.add_paragraph(para(format!("Training: {}", list.join("; "))));
        }
        if !p.not_rated.is_empty() {
            docx = docx.add_paragraph(para(format!("Not rated: {}", join(&p.not_rated))));
        }
    }
    docx
}

fn join(ids: &[crate::model::Id]) -> String {
    ids.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(", ")
}

pub fn report(analysis: &Analysis) -> Result<Vec<u8>, String> {
    let primary = analysis.branding.primary.0.trim_start_matches('#').to_string();
    let mut docx = styles(Docx::new(), &primary)
        .add_paragraph(heading(1, "Training needs analysis"))
        .add_paragraph(para(format!("{} people · {}", analysis.people, analysis.date)));
    for fw in &analysis.frameworks {
        docx = framework(docx, fw);
    }
    if !analysis.chase.is_empty() {
        docx = docx.add_paragraph(heading(1, "Returns to chase")).add_table(table(
            &["Person", "Status", "What to do", "File"],
            analysis
                .chase
                .iter()
                .map(|c| vec![c.person.clone(), c.status.replace('_', " "), c.reason.clone(), c.file.clone().unwrap_or_default()])
                .collect(),
        ));
    }
    let date = crate::harvest::report::datetime(&analysis.date.to_string());
    let mut parts = docx.build();
    ooxml::conform(&mut parts)?;
    ooxml::zip(parts, &stamp(date)).map_err(|e| format!("cannot write report.docx: {e}"))
}
