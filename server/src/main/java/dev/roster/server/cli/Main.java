package dev.roster.server.cli;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code roster} command. */
@Command(name = "roster", mixinStandardHelpOptions = true, version = "roster 0.1.0",
        description = "A SCIM 2.0 provisioning server.",
        subcommands = {ServeCommand.class, DirectoryCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = run(args);
        stopLogging();
        System.exit(code);
    }

    /**
     * Writes the log lines still queued (a background thread writes them in batches) and stops logging;
     * called last, before the process ends.
     */
    static void stopLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) logging.stop();
    }

    /** Runs the command line and returns its exit code (main exits with it). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // A mistyped flag is one line and a hint, not a page of usage.
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("roster: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
