package org.medmoe.app.config;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Names that look like configuration but name no key: a misspelt key in a file or {@code --set},
 * and a {@code MEDMOE_*} environment variable that overrides nothing. The error says what was meant
 * when one key is close. Stateless.
 */
final class UnknownKeys {
    /** {@code MEDMOE_*} variables that are not configuration: the launcher's and Docker Compose's. */
    static final Set<String> OTHER_VARIABLES = Set.of("MEDMOE_JAVA_OPTS", "MEDMOE_MODEL_PATH");

    private UnknownKeys() {
    }

    /** The error for {@code key}, which no declared key has, set from {@code origin}. */
    static ConfigException unknownKey(String key, String origin) {
        return new ConfigException("unknown configuration key '" + key + "' (from " + origin + ")"
                + closest(key, ConfigKeys.ALL.stream().map(ConfigKey::name)).map(k -> "; did you mean " + k + "?")
                        .orElse("") + " (medmoe config lists the keys)");
    }

    /** Refuses a {@code MEDMOE_*} variable of {@code environment} that none of {@code keys} reads. */
    static void checkEnvironment(Map<String, String> environment, List<ConfigKey> keys) {
        String passthrough = ConfigKey.envName(ConfigKeys.KAFKA_PASSTHROUGH_PREFIX);
        environment.keySet().stream().filter(name -> name.startsWith("MEDMOE_")).sorted()
                .filter(name -> !name.startsWith(passthrough) && !OTHER_VARIABLES.contains(name) && !known(name, keys))
                .findFirst().ifPresent(name -> {
                    throw new ConfigException("environment variable " + name + " sets no configuration key"
                            + closest(name, keys.stream().map(ConfigKey::environmentVariable))
                                    .map(v -> "; did you mean " + v + "?").orElse("")
                            + " (unset it; medmoe config lists the keys)");
                });
    }

    private static boolean known(String name, List<ConfigKey> keys) {
        return keys.stream().anyMatch(key -> name.equals(key.environmentVariable())
                || key.secret() && name.equals(key.environmentVariable() + Secrets.FILE_SUFFIX));
    }

    /** The candidate within a few edits of {@code name}, the nearest first. */
    static Optional<String> closest(String name, Stream<String> candidates) {
        int limit = Math.max(2, name.length() / 5);
        return candidates.map(c -> Map.entry(c, distance(name, c))).filter(e -> e.getValue() <= limit)
                .min(Comparator.comparingInt(Map.Entry<String, Integer>::getValue)).map(Map.Entry::getKey);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
