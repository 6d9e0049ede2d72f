package dev.roster.server;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/** Skips a jqwik container in the PostgreSQL half of the suite when no test database is configured. */
public final class SkipWithoutTestDatabase implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        return TestDatabase.isAvailable() ? SkipResult.doNotSkip()
                : SkipResult.skip("PostgreSQL half skipped: set " + TestDatabase.URL_VARIABLE + " to run it");
    }
}
