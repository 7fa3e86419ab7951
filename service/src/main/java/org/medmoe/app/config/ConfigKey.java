package org.medmoe.app.config;

import java.util.Objects;

/**
 * One configuration key: its name, type, default and a one-line description.
 *
 * <p>Every key the service reads is declared once in {@link ConfigKeys}; the configuration
 * reference in {@code docs/configuration.md} is generated from these declarations.
 *
 * @param name dotted key, e.g. {@code kafka.bootstrap.servers}
 * @param type how the value is parsed and validated
 * @param defaultValue the default as text; {@code null} means "no default, optional"
 * @param doc one line shown in the reference
 * @param secret true for credentials: never printed, masked in dumps
 * @param validator what a value of the key's type must also be (a range, a word of a list, ...)
 */
public record ConfigKey(String name, Type type, String defaultValue, String doc, boolean secret,
        ConfigValidator validator) {

    /** Value types; parsing errors name the key and the expected type. */
    public enum Type {
        STRING, INT, LONG, DOUBLE, BOOLEAN, LIST, PASSWORD
    }

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(validator, "validator");
    }

    static ConfigKey of(String name, Type type, String defaultValue, String doc) {
        return of(name, type, defaultValue, doc, ConfigValidator.ANY);
    }

    static ConfigKey of(String name, Type type, String defaultValue, String doc, ConfigValidator validator) {
        return new ConfigKey(name, type, defaultValue, doc, type == Type.PASSWORD, validator);
    }

    /** The environment variable that overrides this key: {@code MEDMOE_} + upper-cased name, dots and dashes as underscores. */
    public String environmentVariable() {
        return envName(name);
    }

    static String envName(String key) {
        return "MEDMOE_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
