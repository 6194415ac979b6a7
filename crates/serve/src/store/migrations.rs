//! The schema, as numbered migrations applied in order at start. Each is
//! written once for both databases: `{id}` (a row's own number) and
//! `{bytes}` (a file's bytes) are the only words the two spell
//! differently. A migration, once released, is never edited: a change is
//! a new one at the end.

/// `(version, SQL)`: statements separated by `;` at the end of a line.
pub const MIGRATIONS: &[(i64, &str)] = &[(1, FIRST), (2, DATA_PROTECTION), (3, REGISTRATIONS), (4, TOKEN_EXPIRY), (5, NOTICES)];

const FIRST: &str = r"
CREATE TABLE users (
    id {id},
    email TEXT NOT NULL UNIQUE,
    -- 'council' or 'lead'
    role TEXT NOT NULL,
    -- The setting a lead collects for (a council administrator has none).
    setting TEXT,
    -- Argon2id in PHC form; NULL until the person sets a password.
    password TEXT,
    created BIGINT NOT NULL
);
-- One-time links to set a password (the SHA-256 of the link's secret).
CREATE TABLE password_links (
    secret TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    expires BIGINT NOT NULL
);
CREATE TABLE sessions (
    secret TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf TEXT NOT NULL,
    expires BIGINT NOT NULL
);
CREATE TABLE api_tokens (
    secret TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created BIGINT NOT NULL
);
CREATE TABLE collections (
    id {id},
    owner BIGINT NOT NULL REFERENCES users (id),
    setting TEXT NOT NULL,
    title TEXT NOT NULL,
    framework TEXT NOT NULL,
    -- The packs staff may choose, as a JSON list of pack ids.
    packs TEXT NOT NULL,
    -- The share link's secret (shown to the lead again, so kept as is).
    link TEXT NOT NULL UNIQUE,
    opens BIGINT NOT NULL,
    closes BIGINT NOT NULL,
    -- Days after closing when typed text is deleted and counts kept.
    retention_days BIGINT NOT NULL,
    -- The staff list as the lead gave it (CSV), if any.
    staff {bytes},
    expected BIGINT,
    created BIGINT NOT NULL,
    -- When typed text was deleted under the retention period.
    erased BIGINT
);
-- A person of a collection's staff list, with a personalised link.
CREATE TABLE people (
    id {id},
    collection BIGINT NOT NULL REFERENCES collections (id),
    link TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    email TEXT,
    job_title TEXT,
    -- Their personalised pack, and its HTML edition's file.
    pack TEXT NOT NULL,
    file TEXT NOT NULL
);
-- Everything sent or uploaded, never updated: a new send is a new row.
CREATE TABLE submissions (
    id {id},
    collection BIGINT NOT NULL REFERENCES collections (id),
    person BIGINT REFERENCES people (id),
    reference TEXT NOT NULL UNIQUE,
    received BIGINT NOT NULL,
    -- 'send' (from the HTML edition) or 'upload' (a returned file).
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    body {bytes},
    -- Set when the body was deleted (retention or erasure).
    erased BIGINT
);
CREATE INDEX submissions_by_collection ON submissions (collection, id);
-- The summaries settings sent to the council, each send a new row.
CREATE TABLE summaries (
    id {id},
    collection BIGINT NOT NULL REFERENCES collections (id),
    setting TEXT NOT NULL,
    sent BIGINT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE audit (
    id {id},
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL
);
";

/// Retention and the audit log by setting (docs/serve.md, "Data protection").
const DATA_PROTECTION: &str = r"
-- A collection's summary.json as made just before its typed text was
-- deleted: the counts its lead may still send once nothing typed is left.
CREATE TABLE kept_counts (
    collection BIGINT PRIMARY KEY REFERENCES collections (id),
    kept BIGINT NOT NULL,
    body TEXT NOT NULL
);
-- The setting an event belongs to (a lead's, or the collection's), so a
-- lead reads their setting's events only.
ALTER TABLE audit ADD COLUMN setting TEXT;
CREATE INDEX audit_by_setting ON audit (setting, id);
";

/// Who registered on a framework's download page (`[packs.registration]`
/// of its source): one row per registration, the fields the source did
/// not ask left NULL.
const REGISTRATIONS: &str = r"
CREATE TABLE registrations (
    id {id},
    framework TEXT NOT NULL,
    -- The SHA-256 of the secret in the person's download links.
    token TEXT NOT NULL UNIQUE,
    name TEXT,
    email TEXT,
    organisation TEXT,
    -- A role id of the framework.
    role TEXT,
    job_title TEXT,
    setting_type TEXT,
    -- When the person ticked the consent box.
    consented BIGINT NOT NULL
);
CREATE INDEX registrations_by_framework ON registrations (framework, id);
";

/// API tokens expire: a token copied into a script outlives the reason
/// it was made. Tokens made before this migration get the default term
/// from when they were made.
const TOKEN_EXPIRY: &str = r"
ALTER TABLE api_tokens ADD COLUMN expires BIGINT;
UPDATE api_tokens SET expires = created + 7776000;
";

/// Notices of a new edition to those who registered (docs/serve.md,
/// "Notices of a new edition").
const NOTICES: &str = r"
-- The edition a registrant has: the version they downloaded, then the
-- one they were last told of (NULL for those registered before this).
ALTER TABLE registrations ADD COLUMN version TEXT;
-- When the person asked for no more notices.
ALTER TABLE registrations ADD COLUMN unsubscribed BIGINT;
-- The secrets of the links each notice carried (their SHA-256): each
-- opens the person's download page and unsubscribes, for good.
CREATE TABLE registration_links (
    token TEXT PRIMARY KEY,
    registration BIGINT NOT NULL REFERENCES registrations (id),
    created BIGINT NOT NULL
);
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_up_from_one() {
        for (i, (version, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*version, i as i64 + 1);
        }
    }
}
