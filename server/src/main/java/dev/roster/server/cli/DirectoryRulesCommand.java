package dev.roster.server.cli;

import dev.roster.scim.dialect.IdpDialect;
import dev.roster.scim.dialect.IdpRule;
import dev.roster.server.directory.DirectoryService;
import dev.roster.server.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.roster.server.config.DatabaseConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code roster directory rules}: shows and switches the IdP dialect rules of a directory. A running
 * server picks a change up within a second (the token lookup is cached that long).
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Show or switch the IdP rules a directory accepts (all are on by default).")
final class DirectoryRulesCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Option(names = "--directory", defaultValue = DirectoryService.DEFAULT_DIRECTORY,
            description = "The directory (default ${DEFAULT-VALUE}).")
    String directory;

    @Option(names = "--disable", paramLabel = "RULE", description = "Switch a rule off (repeatable).")
    List<String> disable = List.of();

    @Option(names = "--enable", paramLabel = "RULE", description = "Switch a rule on (repeatable).")
    List<String> enable = List.of();

    @Option(names = "--strict", description = "Switch every rule off: RFC 7643/7644 only.")
    boolean strict;

    @Option(names = "--default", description = "Switch every rule on: accept every known IdP.")
    boolean allOn;

    @Override
    public Integer call() {
        DatabaseConfig config = database.config();
        if (!config.isPostgres() && !Files.exists(config.sqliteFile())) {
            System.err.println("roster: no database at " + config.sqliteFile() + "; start the server once with this --data-dir");
            return 1;
        }
        if (strict && allOn) {
            System.err.println("roster: give --strict or --default, not both");
            return 2;
        }
        try (Database db = config.open()) {
            DirectoryService directories = new DirectoryService(db, Clock.systemUTC());
            Set<String> disabled = new TreeSet<>(directories.disabledRules(directory));
            boolean change = strict || allOn || !disable.isEmpty() || !enable.isEmpty();
            if (strict) IdpDialect.known().forEach(r -> disabled.add(r.name()));
            if (allOn) disabled.clear();
            disabled.addAll(disable);
            disabled.removeAll(enable);
            for (String name : enable) IdpDialect.without(Set.of(name));
            if (change) directories.setDisabledRules(directory, disabled);
            System.out.println("IdP rules of directory '" + directory + "':");
            for (IdpRule r : IdpDialect.known()) {
                System.out.printf("  %-3s  %-34s %s%n", disabled.contains(r.name()) ? "off" : "on", r.name(), r.description());
            }
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("roster: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("roster: cannot open the database " + config.describe());
            return 1;
        }
    }
}
