//! Notices of a new edition, as a council that asks downloaders to
//! register promises ("to send you updated versions of it"): an email to
//! each registrant of a framework with an address, who has not
//! unsubscribed and has not yet been told of the edition the service now
//! serves. It says which edition replaces which, what changed for their
//! role (the library's comparison of the two editions: the changes that
//! concern the packs of the role they registered with, every change when
//! the page did not ask it, or that nothing in their pack changed), links
//! to their download page and a link to stop the notices; both links carry
//! a new secret of their own. The changes are listed only to those who
//! have the edition they are counted from (or whose edition is not known):
//! to someone two editions behind, the list would leave changes out.
//!
//! Sent over SMTP as the council configures it (`--smtp URL --mail-from
//! ADDRESS`). A registrant is marked as told only once the server took
//! their message, so a run that stops midway is simply run again, and
//! nobody is told twice of one edition.

use lettre::message::Mailbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde_json::json;

use crate::App;
use crate::library::Listing;
use crate::store::audit::Actor;
use crate::web::failure::Failure;

/// How the service sends email: an SMTP server, and who it is from.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// `smtp://host:port` (plain, as to a relay on loopback),
    /// `smtp://host:587?tls=required` (STARTTLS) or `smtps://host:465`,
    /// with `user:password@` when the server asks.
    pub smtp: String,
    pub from: String,
}

/// A connection pool to the council's SMTP server.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp)
            .map_err(|e| format!("--smtp: {e}; give smtp://host:port, smtp://host:587?tls=required or smtps://host:465"))?
            .build();
        let from = settings.from.parse().map_err(|e| format!("--mail-from {}: {e}; give an email address", settings.from))?;
        Ok(Mailer { transport, from })
    }
}

/// What a run of notices did.
#[derive(Debug)]
pub struct Outcome {
    pub version: String,
    pub sent: usize,
    /// The registrants (by address) whose message the server refused, and why.
    pub failed: Vec<String>,
}

/// Tells every registrant of `framework` who is due of the edition the
/// service serves; the audit log says `actor` did.
pub async fn send(app: &App, mailer: &Mailer, framework: &str, actor: &Actor) -> Result<Outcome, Failure> {
    let listing: Listing = {
        let catalogue = app.catalogue.read().map_err(Failure::internal)?;
        catalogue.framework(framework).cloned().ok_or(Failure::NotFound)?
    };
    let version = listing.framework.version.clone();
    let library = app.library.clone();
    let id = framework.to_string();
    let changes =
        tokio::task::spawn_blocking(move || library.edition_changes(&id)).await.map_err(Failure::internal)?.map_err(Failure::Internal)?;
    let due = app.db.notices_due(framework, &version).await?;
    let mut outcome = Outcome { version: version.clone(), sent: 0, failed: Vec::new() };
    for person in due {
        let token = app.db.add_registration_link(person.id).await?;
        let page = format!("{}/download/{framework}/", app.public_url);
        let unsubscribe = format!("{page}unsubscribe?token={token}");
        let role = person.role.as_deref().and_then(|id| listing.roles.iter().find(|r| r.id == id));
        // What changed for them: `compared` when the list is theirs to read.
        let theirs = changes.as_ref().filter(|c| person.version.as_ref().is_none_or(|had| *had == c.since));
        let listed = theirs.map(|c| role.and_then(|r| c.roles.get(&r.id)).unwrap_or(&c.all));
        let words = json!({
            "name": person.name, "framework": listing.framework.title, "publisher": listing.framework.publisher,
            "version": version, "had": person.version, "role": role.map(|r| &r.name),
            "changes": listed, "compared": listed.is_some(),
            "download": format!("{page}?token={token}"), "unsubscribe": unsubscribe,
        });
        let message = match message(app, mailer, &person.email, &words, &unsubscribe) {
            Ok(message) => message,
            Err(why) => {
                outcome.failed.push(format!("{}: {why}", person.email));
                continue;
            }
        };
        match mailer.transport.send(message).await {
            Ok(_) => {
                app.db.notified(person.id, &version).await?;
                outcome.sent += 1;
            }
            Err(e) => outcome.failed.push(format!("{}: {e}", person.email)),
        }
    }
    let target = format!("{framework} {version}: {} sent, {} failed", outcome.sent, outcome.failed.len());
    app.db.audit(actor, "send edition notices", &target).await?;
    Ok(outcome)
}

/// The email, plain text, with the headers mail programs offer as an
/// "unsubscribe" button (RFC 2369, and RFC 8058's one click: a POST to
/// the same link).
fn message(app: &App, mailer: &Mailer, to: &str, words: &serde_json::Value, unsubscribe: &str) -> Result<Message, String> {
    let to: Mailbox = to.parse().map_err(|e| format!("{e}"))?;
    let raw = |name: &'static str, value: String| HeaderValue::new(HeaderName::new_from_ascii_str(name), value);
    let builder = Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(app.pages.word("notice_subject", words))
        .raw_header(raw("List-Unsubscribe", format!("<{unsubscribe}>")))
        .raw_header(raw("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into()));
    builder.header(ContentType::TEXT_PLAIN).body(app.pages.word("notice_body", words)).map_err(|e| e.to_string())
}
