-- The count of a directory's resources is spread over a few rows (shards), summed when read, as on
-- PostgreSQL, where parallel creates would otherwise queue on one row's lock. SQLite cannot change a
-- primary key in place, so the table is copied.
CREATE TABLE resource_count_shards (
    directory_id  TEXT    NOT NULL,
    resource_type TEXT    NOT NULL,
    shard         INTEGER NOT NULL,
    n             BIGINT  NOT NULL,
    PRIMARY KEY (directory_id, resource_type, shard)
);

INSERT INTO resource_count_shards (directory_id, resource_type, shard, n)
SELECT directory_id, resource_type, 0, n FROM resource_counts;

DROP TABLE resource_counts;
ALTER TABLE resource_count_shards RENAME TO resource_counts;
