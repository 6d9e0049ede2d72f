package dev.roster.server.store;

import java.util.List;

/** An SQL fragment and its parameters, in order. Values only ever travel as parameters. */
public record Sql(String text, List<Object> params) {
    public Sql {
        params = List.copyOf(params);
    }
}
