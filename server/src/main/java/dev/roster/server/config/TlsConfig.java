package dev.roster.server.config;

import java.nio.file.Path;

/**
 * The certificate Roster serves HTTPS with: a PEM certificate chain and PKCS#8 key, or a PKCS#12
 * keystore. The files are watched and reloaded when they change.
 *
 * @param certificate     PEM certificate chain, or null when a keystore is given
 * @param privateKey      PEM private key (PKCS#8, "BEGIN PRIVATE KEY"), or null when a keystore is given
 * @param keystore        PKCS#12 keystore, or null when PEM files are given
 * @param keystorePassword the keystore's password (may be empty)
 * @param reloadSeconds   how often the files are checked for changes
 */
public record TlsConfig(Path certificate, Path privateKey, Path keystore, String keystorePassword, int reloadSeconds) {
    public TlsConfig {
        boolean pem = certificate != null || privateKey != null;
        if (pem && keystore != null) throw new IllegalArgumentException("give --tls-cert and --tls-key, or --tls-keystore, not both");
        if (pem && (certificate == null || privateKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (!pem && keystore == null) throw new IllegalArgumentException("TLS needs --tls-cert and --tls-key, or --tls-keystore");
        if (reloadSeconds < 1) throw new IllegalArgumentException("the certificate reload interval must be at least 1 second");
    }
}
