//! `framewright serve`: the seeds' survey loop online. A lead opens a
//! collection and shares one link; staff choose their pack, fill in the
//! HTML edition as built and send it; the lead sees the training needs
//! analysis and sends the setting's summary; the council sees every
//! setting's summaries merged. Its one job: keep accounts, collections
//! and what was sent, and serve them; every document is made by the
//! library ([`Library`]).
//!
//! - [`library`]: what the service asks of the document library;
//! - [`store`]: the database (SQLite or PostgreSQL) and its schema;
//! - [`results`]: a collection's harvest, made by the library, kept, and
//!   made again in the background after sends, ready before it is asked for;
//! - [`retention`]: typed text deleted after the retention period, counts kept;
//! - [`person`]: one person's data found, exported and erased;
//! - `web`: the HTTP service: who is asking, pages, the API, headers;
//! - `secret`: share links, sessions and tokens.
//!
//! The commands (`serve`, `serve user add`, `serve token create`,
//! `serve backup`, `serve sweep`) are [`Command`]s run by [`run`], which starts its own
//! runtime: the caller needs no async code.

pub mod library;
pub mod person;
pub mod results;
pub mod retention;
mod secret;
pub mod store;
mod web;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

pub use library::{Catalogue, HarvestJob, Library};
use store::Db;
use store::accounts::Role;

/// Where the service keeps its data and how it is reached.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The data folder: the SQLite database, the built site, results.
    pub data: PathBuf,
    /// `postgres://…`, or `None` for SQLite in the data folder.
    pub database: Option<String>,
}

/// What `framewright serve …` was asked to do.
#[derive(Clone, Debug)]
pub enum Command {
    /// Serve on `listen` until stopped.
    Serve { listen: SocketAddr, sends_per_second: u32, public_url: Option<String> },
    /// Add an account; prints a one-time link to set its password.
    AddUser { email: String, role: String, setting: Option<String>, public_url: Option<String> },
    /// Create an API token for an account; prints it once.
    CreateToken { email: String },
    /// Copy the database, consistently, while the service runs.
    Backup { to: PathBuf },
    /// Delete the typed text of collections past their retention period,
    /// keeping their counts (what the server does every hour), once.
    Sweep,
}

/// The state every request sees.
pub struct App {
    pub db: Db,
    pub library: Arc<dyn Library>,
    pub data: PathBuf,
    /// The built HTML editions, and what the download page lists of them.
    pub site: PathBuf,
    pub catalogue: RwLock<Catalogue>,
    pub pages: web::pages::Pages,
    pub limits: web::limits::Limits,
    /// One harvest at a time (see [`results`]).
    pub harvesting: tokio::sync::Mutex<()>,
    /// The collections whose results are to be made again ([`results::keep_ready`]).
    pub stale: results::Stale,
    /// The address people reach the service at, for links it prints.
    pub public_url: String,
}

impl App {
    /// The personalised HTML editions of a collection's staff list.
    pub fn people_site(&self, collection: i64) -> PathBuf {
        self.data.join("people").join(collection.to_string())
    }

    /// The service's state, once the project's HTML editions are built
    /// into the data folder (the harvest reads the sources they name).
    pub async fn start(db: Db, data: PathBuf, library: Arc<dyn Library>, sends: u32, public_url: String) -> Result<Arc<App>, String> {
        let site = data.join("site");
        let (build, built) = (library.clone(), site.clone());
        let catalogue = tokio::task::spawn_blocking(move || build.build(&built)).await.map_err(|e| e.to_string())??;
        let pages = web::pages::Pages::new(library.words())?;
        Ok(Arc::new(App {
            db,
            library,
            data,
            site,
            catalogue: RwLock::new(catalogue),
            pages,
            limits: web::limits::Limits::new(sends),
            harvesting: tokio::sync::Mutex::new(()),
            stale: results::Stale::default(),
            public_url,
        }))
    }
}

/// Runs `command`; what it has to say to the person at the terminal.
pub fn run(settings: Settings, command: Command, library: Arc<dyn Library>) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| format!("cannot start: {e}"))?;
    runtime.block_on(async move {
        let db = Db::open(settings.database.as_deref(), &settings.data).await?;
        match command {
            Command::Serve { listen, sends_per_second, public_url } => {
                let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| format!("cannot listen on {listen}: {e}"))?;
                let listening = listener.local_addr().map_or(listen, |a| a);
                // Links name the port listened on, also when the system chose it (`--listen 127.0.0.1:0`).
                let public_url = public_url.unwrap_or_else(|| format!("http://{listening}")).trim_end_matches('/').to_string();
                let app = App::start(db, settings.data, library, sends_per_second, public_url).await?;
                tokio::spawn(retention::every_hour(app.clone()));
                tokio::spawn(results::keep_ready(app.clone()));
                eprintln!("framewright serve: listening on {listening}");
                web::serve(app, listener).await.map(|()| String::new())
            }
            Command::AddUser { email, role, setting, public_url } => {
                let role = Role::parse(&role).ok_or_else(|| format!("--role {role}: give council or lead"))?;
                let email = email.trim().to_lowercase();
                if role == Role::Lead && setting.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    return Err("a lead collects for a setting: name it with --setting \"…\"".into());
                }
                let user = db.add_user(&email, role, setting.as_deref().map(str::trim)).await.map_err(|e| e.to_string())?;
                let user = user.ok_or_else(|| format!("{email} already has an account"))?;
                let link = db.password_link(user.id).await.map_err(|e| e.to_string())?;
                db.audit("command line", "add account", &format!("{email} ({})", role.as_str())).await.map_err(|e| e.to_string())?;
                let base = public_url.unwrap_or_else(|| "http://127.0.0.1:8080".into());
                Ok(format!("{email} can set a password (once, within 7 days) at {}/password/{link}", base.trim_end_matches('/')))
            }
            Command::CreateToken { email } => {
                let (user, _) = db
                    .user_by_email(&email.trim().to_lowercase())
                    .await
                    .map_err(|e| e.to_string())?
                    .ok_or_else(|| format!("{email} has no account"))?;
                let token = db.create_token(user.id).await.map_err(|e| e.to_string())?;
                db.audit("command line", "create API token", &user.email).await.map_err(|e| e.to_string())?;
                Ok(token)
            }
            Command::Backup { to } => {
                db.backup(&to).await?;
                Ok(format!("copied the database to {}", to.display()))
            }
            Command::Sweep => {
                let app = App::start(db, settings.data, library, 1, String::new()).await?;
                let said = retention::sweep(&app).await?;
                Ok(if said.is_empty() { "no collection is past its retention period".into() } else { said.join("\n") })
            }
        }
    })
}
