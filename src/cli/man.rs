//! `framewright man`: the manual pages (roff), generated from the clap
//! definitions, so they always match `--help`.

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use super::write_stdout;
use super::{Cli, exit, fail_with};

/// Print the manual page (roff) to stdout, or write one page per subcommand with --out.
///
/// View it with `framewright man | man -l -`; install the pages with
/// `framewright man --out /usr/local/share/man/man1`.
#[derive(clap::Args)]
pub struct Args {
    /// Write framewright.1 and one framewright-SUBCOMMAND.1 per subcommand into this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> i32 {
    let pages = match pages() {
        Ok(pages) => pages,
        Err(e) => return fail_with(format_args!("cannot render the manual pages: {e}"), exit::INVALID),
    };
    let Some(dir) = args.out else {
        let (_, top) = &pages[0];
        return write_stdout(top).map_or(exit::INVALID, |()| exit::OK);
    };
    match write_pages(&dir, &pages) {
        Ok(()) => {
            eprintln!("wrote {} manual pages to {}", pages.len(), dir.display());
            exit::OK
        }
        Err(e) => fail_with(format_args!("cannot write the manual pages to {}: {e}", dir.display()), exit::INVALID),
    }
}

/// (file name, roff) of the top page, then one page per subcommand. The
/// `help` subcommand gets no page: `man framewright-SUBCOMMAND` replaces it.
fn pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let source = format!("framewright {}", env!("CARGO_PKG_VERSION"));
    let mut pages = Vec::new();
    for (i, cmd) in std::iter::once(cmd.clone()).chain(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned()).enumerate() {
        let man = clap_mangen::Man::new(cmd).source(source.clone());
        let mut roff = Vec::new();
        man.render(&mut roff)?;
        if i == 0 {
            roff = with_exit_status(roff);
        }
        pages.push((man.get_filename(), roff));
    }
    Ok(pages)
}

/// Adds an EXIT STATUS section (before VERSION) to the top page: the codes
/// scripts rely on, from [`exit`].
fn with_exit_status(roff: Vec<u8>) -> Vec<u8> {
    let section = format!(
        ".SH \"EXIT STATUS\"\n.TP\n{}\nEverything worked (warnings allowed).\n.TP\n{}\nA source or template has mistakes (the diagnostics say which with file, line and column), or files could not be written.\n.TP\n{}\nThe command line is wrong: an unknown flag, a missing file, a folder given as a source, a folder name \\fBnew\\fR refuses.\n.TP\n{}\nAnother build is writing to the same output folder.\n",
        exit::OK,
        exit::INVALID,
        exit::USAGE,
        exit::BUSY
    );
    let text = String::from_utf8_lossy(&roff);
    let text = match text.find("\n.SH VERSION") {
        Some(at) => format!("{}\n{}{}", &text[..at], section, &text[at + 1..]),
        None => format!("{text}{section}"),
    };
    text.into_bytes()
}

fn write_pages(dir: &Path, pages: &[(String, Vec<u8>)]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, roff) in pages {
        std::fs::write(dir.join(name), roff)?;
    }
    Ok(())
}
