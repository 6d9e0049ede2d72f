package dev.roster.server.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Ids bound as parameters of {@code IN (?, ?, …)}, a statement per chunk of them. */
final class InLists {
    // Well under the parameters one statement may bind (SQLite's 32,766; PostgreSQL's 65,535).
    private static final int CHUNK = 500;

    private InLists() {}

    static List<List<String>> chunks(Collection<String> ids) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String id : ids) {
            current.add(id);
            if (current.size() == CHUNK) {
                out.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    /** {@code n} parameter marks, comma-separated. */
    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
