package org.medmoe.testing.dicom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Real DICOM files shipped by Debian packages (written by others, not by this project), found
 * at run time with {@code dpkg -L}. Fails with a message naming the package when it is missing.
 */
public final class DebianSamples {

    private DebianSamples() {
    }

    /** The {@code .dcm} files of Debian package {@code pkg}, sorted. */
    public static List<Path> dcmFiles(String pkg) {
        try {
            Process p = new ProcessBuilder("dpkg", "-L", pkg).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("Debian package " + pkg + " is not installed (see "
                        + "tools/packages/test.txt): " + out.strip());
            }
            List<Path> files = out.lines().filter(l -> l.endsWith(".dcm")).map(Path::of)
                    .filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            if (files.isEmpty()) {
                throw new IllegalStateException("Debian package " + pkg + " ships no .dcm files");
            }
            return files;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run dpkg to find the files of " + pkg, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** python3-pydicom's test files. */
    public static List<Path> pydicom() {
        return dcmFiles("python3-pydicom");
    }

    /** A pydicom test file by name, e.g. {@code CT_small.dcm}. */
    public static Path pydicom(String name) {
        return pydicom().stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " not found in python3-pydicom"));
    }
}
