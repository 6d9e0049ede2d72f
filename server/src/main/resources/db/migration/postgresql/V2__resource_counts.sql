-- How many resources of each type a directory holds, kept in the transaction that inserts or deletes
-- one, so an unfiltered list (an IdP's import) knows its totalResults without counting every row.
CREATE TABLE resource_counts (
    directory_id  TEXT   NOT NULL,
    resource_type TEXT   NOT NULL,
    n             BIGINT NOT NULL,
    PRIMARY KEY (directory_id, resource_type)
);

INSERT INTO resource_counts (directory_id, resource_type, n)
SELECT directory_id, resource_type, count(*) FROM resources GROUP BY directory_id, resource_type;
