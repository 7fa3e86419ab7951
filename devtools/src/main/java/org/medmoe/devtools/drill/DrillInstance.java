package org.medmoe.devtools.drill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One service instance of a drill: {@code medmoe run} in a child JVM of its own (the launcher's class
 * path and class-data archive, {@link DrillInstanceMain} with the drill's {@link PoisonPlant}), with its own state folder and
 * instance id, its log in a file per start. It
 * can be killed with SIGKILL ({@link Process#destroyForcibly}) and started again with the same id
 * and state. Used by the drill's one controlling thread; {@link #close} kills it.
 */
final class DrillInstance implements AutoCloseable {

    private final int number;
    private final Path dir;
    private final Map<String, String> settings;
    private final PoisonPlant plant;
    private Process process;
    private int starts;
    private Path log;

    /**
     * @param settings the configuration of every instance ({@code --set} options); state and id are added
     * @param plant the failures planted in every instance's analysis
     */
    DrillInstance(int number, Path dir, Map<String, String> settings, PoisonPlant plant) {
        this.number = number;
        this.dir = dir;
        this.settings = settings;
        this.plant = plant;
    }

    /** Starts the child JVM; returns at once (the model loads and Kafka Streams starts in the child). */
    void start() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path")));
        for (String property : List.of("medmoe.home", "medmoe.registry.home", "onnxruntime.native.path")) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        classArchive().ifPresent(archive -> command.add("-XX:SharedArchiveFile=" + archive));
        command.add(DrillInstanceMain.class.getName());
        command.addAll(List.of(plant.arguments()));
        settings.forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
        command.addAll(List.of("--set", "kafka.state.dir=" + dir.resolve("state"),
                "--set", "kafka.instance.id=drill-instance-" + number, "--set", "http.port=0",
                "--set", "http.bind.address=127.0.0.1"));
        starts++;
        log = dir.resolve("start-" + starts + ".log");
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start drill instance " + number, e);
        }
    }

    /**
     * The class-data archive the launcher wrote for this build ({@code medmoe.class.archive}), which
     * the child JVMs map instead of loading and verifying the same classes again; empty when there
     * is none (as in the tests, whose class path is not the launcher's).
     */
    private static Optional<Path> classArchive() {
        String archive = System.getProperty("medmoe.class.archive");
        return archive == null || !Files.isRegularFile(Path.of(archive)) ? Optional.empty() : Optional.of(Path.of(archive));
    }

    /** True when the current start's process ended by itself (it was not killed by {@link #kill}). */
    boolean hasExited() {
        return process != null && !process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        kill(process);
    }

    /** SIGKILL to {@code process} (none: nothing), and waits up to 30 s until it is gone. */
    static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the current start's log holds an outcome line (it processed a study). */
    boolean hasProcessed() {
        try {
            return log != null && Files.exists(log)
                    && Files.readString(log, StandardCharsets.UTF_8).contains("AnalysisProcessor - outcome ");
        } catch (IOException e) {
            return false;
        }
    }

    /** True while the child runs. */
    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The exit code once the child has ended by itself. */
    int exitValue() {
        return process.exitValue();
    }

    int number() {
        return number;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        kill();
    }
}
