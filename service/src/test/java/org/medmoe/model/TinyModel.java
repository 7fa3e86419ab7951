package org.medmoe.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where the bundled tiny model and the project's tools are, for tests (surefire sets medmoe.project.dir). */
public final class TinyModel {
    private TinyModel() {
    }

    /** The repository root. */
    public static Path projectDir() {
        return Path.of(System.getProperty("medmoe.project.dir", ".")).toAbsolutePath().normalize();
    }

    /** {@code models/tiny}. */
    public static Path dir() {
        return projectDir().resolve("models").resolve("tiny");
    }

    /** One of the fixture's sample images. */
    public static Path image(String name) {
        return dir().resolve("images").resolve(name);
    }

    /**
     * A copy of the tiny model in {@code target} (for tests that break it on purpose), without the
     * verification record earlier tests may have left in {@code models/tiny}: the copy is unverified.
     */
    public static Path copyTo(Path target) {
        try (Stream<Path> files = Files.walk(dir())) {
            for (Path source : (Iterable<Path>) files.sorted(Comparator.naturalOrder())::iterator) {
                Path dest = target.resolve(dir().relativize(source).toString());
                if (source.getFileName().toString().equals(".medmoe-verified.json")) {
                    continue;
                }
                if (Files.isDirectory(source)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(source, dest);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
