package org.medmoe.dicom.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS contexts that trust exactly the certificates of a truststore file. Stateless. */
public final class Truststores {
    private Truststores() {
    }

    /** {@code config} for https trusting exactly what {@code file} holds; see {@link #context}. */
    public static DicomWebConfig trusting(DicomWebConfig config, Path file, char[] password)
            throws IOException, GeneralSecurityException {
        return config.withSslContext(context(file, password));
    }

    /**
     * A TLS context trusting what {@code file} holds (JKS when the name ends in {@code .jks}, else
     * PKCS12), opened with {@code password} (null: none).
     */
    public static SSLContext context(Path file, char[] password) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(file.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            store.load(in, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        }
    }
}
