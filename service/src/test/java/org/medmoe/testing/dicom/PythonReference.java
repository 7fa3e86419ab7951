package org.medmoe.testing.dicom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a script of {@code tools/dicom/} with Debian's Python ({@code /usr/bin/python3}). */
public final class PythonReference {

    /** Debian's interpreter, which has python3-pydicom, python3-numpy and python3-pil. */
    public static final String PYTHON = "/usr/bin/python3";

    private PythonReference() {
    }

    /** The project directory (set by the build, else the working directory). */
    public static Path projectDir() {
        return Path.of(System.getProperty("medmoe.project.dir", ".")).toAbsolutePath();
    }

    /** Runs {@code tools/dicom/<script>} with {@code args}; returns its output, fails on non-zero exit. */
    public static String run(String script, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(PYTHON);
        cmd.add(projectDir().resolve("tools/dicom").resolve(script).toString());
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(script + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + PYTHON + " (Debian python3 with python3-pydicom,"
                    + " python3-numpy, python3-pil)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
