package org.medmoe.devtools.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Secured listeners of an {@link EmbeddedKafka} broker, beside its PLAINTEXT one: an {@code SSL}
 * listener that presents the certificate of {@code keystore}, and, when {@code plainUsers} is not
 * empty, a {@code SASL_SSL} listener with the same certificate that authenticates those users with
 * the PLAIN mechanism. The broker's own traffic (inter-broker, controller) stays on PLAINTEXT.
 *
 * @param keystore PKCS12 keystore with the broker's private key and certificate chain
 * @param password password of the keystore and of its key
 * @param plainUsers user name to password, for SASL/PLAIN; empty for no SASL listener
 */
public record BrokerTls(Path keystore, String password, Map<String, String> plainUsers) {
    public BrokerTls {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(password, "password");
        plainUsers = Map.copyOf(plainUsers);
    }

    /** True when a SASL_SSL listener is asked for. */
    public boolean sasl() {
        return !plainUsers.isEmpty();
    }

    @Override
    public String toString() {
        return "BrokerTls[keystore=" + keystore + ", users=" + plainUsers.keySet() + "]";
    }

    /** Broker properties for these listeners on {@code sslPort} (and {@code saslSslPort} when {@link #sasl()}). */
    Map<String, String> brokerProperties(int plaintextPort, int controllerPort, int sslPort, int saslSslPort) {
        Map<String, String> p = new LinkedHashMap<>();
        String host = "127.0.0.1:";
        String advertised = "PLAINTEXT://" + host + plaintextPort + ",SSL://" + host + sslPort
                + (sasl() ? ",SASL_SSL://" + host + saslSslPort : "");
        p.put("listeners", advertised + ",CONTROLLER://" + host + controllerPort);
        p.put("advertised.listeners", advertised);
        p.put("listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL");
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", keystore.toString());
        p.put("ssl.keystore.password", password);
        p.put("ssl.key.password", password);
        if (sasl()) {
            p.put("sasl.enabled.mechanisms", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            plainUsers.forEach((user, pw) -> jaas.append(" user_").append(user).append("=\"").append(pw).append('"'));
            p.put("listener.name.sasl_ssl.plain.sasl.jaas.config", jaas.append(';').toString());
        }
        return p;
    }
}
