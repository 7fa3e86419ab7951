package org.medmoe.devtools.embedded;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The one embedded Kafka broker of a test run: started on first use, shared by every test class in
 * the JVM, stopped at JVM exit (by {@link EmbeddedKafka}'s shutdown hook). Tests isolate themselves
 * with their own topic names and application ids.
 */
public final class TestKafka {
    private static EmbeddedKafka kafka;

    private TestKafka() {
    }

    public static synchronized EmbeddedKafka get() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start(new PrintStream(OutputStream.nullOutputStream()));
        }
        return kafka;
    }
}
