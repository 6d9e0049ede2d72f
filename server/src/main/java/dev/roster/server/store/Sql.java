package dev.roster.server.store;

import java.util.List;

/**
 * An SQL condition and its parameters, in order. Values only ever travel as parameters.
 * {@code drivingIndex} names the index the query should start from when the planner, without
 * statistics, would otherwise scan (see {@link Dialect#indexHint}); null leaves the choice to it.
 * {@code planForValues}: the best plan depends on the values (how many rows a prefix or a group selects),
 * so the query should be planned for them ({@link Dialect#planForValues}).
 * {@code narrowedByIndex}: an index bounds the rows it reads; otherwise it reads every resource of its type.
 */
public record Sql(String text, List<Object> params, String drivingIndex, boolean planForValues, boolean narrowedByIndex) {
    public Sql {
        params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }
}
