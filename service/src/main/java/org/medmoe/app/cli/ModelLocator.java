package org.medmoe.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.medmoe.app.service.ServiceStartException;

/**
 * Finds the bundled tiny model: {@code models/tiny} under {@code -Dmedmoe.home} (set by the
 * {@code ./medmoe} launcher), else under the working directory. Stateless.
 */
public final class ModelLocator {
    public static final String HOME_PROPERTY = "medmoe.home";
    static final Path BUNDLED = Path.of("models", "tiny");

    private ModelLocator() {
    }

    /** {@code explicit} when given, otherwise the bundled tiny model. */
    public static Path modelDir(Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        String home = System.getProperty(HOME_PROPERTY);
        Path base = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        Path dir = base.resolve(BUNDLED);
        if (!Files.isDirectory(dir)) {
            throw new ServiceStartException("the bundled model " + dir + " is missing: pass --model DIR, or run "
                    + "through ./medmoe (which sets -D" + HOME_PROPERTY + ")");
        }
        return dir;
    }
}
