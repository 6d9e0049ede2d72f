package dev.roster.server.service;

import dev.roster.server.store.Query;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where recent index pages ended. An import walks {@code startIndex=1, 101, 201, …}; an OFFSET makes
 * page k skip k×100 rows, so a walk over N users costs N². Remembering the last row of each page lets
 * the next page seek straight to it, and the walk costs N. The memory is per instance and small; a page
 * it does not know falls back to OFFSET.
 */
final class PagePositions {
    private static final int SIZE = 1024;

    /** What a page is: its query and where it starts. */
    record Key(String directory, String type, String filter, String sort, int startIndex) {}

    private final Map<Key, Query.Keyset> positions = new LinkedHashMap<>(SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Query.Keyset> eldest) {
            return size() > SIZE;
        }
    };

    synchronized Query.Keyset before(Key page) { return positions.get(page); }

    /** Records that the row at {@code last} ends the page before {@code next}. */
    synchronized void remember(Key next, Query.Keyset last) { positions.put(next, last); }
}
