package dev.roster.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code roster directory}: administration of directories (IdP connections). */
@Command(name = "directory", mixinStandardHelpOptions = true, description = "Manage directories.",
        subcommands = {DirectoryRulesCommand.class})
final class DirectoryCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
