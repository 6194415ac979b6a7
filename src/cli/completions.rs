//! `framewright completions SHELL`: tab completion for a shell, generated
//! from the same clap definitions that parse the command line, so it can
//! never offer a flag that does not exist.

use clap::CommandFactory;

use super::{Cli, exit, write_stdout};

/// Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout.
///
/// Install it where your shell looks, e.g.
/// `framewright completions bash > ~/.local/share/bash-completion/completions/framewright`,
/// `framewright completions zsh > ~/.zfunc/_framewright` or
/// `framewright completions fish > ~/.config/fish/completions/framewright.fish`.
#[derive(clap::Args)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub fn run(args: Args) -> i32 {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "framewright", &mut script);
    write_stdout(&script).map_or(exit::INVALID, |()| exit::OK)
}
