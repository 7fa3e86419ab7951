package org.medmoe.devtools.embedded;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The one schema registry of a test run: started on first use, shared by every test class in the
 * JVM, stopped at JVM exit (by {@link EmbeddedRegistry}'s shutdown hook).
 *
 * <p>Set {@code -Dmedmoe.test.registry.url=...} to run the tests against a registry that is
 * already running (e.g. a Confluent registry in a container) instead.
 */
public final class TestRegistry {
    /** System property with the base URL of an external registry to use instead of starting one. */
    public static final String EXTERNAL_URL_PROPERTY = "medmoe.test.registry.url";

    private static EmbeddedRegistry registry;

    private TestRegistry() {
    }

    /** The shared embedded registry, started on the first call. */
    public static synchronized EmbeddedRegistry get() {
        if (registry == null || !registry.isAlive()) {
            registry = EmbeddedRegistry.start(Path.of(System.getProperty(EmbeddedRegistry.HOME_PROPERTY,
                    EmbeddedRegistry.DEFAULT_HOME)), null, Duration.ofSeconds(120));
        }
        return registry;
    }

    /** The Confluent-compatible base URL to test against: the external one, or the shared embedded one. */
    public static String url() {
        String external = System.getProperty(EXTERNAL_URL_PROPERTY);
        return external != null && !external.isBlank() ? external : get().url();
    }
}
