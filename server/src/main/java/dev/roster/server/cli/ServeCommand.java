package dev.roster.server.cli;

import dev.roster.server.Roster;
import dev.roster.server.config.Durations;
import dev.roster.server.config.ServerConfig;
import dev.roster.server.http.ScimServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.roster.server.config.TlsConfig;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code roster serve}: runs the server until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the SCIM server.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "${env:ROSTER_PORT:-8080}",
            description = "Port to listen on (env ROSTER_PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "${env:ROSTER_HOST:-0.0.0.0}",
            description = "Address to listen on (env ROSTER_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Option(names = "--public-url", defaultValue = "${env:ROSTER_PUBLIC_URL}",
            description = "URL clients reach this server at, e.g. https://scim.example.com (env ROSTER_PUBLIC_URL).")
    String publicUrl;

    @Option(names = "--max-request-bytes", defaultValue = "${env:ROSTER_MAX_REQUEST_BYTES:-1048576}",
            description = "Largest request body accepted, and largest resource kept (env ROSTER_MAX_REQUEST_BYTES; default ${DEFAULT-VALUE}).")
    long maxRequestBytes;

    @Option(names = "--query-timeout", defaultValue = "${env:ROSTER_QUERY_TIMEOUT:-10s}",
            description = "How long a list's filter or sort may run in the database, all its statements together, "
                    + "before the list is refused with 400 tooMany: 500ms, 10s, 2m; 0 for no limit "
                    + "(env ROSTER_QUERY_TIMEOUT; default ${DEFAULT-VALUE}).")
    String queryTimeout;

    @Option(names = "--turn-wait", defaultValue = "${env:ROSTER_TURN_WAIT:-30s}",
            description = "How long an answer that streams a group's members, or a list whose filter or sort reads "
                    + "every resource, waits for one of the few database connections such answers share before it "
                    + "is refused with 429 and Retry-After: 0 to refuse at once, at most 10m (env ROSTER_TURN_WAIT; "
                    + "default ${DEFAULT-VALUE}).")
    String turnWait;

    @Option(names = "--tls-cert", defaultValue = "${env:ROSTER_TLS_CERT}",
            description = "Serve HTTPS with this PEM certificate chain (env ROSTER_TLS_CERT); needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", defaultValue = "${env:ROSTER_TLS_KEY}",
            description = "The PEM private key (PKCS#8) of --tls-cert (env ROSTER_TLS_KEY).")
    Path tlsKey;

    @Option(names = "--tls-keystore", defaultValue = "${env:ROSTER_TLS_KEYSTORE}",
            description = "Serve HTTPS with this PKCS#12 keystore (env ROSTER_TLS_KEYSTORE; its password in "
                    + "ROSTER_TLS_KEYSTORE_PASSWORD).")
    Path tlsKeystore;

    @Option(names = "--tls-reload-seconds", defaultValue = "${env:ROSTER_TLS_RELOAD_SECONDS:-30}",
            description = "How often the certificate files are checked for changes (default ${DEFAULT-VALUE}).")
    int tlsReloadSeconds;

    @Override
    public Integer call() {
        ServerConfig config;
        try {
            TlsConfig tls = tlsCert == null && tlsKey == null && tlsKeystore == null ? null
                    : new TlsConfig(tlsCert, tlsKey, tlsKeystore, System.getenv("ROSTER_TLS_KEYSTORE_PASSWORD"), tlsReloadSeconds);
            config = new ServerConfig(host, port, database.config(), publicUrl, blankToNull(System.getenv("ROSTER_BOOTSTRAP_TOKEN")),
                    maxRequestBytes, tls, Durations.parseMillis(queryTimeout), Durations.parseMillis(turnWait));
        } catch (IllegalArgumentException e) {
            System.err.println("roster: " + e.getMessage());
            return 2;
        }
        Roster roster;
        try {
            roster = Roster.start(config);
        } catch (Roster.StartupException e) {
            System.err.println("roster: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            roster.close();
            // Last, so that the lines of the shutdown itself are written before the process ends.
            Main.stopLogging();
            stopped.countDown();
        }, "roster-shutdown"));

        String shownHost = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        String scheme = config.tls() == null ? "http://" : "https://";
        String base = (config.publicUrl() != null ? config.publicUrl() : scheme + shownHost + ":" + roster.port()) + ScimServer.ROOT;
        System.out.println("Roster is serving SCIM 2.0 at " + base);
        System.out.println("Data: " + config.database().describe());
        if (roster.generatedToken() != null) {
            System.out.println();
            System.out.println("Created the default directory. Its bearer token is shown this once; store it now:");
            System.out.println();
            System.out.println("    " + roster.generatedToken());
            System.out.println();
        }
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String blankToNull(String s) { return s == null || s.isBlank() ? null : s; }
}
