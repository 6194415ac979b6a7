//! `framewright harvest`: read completed packs back (see `docs/harvest.md`).

use std::path::{Path, PathBuf};

use super::{Context, exit, fail};
use crate::harvest::shard::Shard;
use crate::harvest::{self, Finished, Harvest, HarvestOptions, ShardRead};
use crate::source::Loaded;
use crate::source::staff::BadRow;

/// Read completed packs (PDF, Word, answers files) back into responses and a training needs analysis.
#[derive(clap::Args)]
pub struct Args {
    /// Completed packs, or folders holding them (read recursively).
    #[arg(required_unless_present_any = ["merge", "combine"], conflicts_with = "combine")]
    inputs: Vec<PathBuf>,
    /// The folder to write responses.csv, harvest.json and the reports into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The sources the packs were built from (default: every .toml in sources/).
    #[arg(long = "source", value_name = "FILE", num_args = 1..)]
    sources: Vec<PathBuf>,
    /// Summaries (summary.json) of other settings to combine with this
    /// harvest's into one summary for the council.
    #[arg(long, value_name = "SUMMARY", num_args = 1..)]
    merge: Vec<PathBuf>,
    /// The setting's staff list (CSV, as for `build --staff`): the reports
    /// then list who has not returned, and the log names each person.
    #[arg(long, value_name = "CSV", conflicts_with_all = ["shard", "merge"])]
    staff: Option<PathBuf>,
    /// The setting's name, as the council lists it, for the summary sent.
    #[arg(long, value_name = "NAME")]
    setting: Option<String>,
    /// How many staff are expected to return a form (instead of --staff).
    #[arg(long, value_name = "N", conflicts_with = "staff")]
    expected: Option<u64>,
    /// With --merge: the settings the council expects (one name a line, or
    /// a CSV with a `setting` column); those that sent nothing are listed.
    #[arg(long, value_name = "FILE", requires = "merge")]
    settings: Option<PathBuf>,
    /// Write only responses.csv and harvest.json (no analysis, reports or summary).
    #[arg(long, conflicts_with = "merge")]
    no_reports: bool,
    /// Read only the K-th of N parts of the inputs into DIR/shard-K-of-N.jsonl
    /// (for many machines; combine the parts with --combine).
    #[arg(long, value_name = "K/N", conflicts_with_all = ["merge", "no_reports"])]
    shard: Option<Shard>,
    /// The language to write the reports and the summary in (`cy`): the
    /// wording table in that language, and the sources' texts from their
    /// translations beside them (texts not translated stay in the source's
    /// language, and harvest says how much is). Default: the sources' own.
    /// analysis.json and summary.json stay in the sources' language.
    #[arg(long, value_name = "LANG", conflicts_with_all = ["shard", "no_reports"])]
    lang: Option<String>,
    /// Harvest from the shard files (or folders of them) of a `--shard` run
    /// instead of reading inputs: the same outputs as one run over them all.
    #[arg(long, value_name = "SHARDS", num_args = 1.., conflicts_with = "shard")]
    combine: Vec<PathBuf>,
}

pub fn run(args: Args, cx: &Context) -> i32 {
    let options = HarvestOptions {
        inputs: args.inputs,
        out: args.out,
        sources: args.sources,
        merge: args.merge,
        staff: args.staff,
        setting: args.setting,
        expected: args.expected,
        settings: args.settings,
        no_reports: args.no_reports,
        shard: args.shard,
        combine: args.combine,
        lang: args.lang,
        names_within: None,
    };
    match harvest::run(&options, &mut Terminal { color: cx.color }) {
        Ok(Finished::Harvest(harvest)) if harvest.any_unusable() => exit::INVALID,
        Ok(Finished::Harvest(_) | Finished::Merge) => exit::OK,
        Ok(Finished::Shard(ShardRead { shard, read, unusable, total })) => {
            println!("shard {shard}: read {read} of {total} files ({unusable} unusable; see the combined harvest.json)");
            exit::OK
        }
        Err(e) => fail(&e),
    }
}

/// What a harvest tells the person running it: problems and notes on
/// stderr, the totals and the files written on stdout.
struct Terminal {
    /// Colour in a source's diagnostics.
    color: bool,
}

impl harvest::Reporter for Terminal {
    fn diagnostics(&mut self, loaded: &Loaded) {
        eprint!("{}", loaded.render_diagnostics(self.color));
    }

    fn note(&mut self, note: &str) {
        eprintln!("note: {note}");
    }

    fn left_out(&mut self, csv: &Path, row: &BadRow) {
        eprintln!("warning: {}:{}: left out of the returns to chase: {}", csv.display(), row.line, row.message);
    }

    fn harvested(&mut self, harvest: &Harvest) {
        report(harvest);
    }

    fn wrote(&mut self, path: &Path) {
        println!("wrote {}", path.display());
    }
}

/// One line per file that needs a look, then the totals.
fn report(harvest: &Harvest) {
    for entry in &harvest.log {
        let problems = entry.mistakes.iter().chain(&entry.notes);
        if entry.status.unusable() || matches!(entry.status, harvest::log::Status::Duplicate | harvest::log::Status::Superseded) {
            eprintln!("{}: {}: {}", entry.file, entry.status.as_str().replace('_', " "), entry.reason);
        }
        for problem in problems {
            eprintln!("{}: note: {problem}", entry.file);
        }
    }
    let count = |status: harvest::log::Status| harvest.log.iter().filter(|e| e.status == status).count();
    use harvest::log::Status::*;
    println!(
        "{} files: {} read, {} partly completed, {} older version, {} duplicate, {} superseded, {} foreign, {} corrupt, {} damaged, {} encrypted, {} flattened; {} people harvested",
        harvest.log.len(),
        count(Read),
        count(PartlyCompleted),
        count(OlderVersion),
        count(Duplicate),
        count(Superseded),
        count(Foreign),
        count(Corrupt),
        count(Damaged),
        count(Encrypted),
        count(Flattened),
        harvest.submissions.len()
    );
}
