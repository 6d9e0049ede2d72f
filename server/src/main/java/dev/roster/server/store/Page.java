package dev.roster.server.store;

import java.util.List;

/** Rows of one page in order, each with its position (for cursors). */
public record Page(List<StoredResource> rows, List<Query.Keyset> positions) {}
