package org.medmoe.testing.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private certificate authority made by the test itself with the JDK's {@code keytool}: a CA,
 * a server certificate it signed for 127.0.0.1 and localhost (in a PKCS12 keystore with its chain),
 * and a truststore that holds only the CA.
 *
 * @param serverKeystore PKCS12 keystore with the server's key and certificate chain
 * @param serverPassword password of that keystore and its key
 * @param truststore PKCS12 truststore holding the CA certificate
 * @param truststorePassword password of the truststore
 */
public record TestCertificates(Path serverKeystore, String serverPassword, Path truststore, String truststorePassword) {

    /** Makes the CA, the server certificate and the truststore in {@code dir}. */
    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        String caPassword = "ca-pass-1";
        String serverPassword = "server-pass-2";
        String trustPassword = "trust-pass-3";
        Path ca = dir.resolve("ca.p12");
        Path caCert = dir.resolve("ca.pem");
        Path server = dir.resolve("server.p12");
        Path request = dir.resolve("server.csr");
        Path serverCert = dir.resolve("server.pem");
        Path trust = dir.resolve("truststore.p12");
        String san = "SAN=ip:127.0.0.1,dns:localhost";

        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=MedMoE test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12",
                "-storepass", caPassword);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", caPassword,
                "-file", caCert.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", san, "-validity", "2", "-keystore", server.toString(), "-storetype", "PKCS12",
                "-storepass", serverPassword);
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-storepass", serverPassword,
                "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", caPassword,
                "-infile", request.toString(), "-outfile", serverCert.toString(), "-ext", san, "-validity", "2");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", server.toString(),
                "-storepass", serverPassword);
        keytool("-importcert", "-alias", "server", "-file", serverCert.toString(), "-keystore", server.toString(),
                "-storepass", serverPassword);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore", trust.toString(),
                "-storetype", "PKCS12", "-storepass", trustPassword);
        return new TestCertificates(server, serverPassword, trust, trustPassword);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
