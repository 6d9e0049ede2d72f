-- Directories are tenants: one per IdP connection. Every other row belongs to exactly one.
-- disabled_rules lists the IdP dialect rules switched off for the directory (comma-separated).
CREATE TABLE directories (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    created        TEXT NOT NULL,
    disabled_rules TEXT NOT NULL DEFAULT ''
);

-- Bearer tokens are kept as SHA-256 hashes only; the token itself is shown once, when made.
CREATE TABLE tokens (
    id           TEXT PRIMARY KEY,
    directory_id TEXT NOT NULL REFERENCES directories (id) ON DELETE CASCADE,
    token_hash   BLOB NOT NULL UNIQUE,
    created      TEXT NOT NULL,
    revoked      INTEGER NOT NULL DEFAULT 0
);

-- Users and Groups. The document holds the client-writable attributes as JSON; the columns beside it
-- are copies of what IdPs look up, so lookups use indexes. *_ci columns hold case-folded text.
CREATE TABLE resources (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    directory_id    TEXT    NOT NULL REFERENCES directories (id),
    resource_type   TEXT    NOT NULL,
    id              TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    created         TEXT    NOT NULL,
    last_modified   TEXT    NOT NULL,
    user_name       TEXT,
    user_name_ci    TEXT,
    external_id     TEXT,
    display_name    TEXT,
    display_name_ci TEXT,
    active          INTEGER,
    doc             TEXT    NOT NULL
);

-- Named so that a lookup through a membership or value table can ask for it (INDEXED BY).
CREATE UNIQUE INDEX resources_id ON resources (directory_id, id);

-- userName is unique per directory without regard to case (RFC 7643 §4.1: uniqueness "server").
CREATE UNIQUE INDEX resources_user_name ON resources (directory_id, resource_type, user_name_ci)
    WHERE user_name_ci IS NOT NULL;
-- Group displayName is unique per directory too: IdPs match pushed groups by name.
CREATE UNIQUE INDEX resources_group_name ON resources (directory_id, display_name_ci)
    WHERE resource_type = 'Group';
CREATE INDEX resources_display_name ON resources (directory_id, resource_type, display_name_ci);
CREATE INDEX resources_external_id ON resources (directory_id, resource_type, external_id);
CREATE INDEX resources_listing ON resources (directory_id, resource_type, seq);

-- One row per membership: adding a member to a group of any size writes one row.
CREATE TABLE memberships (
    directory_id TEXT NOT NULL,
    group_id     TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    member_type  TEXT NOT NULL,
    PRIMARY KEY (directory_id, group_id, member_id),
    FOREIGN KEY (directory_id, group_id) REFERENCES resources (directory_id, id) ON DELETE CASCADE,
    FOREIGN KEY (directory_id, member_id) REFERENCES resources (directory_id, id) ON DELETE CASCADE
);
-- Covers "which groups is this member in" without touching the table.
CREATE INDEX memberships_member ON memberships (directory_id, member_id, group_id);

-- Case-folded copies of multi-valued sub-attributes that IdPs look up (emails.value), one row per value,
-- so "emails.value eq x" is an index search rather than a scan of every document.
CREATE TABLE resource_values (
    directory_id TEXT NOT NULL,
    resource_id  TEXT NOT NULL,
    attribute    TEXT NOT NULL,
    value_ci     TEXT NOT NULL,
    FOREIGN KEY (directory_id, resource_id) REFERENCES resources (directory_id, id) ON DELETE CASCADE
);
CREATE INDEX resource_values_lookup ON resource_values (directory_id, attribute, value_ci);
CREATE INDEX resource_values_resource ON resource_values (directory_id, resource_id);
