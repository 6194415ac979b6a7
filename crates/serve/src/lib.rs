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
//! - [`notices`]: registrants told of a new edition by email;
//! - `web`: the HTTP service: who is asking, pages, the API, headers;
//! - `secret`: share links, sessions and tokens.
//!
//! The commands (`serve`, `serve user add`, `serve token create`,
//! `serve backup`, `serve sweep`, `serve notify`) are [`Command`]s run by [`run`], which starts its own
//! runtime: the caller needs no async code.

pub mod library;
pub mod notices;
pub mod person;
pub mod results;
pub mod retention;
mod secret;
pub mod store;
mod web;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use library::PersonalPack;
pub use library::{Catalogue, HarvestJob, Library};
use store::Db;
use store::accounts::{Role, TOKEN_DAYS_MOST};
use web::failure::Failure;

/// Where the service keeps its data and how it is reached.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The data folder: the SQLite database, the built site, results.
    pub data: PathBuf,
    /// `postgres://…`, or `None` for SQLite in the data folder.
    pub database: Option<String>,
    /// How to send notices of new editions; `None`: they are not sent.
    pub mail: Option<notices::MailSettings>,
}

/// What `framewright serve …` was asked to do.
#[derive(Clone, Debug)]
pub enum Command {
    /// Serve on `listen` until stopped.
    Serve { listen: SocketAddr, sends_per_second: u32, public_url: Option<String> },
    /// Add an account; prints a one-time link to set its password.
    AddUser { email: String, role: String, setting: Option<String>, public_url: Option<String> },
    /// Create an API token for an account, valid for `days`; prints it once.
    CreateToken { email: String, days: i64 },
    /// Copy the database, consistently, while the service runs.
    Backup { to: PathBuf },
    /// Delete the typed text of collections past their retention period,
    /// keeping their counts (what the server does every hour), once.
    Sweep,
    /// Email the registrants of `framework` who have not been told of the
    /// edition now served; links in the emails start with `public_url`.
    Notify { framework: String, public_url: Option<String> },
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
    /// Sends notices of new editions, when the council configured SMTP.
    pub mailer: Option<notices::Mailer>,
}

impl App {
    /// Each framework's title by its id, for pages that list collections
    /// (a collection stores the id).
    pub fn framework_titles(&self) -> std::collections::BTreeMap<String, String> {
        let catalogue = self.catalogue.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        catalogue.frameworks.iter().map(|l| (l.framework.id.clone(), l.framework.title.clone())).collect()
    }

    /// The personalised HTML editions of a collection's staff list.
    pub fn people_site(&self, collection: i64) -> PathBuf {
        self.data.join("people").join(collection.to_string())
    }

    /// Builds the personalised packs of the staff list `csv` into a
    /// folder of its own in the data folder (then [`App::place_people`]).
    /// A list the library refuses is [`Failure::Bad`], with its message.
    pub async fn build_people(&self, framework: &str, csv: &[u8]) -> Result<(tempfile::TempDir, Vec<PersonalPack>), Failure> {
        let work = tempfile::Builder::new().prefix(".people-").tempdir_in(&self.data).map_err(Failure::internal)?;
        let list = work.path().join("staff.csv");
        std::fs::write(&list, csv).map_err(Failure::internal)?;
        let (library, framework, out) = (self.library.clone(), framework.to_string(), work.path().join("site"));
        let people = tokio::task::spawn_blocking(move || library.build_people(&framework, &list, &out)).await.map_err(Failure::internal)?;
        Ok((work, people.map_err(Failure::Bad)?))
    }

    /// Moves packs [`App::build_people`] built to where the collection's
    /// links find them. If they are there already (another request placed
    /// them first), those stay: the same list gives the same files.
    pub fn place_people(&self, work: &tempfile::TempDir, collection: i64) -> Result<PathBuf, Failure> {
        let people = self.people_site(collection);
        std::fs::create_dir_all(people.parent().unwrap_or(&self.data)).map_err(Failure::internal)?;
        match std::fs::rename(work.path().join("site"), &people) {
            Err(e) if !people.is_dir() => Err(Failure::internal(e)),
            _ => Ok(people),
        }
    }

