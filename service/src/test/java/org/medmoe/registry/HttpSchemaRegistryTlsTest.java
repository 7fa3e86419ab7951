package org.medmoe.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HttpSchemaRegistry} over https with a private CA: trusted through the configured truststore. */
class HttpSchemaRegistryTlsTest {
    private static final String STORE_PASSWORD = "server-pw";
    private static final String TRUST_PASSWORD = "trust-pw";

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static Path truststore;

    @BeforeAll
    static void startHttpsStub() throws Exception {
        // Given a self-signed certificate for 127.0.0.1 and a truststore that holds it
        Path keystore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.pem");
        truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "registry", "-keystore", keystore.toString(),
                "-storepass", STORE_PASSWORD, "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", TRUST_PASSWORD);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            byte[] body = "{\"id\":11}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void shouldTrustTheRegistryThroughTheConfiguredTruststore() {
        RegistryClientConfig config = RegistryClientConfig.of(url()).withTruststore(truststore, TRUST_PASSWORD);

        try (HttpSchemaRegistry client = new HttpSchemaRegistry(config)) {
            assertThat(client.register("t-value", Schema.create(Schema.Type.STRING)))
                    .isEqualTo(11);
        }
    }

    @Test
    void shouldFailFastWithAHintWhenTheCertificateIsNotTrusted() {
        RegistryClientConfig config = RegistryClientConfig.of(url())
                .withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5));

        try (HttpSchemaRegistry client = new HttpSchemaRegistry(config)) {
            RegistryException e = catchThrowableOfType(RegistryException.class, () -> client.latest("t-value"));

            assertThat(client.httpRequestCount()).isEqualTo(1);
            assertThat(e.getMessage()).contains(url(), "TLS handshake failed", "registry.ssl.truststore.location");
        }
    }

    @Test
    void shouldNameTheKeyWhenTheTruststorePasswordIsWrong() {
        RegistryClientConfig config = RegistryClientConfig.of(url()).withTruststore(truststore, "wrong");

        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> new HttpSchemaRegistry(config));

        assertThat(e.getMessage()).contains("registry.ssl.truststore.location", "registry.ssl.truststore.password");
    }

    private static String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s%n%s", String.join(" ", args), output).isZero();
    }
}
