-- Every create and delete adds to its directory's count. On one row, parallel creates queued on that row's
-- lock until each one's commit; the count is now spread over a few rows (shards), summed when read.
ALTER TABLE resource_counts ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE resource_counts DROP CONSTRAINT resource_counts_pkey;
ALTER TABLE resource_counts ADD PRIMARY KEY (directory_id, resource_type, shard);