    /// A collection's personalised packs, built again from its stored
    /// staff list where this process has none: another `serve` process on
    /// the same database opened the collection, or the data folder was
    /// restored without them. After the retention sweep there is no list,
    /// and no packs.
    pub async fn people_site_of(&self, collection: &store::collections::Collection) -> Result<PathBuf, Failure> {
        let people = self.people_site(collection.id);
        if people.is_dir() {
            return Ok(people);
        }
        match self.db.staff_list(collection.id).await? {
            Some(csv) => {
                // The list built when the collection was opened: refused now, it is our fault.
                let built = self.build_people(&collection.framework, &csv).await;
                let (work, _) = built.map_err(|e| if let Failure::Bad(why) = e { Failure::Internal(why) } else { e })?;
                self.place_people(&work, collection.id)
            }
            None => Ok(people),
        }
    }

    /// The service's state, once the project's HTML editions are built
    /// into the data folder (the harvest reads the sources they name).
    pub async fn start(db: Db, settings: Settings, library: Arc<dyn Library>, sends: u32, public_url: String) -> Result<Arc<App>, String> {
        let mailer = settings.mail.as_ref().map(notices::Mailer::new).transpose()?;
        let data = settings.data;
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
            mailer,
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
                let app = App::start(db, settings, library, sends_per_second, public_url).await?;
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
            Command::CreateToken { email, days } => {
                if !(1..=TOKEN_DAYS_MOST).contains(&days) {
                    return Err(format!("--days {days}: give from 1 to {TOKEN_DAYS_MOST} days"));
                }
                let (user, _) = db
                    .user_by_email(&email.trim().to_lowercase())
                    .await
                    .map_err(|e| e.to_string())?
                    .ok_or_else(|| format!("{email} has no account"))?;
                let (token, expires) = db.create_token(user.id, days).await.map_err(|e| e.to_string())?;
                let until = web::pages::date(expires);
                db.audit("command line", "create API token", &format!("{} (until {until})", user.email))
                    .await
                    .map_err(|e| e.to_string())?;
                // The token alone on standard output, for scripts to capture.
                eprintln!("framewright serve: the token works until {until}; make another before then");
                Ok(token)
            }
            Command::Backup { to } => {
                db.backup(&to).await?;
                Ok(format!("copied the database to {}", to.display()))
            }
            Command::Sweep => {
                let app = App::start(db, settings, library, 1, String::new()).await?;
                let said = retention::sweep(&app).await?;
                Ok(if said.is_empty() { "no collection is past its retention period".into() } else { said.join("\n") })
            }
            Command::Notify { framework, public_url } => {
                if settings.mail.is_none() {
                    return Err("give the SMTP server with --smtp smtp://host:port (or FRAMEWRIGHT_SMTP) and --mail-from ADDRESS".into());
                }
                let public_url =
                    public_url.ok_or("give --public-url https://…: the links in the emails must reach the service from people's mail")?;
                let app = App::start(db, settings, library, 1, public_url.trim_end_matches('/').to_string()).await?;
                let mailer = app.mailer.as_ref().ok_or("no mailer")?;
                let outcome = notices::send(&app, mailer, &framework, &"command line".into()).await.map_err(|e| match e {
                    Failure::NotFound => format!("{framework} is not a framework of this project"),
                    Failure::Internal(why) => why,
                    other => other.message().to_string(),
                })?;
                let emailed = format!(
                    "emailed {} {} of {framework} {}",
                    outcome.sent,
                    if outcome.sent == 1 { "notice" } else { "notices" },
                    outcome.version
                );
                if !outcome.failed.is_empty() {
                    let refused = outcome.failed.join("\n");
                    return Err(format!(
                        "{emailed}; the SMTP server refused {} (run again to retry them):\n{refused}",
                        outcome.failed.len()
                    ));
                }
                Ok(emailed)
            }
        }
    })
}
