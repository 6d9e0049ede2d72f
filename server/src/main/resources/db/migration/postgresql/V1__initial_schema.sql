-- The same tables as SQLite's V1. Text that is compared or sorted is COLLATE "C": byte order of UTF-8 is
-- code point order, the order the filter evaluator defines, whatever the database's locale.

CREATE TABLE directories (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    created        TEXT NOT NULL,
    disabled_rules TEXT NOT NULL DEFAULT ''
);

CREATE TABLE tokens (
    id           TEXT PRIMARY KEY,
    directory_id TEXT NOT NULL REFERENCES directories (id) ON DELETE CASCADE,
    token_hash   BYTEA NOT NULL UNIQUE,
    created      TEXT NOT NULL,
    revoked      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE resources (
    seq             BIGSERIAL PRIMARY KEY,
    directory_id    TEXT NOT NULL REFERENCES directories (id),
    resource_type   TEXT NOT NULL,
    id              TEXT COLLATE "C" NOT NULL,
    version         BIGINT NOT NULL,
    created         TEXT COLLATE "C" NOT NULL,
    last_modified   TEXT COLLATE "C" NOT NULL,
    user_name       TEXT,
    user_name_ci    TEXT COLLATE "C",
    external_id     TEXT COLLATE "C",
    display_name    TEXT,
    display_name_ci TEXT COLLATE "C",
    active          BOOLEAN,
    doc             JSONB NOT NULL
);

CREATE UNIQUE INDEX resources_id ON resources (directory_id, id);
CREATE UNIQUE INDEX resources_user_name ON resources (directory_id, resource_type, user_name_ci)
    WHERE user_name_ci IS NOT NULL;
CREATE UNIQUE INDEX resources_group_name ON resources (directory_id, display_name_ci)
    WHERE resource_type = 'Group';
CREATE INDEX resources_display_name ON resources (directory_id, resource_type, display_name_ci);
CREATE INDEX resources_external_id ON resources (directory_id, resource_type, external_id);
CREATE INDEX resources_listing ON resources (directory_id, resource_type, seq);

CREATE TABLE memberships (
    directory_id TEXT NOT NULL,
    group_id     TEXT COLLATE "C" NOT NULL,
    member_id    TEXT COLLATE "C" NOT NULL,
    member_type  TEXT NOT NULL,
    PRIMARY KEY (directory_id, group_id, member_id),
    FOREIGN KEY (directory_id, group_id) REFERENCES resources (directory_id, id) ON DELETE CASCADE,
    FOREIGN KEY (directory_id, member_id) REFERENCES resources (directory_id, id) ON DELETE CASCADE
);
CREATE INDEX memberships_member ON memberships (directory_id, member_id, group_id);

CREATE TABLE resource_values (
    directory_id TEXT NOT NULL,
    resource_id  TEXT COLLATE "C" NOT NULL,
    attribute    TEXT NOT NULL,
    value_ci     TEXT COLLATE "C" NOT NULL,
    FOREIGN KEY (directory_id, resource_id) REFERENCES resources (directory_id, id) ON DELETE CASCADE
);
CREATE INDEX resource_values_lookup ON resource_values (directory_id, attribute, value_ci);
CREATE INDEX resource_values_resource ON resource_values (directory_id, resource_id);
