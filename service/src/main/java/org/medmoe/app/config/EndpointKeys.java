package org.medmoe.app.config;

import static org.medmoe.app.config.ConfigKey.Type.LONG;
import static org.medmoe.app.config.ConfigKey.Type.PASSWORD;
import static org.medmoe.app.config.ConfigKey.Type.STRING;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The keys of one trusted DICOMweb endpoint, {@code dicomweb.endpoint.<name>.*}, declared for each
 * name listed in {@link ConfigKeys#DICOMWEB_ENDPOINTS}. The reference documents them once with
 * {@code <name>} in place of the name. Stateless.
 */
public final class EndpointKeys {
    /** What an endpoint name may be: it becomes part of keys and environment variable names. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** The placeholder used in the reference. */
    public static final String PLACEHOLDER = "<name>";

    private static final String PREFIX = "dicomweb.endpoint.";

    /** The keys of endpoint {@code name}, in documentation order. */
    public record Keys(ConfigKey url, ConfigKey authKind, ConfigKey username, ConfigKey password, ConfigKey token,
            ConfigKey truststore, ConfigKey truststorePassword, ConfigKey requestTimeoutMs, ConfigKey readTimeoutMs) {

        /** All of them. */
        public List<ConfigKey> all() {
            return List.of(url, authKind, username, password, token, truststore, truststorePassword, requestTimeoutMs,
                    readTimeoutMs);
        }
    }

    private EndpointKeys() {
    }

    /** The keys of endpoint {@code name} (not checked: see {@link #NAME}). */
    public static Keys of(String name) {
        String p = PREFIX + name + ".";
        return new Keys(
                ConfigKey.of(p + "url", STRING, null, "Root of the DICOMweb service (http or https); an event's "
                        + "locator must lie under it (scheme, host, port and whole path segments) or the study is a "
                        + "dead letter UNTRUSTED_LOCATOR, with no request made. Required for each listed name."),
                ConfigKey.of(p + "auth.kind", STRING, "none", "Authentication to this endpoint: none, basic or bearer; "
                        + "sent to no other host."),
                ConfigKey.of(p + "auth.username", STRING, null, "User name (basic auth)."),
                ConfigKey.of(p + "auth.password", PASSWORD, null, "Password (basic auth)."),
                ConfigKey.of(p + "auth.token", PASSWORD, null, "Bearer token."),
                ConfigKey.of(p + "ssl.truststore.location", STRING, null, "PKCS12 or JKS truststore for https to this "
                        + "endpoint (the JDK's default trust when unset)."),
                ConfigKey.of(p + "ssl.truststore.password", PASSWORD, null, "Password of the truststore."),
                ConfigKey.of(p + "request.timeout.ms", LONG, null, "Time allowed for the response headers of one "
                        + "request (default: dicomweb.request.timeout.ms)."),
                ConfigKey.of(p + "read.timeout.ms", LONG, null, "Longest wait for the next bytes of a response body "
                        + "(default: dicomweb.read.timeout.ms)."));
    }

    /** The keys as documented, with {@link #PLACEHOLDER} for the name. */
    public static List<ConfigKey> documented() {
        return of(PLACEHOLDER).all();
    }
}
