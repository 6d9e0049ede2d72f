package dev.roster.server;

import dev.roster.server.config.ServerConfig;
import dev.roster.server.config.TlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS served by Roster itself, with certificates made for the test. */
class TlsTest {
    private static final String PASSWORD = "changeit";

    /** A self-signed certificate for localhost and 127.0.0.1, in a PKCS#12 keystore, made with keytool. */
    private static Path keystore(Path dir, String name) throws Exception {
        Path file = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return file;
    }

    private static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    /** Writes the keystore's certificate and PKCS#8 key as PEM files, as an ACME client or openssl would. */
    private static Path[] pem(Path p12, Path dir, String name) throws Exception {
        KeyStore ks = load(p12);
        String alias = ks.aliases().nextElement();
        Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(ks.getCertificate(alias).getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(ks.getKey(alias, PASSWORD.toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return new Path[]{cert, key};
    }

    private static HttpClient client(String protocol, Certificate... trusted) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trusted.length; i++) trust.setCertificateEntry("c" + i, trusted[i]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLParameters params = new SSLParameters();
        params.setProtocols(new String[]{protocol});
        return HttpClient.newBuilder().sslContext(ctx).sslParameters(params).build();
    }

    private static HttpResponse<String> get(HttpClient client, int port) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/scim/v2/Users"))
                .header("Authorization", "Bearer " + TestServer.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ServerConfig config(Path dir, TlsConfig tls) {
        return new ServerConfig("127.0.0.1", 0, dev.roster.server.config.DatabaseConfig.sqlite(dir.resolve("data")), null, TestServer.TOKEN,
                ServerConfig.DEFAULT_MAX_REQUEST_BYTES, tls);
    }

    @Test
    void servesPemCertificatesWithTls12And13AndReloadsThem(@TempDir Path dir) throws Exception {
        Path first = keystore(dir, "roster-first");
        Path second = keystore(dir, "roster-second");
        Path[] files = pem(first, dir, "live");
        Certificate firstCert = load(first).getCertificate("roster-first");
        Certificate secondCert = load(second).getCertificate("roster-second");
        try (Roster roster = Roster.start(config(dir, new TlsConfig(files[0], files[1], null, null, 1)))) {
            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                HttpResponse<String> r = get(client(protocol, firstCert, secondCert), roster.port());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo(protocol);
            }

            Path[] renewed = pem(second, dir, "renewed");
            Files.move(renewed[1], files[1], StandardCopyOption.REPLACE_EXISTING);
            Files.move(renewed[0], files[0], StandardCopyOption.REPLACE_EXISTING);
            String subject = null;
            for (int i = 0; i < 50 && !"CN=roster-second".equals(subject); i++) {
                Thread.sleep(200);
                HttpResponse<String> r = get(client("TLSv1.3", firstCert, secondCert), roster.port());
                subject = ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            }
            assertThat(subject).as("the renewed certificate is served without a restart").isEqualTo("CN=roster-second");
        }
    }

    @Test
    void servesAPkcs12Keystore(@TempDir Path dir) throws Exception {
        Path p12 = keystore(dir, "roster-keystore");
        try (Roster roster = Roster.start(config(dir, new TlsConfig(null, null, p12, PASSWORD, 30)))) {
            HttpResponse<String> r = get(client("TLSv1.3", load(p12).getCertificate("roster-keystore")), roster.port());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsAStartUpError(@TempDir Path dir) throws Exception {
        Path[] a = pem(keystore(dir, "roster-a"), dir, "a");
        Path[] b = pem(keystore(dir, "roster-b"), dir, "b");
        assertThatThrownBy(() -> Roster.start(config(dir, new TlsConfig(a[0], b[1], null, null, 30))))
                .isInstanceOf(Roster.StartupException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> Roster.start(config(dir, new TlsConfig(a[0], dir.resolve("missing.key"), null, null, 30))))
                .isInstanceOf(Roster.StartupException.class).hasMessageContaining("missing.key");
        assertThatThrownBy(() -> Roster.start(config(dir, new TlsConfig(null, null, dir.resolve("a.crt"), PASSWORD, 30))))
                .isInstanceOf(Roster.StartupException.class).hasMessageContaining("keystore");
    }
}
