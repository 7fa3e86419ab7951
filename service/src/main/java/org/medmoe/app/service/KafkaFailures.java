package org.medmoe.app.service;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Turns a failure to talk to Kafka into a message that says what to check: a TLS handshake that
 * failed points at the truststore keys, a SASL failure at the mechanism and the JAAS secret.
 * Stateless.
 */
public final class KafkaFailures {
    private KafkaFailures() {
    }

    /** A one-line explanation of {@code error}, naming the configuration keys to check. */
    public static String explain(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SslAuthenticationException) {
                return "TLS handshake with the broker failed (" + rootMessage(t) + "): its certificate is not"
                        + " trusted or does not name the host; set kafka.ssl.truststore.location to a truststore"
                        + " holding the broker's CA, and its password with MEDMOE_KAFKA_SSL_TRUSTSTORE_PASSWORD(_FILE)";
            }
            if (t instanceof SaslAuthenticationException) {
                return "SASL authentication failed (" + t.getMessage() + "): check kafka.sasl.mechanism and the"
                        + " credentials in MEDMOE_KAFKA_SASL_JAAS_CONFIG(_FILE)";
            }
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return error.getClass().getSimpleName() + " (no message)";
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
