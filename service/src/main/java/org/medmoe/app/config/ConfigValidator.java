package org.medmoe.app.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a key accepts beyond its type: a range, one of some words, a list of some words, an existing
 * path. {@link ConfigLoader#load} checks every set value against its key's validator, after the
 * value's type, so a wrong value fails before anything is started. Immutable.
 *
 * @param expected the accepted values in words ("at least 1", "one of none, basic, bearer"),
 *     empty for any value of the key's type; it ends the error message and the reference's column
 * @param accepts true for a value (trimmed, not blank, already of the key's type) that is accepted
 */
public record ConfigValidator(String expected, Predicate<String> accepts) {

    /** Any value of the key's type. */
    public static final ConfigValidator ANY = new ConfigValidator("", v -> true);

    public ConfigValidator {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(accepts, "accepts");
    }

    /** A whole number of at least {@code min}. */
    public static ConfigValidator atLeast(long min) {
        return new ConfigValidator("at least " + min, v -> Long.parseLong(v) >= min);
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    public static ConfigValidator between(long min, long max) {
        return new ConfigValidator(min + " to " + max, v -> {
            long n = Long.parseLong(v);
            return n >= min && n <= max;
        });
    }

    /** A replication factor: -1 (the broker's default) or 1 to 32767. */
    public static ConfigValidator replicationFactor() {
        return new ConfigValidator("-1 (the broker's default) or 1 to 32767", v -> {
            long n = Long.parseLong(v);
            return n == -1 || n >= 1 && n <= Short.MAX_VALUE;
        });
    }

    /** One of {@code words}, in any case. */
    public static ConfigValidator oneOf(String... words) {
        return new ConfigValidator("one of " + String.join(", ", words), v -> contains(words, v));
    }

    /** A comma-separated list of at least one of {@code words}, in any case. */
    public static ConfigValidator eachOf(String... words) {
        return new ConfigValidator("a list of " + String.join(", ", words), v -> {
            String[] items = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .toArray(String[]::new);
            return items.length > 0 && Arrays.stream(items).allMatch(item -> contains(words, item));
        });
    }

    /** The path of an existing folder. */
    public static ConfigValidator existingFolder() {
        return new ConfigValidator("an existing folder", v -> Files.isDirectory(Path.of(v)));
    }

    /** The path of an existing file. */
    public static ConfigValidator existingFile() {
        return new ConfigValidator("an existing file", v -> Files.isRegularFile(Path.of(v)));
    }

    private static boolean contains(String[] words, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(words).anyMatch(w -> w.toLowerCase(Locale.ROOT).equals(v));
    }
}
