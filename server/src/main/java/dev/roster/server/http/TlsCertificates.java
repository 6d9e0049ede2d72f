package dev.roster.server.http;

import dev.roster.server.config.TlsConfig;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server certificate: loaded from PEM files or a PKCS#12 keystore, checked (the key must belong to
 * the certificate), offered with TLS 1.2 and 1.3 only, and reloaded when the files change, so a renewed
 * certificate is served without a restart.
 */
final class TlsCertificates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TlsCertificates.class);
    private static final char[] IN_MEMORY_PASSWORD = "roster".toCharArray();

    private final TlsConfig config;
    private final SslContextFactory.Server factory = new SslContextFactory.Server();
    private final ScheduledExecutorService watcher;
    private String lastSeen;

    /** Loads and checks the certificate; a problem is an IllegalArgumentException with a message for the operator. */
    TlsCertificates(TlsConfig config) {
        this.config = config;
        factory.setKeyStore(load(config));
        factory.setKeyStorePassword(new String(IN_MEMORY_PASSWORD));
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // The certificate is for the public name; behind a load balancer the Host may be an address.
        factory.setSniRequired(false);
        lastSeen = fingerprint();
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "roster-tls-reload");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, config.reloadSeconds(), config.reloadSeconds(), TimeUnit.SECONDS);
    }

    SslContextFactory.Server factory() { return factory; }

    private void reloadIfChanged() {
        String now = fingerprint();
        if (now.equals(lastSeen)) return;
        try {
            KeyStore fresh = load(config);
            factory.reload(f -> f.setKeyStore(fresh));
            lastSeen = now;
            log.info("TLS certificate reloaded");
        } catch (Exception e) {
            // Files are often replaced in two steps; keep serving the old certificate until both are good.
            log.warn("TLS certificate not reloaded: {}", e.getMessage());
        }
    }

    /** Size and modification time of the files: cheap to read, and they change when the files do. */
    private String fingerprint() {
        StringBuilder sb = new StringBuilder();
        for (Path p : new Path[]{config.certificate(), config.privateKey(), config.keystore()}) {
            if (p == null) continue;
            try {
                sb.append(Files.getLastModifiedTime(p).toMillis()).append(':').append(Files.size(p)).append(';');
            } catch (IOException e) {
                sb.append("missing;");
            }
        }
        return sb.toString();
    }

    static KeyStore load(TlsConfig config) {
        PrivateKey key;
        List<Certificate> chain;
        if (config.keystore() != null) {
            char[] password = config.keystorePassword() == null ? new char[0] : config.keystorePassword().toCharArray();
            try (InputStream in = Files.newInputStream(config.keystore())) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(in, password);
                String alias = null;
                for (Enumeration<String> e = ks.aliases(); e.hasMoreElements(); ) {
                    String a = e.nextElement();
                    if (ks.isKeyEntry(a)) {
                        alias = a;
                        break;
                    }
                }
                if (alias == null) throw new IllegalArgumentException("the keystore " + config.keystore() + " holds no private key");
                key = (PrivateKey) ks.getKey(alias, password);
                chain = List.of(ks.getCertificateChain(alias));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot read the keystore " + config.keystore() + ": " + e.getMessage());
            }
        } else {
            chain = certificates(config.certificate());
            key = privateKey(config.privateKey());
        }
        if (chain.isEmpty()) throw new IllegalArgumentException("no certificate in " + config.certificate());
        if (!belongTogether(key, chain.get(0).getPublicKey())) {
            throw new IllegalArgumentException("the private key does not belong to the certificate");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("roster", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the certificate: " + e.getMessage());
        }
    }

    private static List<Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<Certificate> out = new ArrayList<>(certs);
            for (Certificate c : out) {
                if (c instanceof X509Certificate x && x.getNotAfter().before(new java.util.Date())) {
                    log.warn("the TLS certificate {} expired on {}", x.getSubjectX500Principal(), x.getNotAfter());
                }
            }
            return out;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the certificate " + file + ": " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the private key " + file + ": " + e.getMessage());
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY") || pem.contains("ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("the private key " + file + " must be unencrypted PKCS#8 (\"BEGIN PRIVATE KEY\"); "
                    + "convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        int start = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) throw new IllegalArgumentException("no \"BEGIN PRIVATE KEY\" block in " + file);
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + 27, end));
        for (String algorithm : new String[]{"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the private key " + file + " is not an RSA, EC or Ed25519 key");
    }

    /** Signs a random message with the key and verifies it with the certificate's public key. */
    private static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return algorithm == null && key.getAlgorithm().equals(publicKey.getAlgorithm());
        }
        try {
            byte[] message = new byte[32];
            new SecureRandom().nextBytes(message);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
