package org.medmoe.app.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigKeys;

/**
 * The instance id behind static group membership ({@code kafka.instance.id}): as configured, none, or
 * derived from what stays the same when the same instance restarts and differs between instances of
 * one host: the host name and the state folder. Stateless.
 */
final class InstanceIds {
    static final String AUTO = "auto";
    static final String NONE = "none";

    private InstanceIds() {
    }

    /** The instance id, or empty for dynamic membership. */
    static Optional<String> of(Config config) {
        String value = config.string(ConfigKeys.KAFKA_INSTANCE_ID).trim();
        if (value.equalsIgnoreCase(NONE)) {
            return Optional.empty();
        }
        if (!value.equalsIgnoreCase(AUTO)) {
            if (value.isEmpty() || !value.matches("[A-Za-z0-9._-]+")) {
                throw new ConfigException(ConfigKeys.KAFKA_INSTANCE_ID.name() + " = '" + value + "' (from "
                        + config.origin(ConfigKeys.KAFKA_INSTANCE_ID.name()) + ") is not valid: expected auto, none,"
                        + " or an id of letters, digits, '.', '_' and '-'");
            }
            return Optional.of(value);
        }
        String stateDir = config.optionalString(ConfigKeys.KAFKA_STATE_DIR)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams").toString());
        return Optional.of(derived(hostName(), Path.of(stateDir).toAbsolutePath().normalize().toString()));
    }

    /** {@code host-xxxxxxxx}: the host name and the first 8 hex digits of the state folder's SHA-256. */
    static String derived(String host, String stateDir) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(stateDir.getBytes(StandardCharsets.UTF_8));
            String safeHost = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
            return safeHost + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
