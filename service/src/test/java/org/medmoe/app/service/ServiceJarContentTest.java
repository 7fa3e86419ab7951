package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a deployment runs holds no demo, benchmark, drill or embedded-broker code, and neither JMH nor
 * the Kafka broker is on its class path: they belong to the tools module. Reads the service's own
 * output (its classes folder during the build, or its jar when the tests run against it), which is
 * what the jar is made of.
 */
class ServiceJarContentTest {
    /** Words no entry of the service's jar may hold, in any case. */
    private static final List<String> TOOL_WORDS = List.of("bench", "demo", "drill", "embedded", "devtools", "jmh");
    /** Artifacts of the broker and of JMH, as jar file names start. */
    private static final List<String> TOOL_JARS = List.of("jmh-core", "jmh-generator", "kafka_2.13", "kafka-server",
            "kafka-raft", "kafka-metadata", "kafka-storage", "kafka-group-coordinator", "scala-library");

    @Test
    void theServiceHoldsNoToolClassOrResource() throws Exception {
        List<String> entries = entries(Path.of(StreamService.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()));

        assertThat(entries).as("the service's classes").contains("org/medmoe/app/cli/Main.class",
                "org/medmoe/app/service/StreamService.class", "org/medmoe/schema/StudyFindings.class");
        assertThat(entries).as("entries of the service jar naming a tool")
                .noneMatch(e -> TOOL_WORDS.stream().anyMatch(w -> e.toLowerCase(Locale.ROOT).contains(w)));
        assertThat(entries).as("broker classes").noneMatch(e -> e.startsWith("kafka/"));
    }

    @Test
    void neitherJmhNorTheKafkaBrokerIsOnTheServiceClassPath() {
        List<String> jars = Arrays.stream(classPath().split(File.pathSeparator)).map(p -> Path.of(p).getFileName())
                .filter(p -> p != null).map(Path::toString).toList();

        assertThat(jars).as("the service's class path").anyMatch(j -> j.startsWith("kafka-streams-"));
        assertThat(jars).as("tool jars on the service's class path")
                .noneMatch(j -> TOOL_JARS.stream().anyMatch(j::startsWith));
    }

    /** Every file in the jar, or under the classes folder, as a jar entry name. */
    private static List<String> entries(Path location) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(Files::isRegularFile).forEach(f -> out.add(location.relativize(f).toString()
                        .replace(File.separatorChar, '/')));
            }
            return out;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                out.add(e.nextElement().getName());
            }
        }
        return out;
    }

    /** The test class path (surefire passes it apart when it starts the JVM through a manifest-only jar). */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

}
