//! `framewright serve`: the collect-online service (crates/serve), run on
//! the project in the current folder. With no subcommand it serves; its
//! subcommands manage accounts and copies while it runs (docs/serve.md).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Subcommand;

use super::exit;
use super::failure::fail_with;
use crate::service::Project;

/// Serve the project online: share links, sends, results, the council's view.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// The data folder: the SQLite database, the built HTML editions, results.
    #[arg(long, default_value = "serve-data", global = true)]
    data: PathBuf,
    /// A PostgreSQL database (postgres://…) instead of SQLite in the data folder.
    #[arg(long, global = true, env = "FRAMEWRIGHT_DATABASE")]
    database: Option<String>,
    /// The address people reach the service at (behind a proxy: its https:// address), for the links it gives.
    #[arg(long, global = true)]
    public_url: Option<String>,
    /// Where to listen (loopback by default: put a TLS proxy in front, docs/serve.md).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Sends a second from one address (a minute's worth may come at once).
    #[arg(long, default_value_t = 20)]
    sends_per_second: u32,
    /// The SMTP server for notices of new editions: smtp://host:port, smtp://user:password@host:587?tls=required, smtps://host:465.
    #[arg(long, global = true, env = "FRAMEWRIGHT_SMTP", requires = "mail_from")]
    smtp: Option<String>,
    /// The address notices of new editions come from.
    #[arg(long, global = true, env = "FRAMEWRIGHT_MAIL_FROM", requires = "smtp")]
    mail_from: Option<String>,
    #[command(subcommand)]
    command: Option<ServeCommand>,
}

#[derive(Subcommand)]
enum ServeCommand {
    /// Accounts: `serve user add EMAIL --role council|lead [--setting NAME]`.
    #[command(subcommand)]
    User(UserCommand),
    /// API tokens for scripts: `serve token create EMAIL`.
    #[command(subcommand)]
    Token(TokenCommand),
    /// A consistent copy of the SQLite database, taken while the service runs.
    Backup {
        /// The new file to copy it to.
        to: PathBuf,
    },
    /// Delete what was typed in collections past their retention period, keeping the counts (the server does it hourly; this is for cron).
    Sweep,
    /// Email a notice of the edition now served to the framework's registrants not yet told of it (needs --smtp, --mail-from, --public-url).
    Notify {
        /// The framework's id.
        framework: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add an account and print a one-time link to set its password.
    Add {
        email: String,
        /// council (reads every setting's summary, adds accounts) or lead (collects for one setting).
        #[arg(long)]
        role: String,
        /// The setting a lead collects for.
        #[arg(long)]
        setting: Option<String>,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for an account and print it (once).
    Create {
        email: String,
        /// Days the token works (it stops working after them; make a new one).
        #[arg(long, default_value_t = serve::store::accounts::TOKEN_DAYS)]
        days: i64,
    },
}

pub fn run(args: Args) -> i32 {
    let command = match args.command {
        None => serve::Command::Serve { listen: args.listen, sends_per_second: args.sends_per_second, public_url: args.public_url },
        Some(ServeCommand::User(UserCommand::Add { email, role, setting })) => {
            serve::Command::AddUser { email, role, setting, public_url: args.public_url }
        }
        Some(ServeCommand::Token(TokenCommand::Create { email, days })) => serve::Command::CreateToken { email, days },
        Some(ServeCommand::Backup { to }) => serve::Command::Backup { to },
        Some(ServeCommand::Sweep) => serve::Command::Sweep,
        Some(ServeCommand::Notify { framework }) => serve::Command::Notify { framework, public_url: args.public_url },
    };
    let mail = args.smtp.zip(args.mail_from).map(|(smtp, from)| serve::notices::MailSettings { smtp, from });
    let settings = serve::Settings { data: args.data, database: args.database, mail };
    match serve::run(settings, command, Arc::new(Project::default())) {
        Ok(said) => {
            if !said.is_empty() {
                println!("{said}");
            }
            exit::OK
        }
        Err(e) => fail_with(format_args!("{e}"), exit::USAGE),
    }
}
