package org.medmoe.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The rules for secrets (keys of type {@link ConfigKey.Type#PASSWORD}, and pass-through Kafka
 * properties whose name says password, secret, token or JAAS): they come only from the environment,
 * either the value itself ({@code MEDMOE_<KEY>}) or a file holding it ({@code MEDMOE_<KEY>_FILE},
 * as Docker and Kubernetes mount secrets). A configuration file or a command line that holds one is
 * refused: files get copied and committed, and command lines are visible to every user of the host.
 * Error messages name the key, never the value. Stateless.
 */
final class Secrets {
    /** Suffix of the environment variable that names a file holding the secret. */
    static final String FILE_SUFFIX = "_FILE";

    private Secrets() {
    }

    /** True when {@code name} holds a credential. */
    static boolean isSecret(String name) {
        return ConfigKeys.find(name).map(ConfigKey::secret)
                .orElseGet(() -> name.matches("(?i).*(password|secret|token|jaas).*"));
    }

    /** Throws when a secret is set (non-blank) from {@code origin}, a place secrets may not come from. */
    static void refuse(String name, String value, String origin) {
        if (value != null && !value.isBlank() && isSecret(name)) {
            String env = ConfigKey.envName(name);
            throw new ConfigException(name + " is a secret and is not accepted from the " + origin
                    + ": set it in the environment with " + env + " or " + env + FILE_SUFFIX
                    + " (the path of a file holding it)");
        }
    }

    /**
     * The secret {@code key} from the environment: {@code MEDMOE_<KEY>}, or the content of the file
     * {@code MEDMOE_<KEY>_FILE} names with trailing line breaks removed. Empty when neither is set;
     * an error when both are, or when the file cannot be read.
     */
    static Optional<Resolved> fromEnvironment(ConfigKey key, Map<String, String> environment) {
        String direct = key.environmentVariable();
        String fileVar = direct + FILE_SUFFIX;
        String value = environment.get(direct);
        String file = environment.get(fileVar);
        if (value != null && file != null) {
            throw new ConfigException(key.name() + " is set twice, by " + direct + " and by " + fileVar
                    + ": set only one of them");
        }
        if (value != null) {
            return Optional.of(new Resolved(value, "environment " + direct));
        }
        if (file == null) {
            return Optional.empty();
        }
        return Optional.of(new Resolved(readFile(key, fileVar, file), "file " + file + " (from " + fileVar + ")"));
    }

    private static String readFile(ConfigKey key, String fileVar, String file) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(key.name() + ": " + fileVar + " names " + file
                    + ", which does not exist or is not a file");
        }
        try {
            String content = Files.readString(path, StandardCharsets.UTF_8);
            int end = content.length();
            while (end > 0 && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) {
                end--;
            }
            return content.substring(0, end);
        } catch (IOException e) {
            throw new ConfigException(key.name() + ": cannot read " + file + " (named by " + fileVar + "): "
                    + e.getMessage(), e);
        }
    }

    /** A secret's value and where it came from. */
    record Resolved(String value, String origin) {
        @Override
        public String toString() {
            return "Resolved[value=******, origin=" + origin + "]";
        }
    }
}
