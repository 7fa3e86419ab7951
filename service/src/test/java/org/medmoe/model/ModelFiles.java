package org.medmoe.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** Changes to model files for the verification tests. */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * Flips the lowest bit of the byte in the middle of {@code file} (weights, in an ONNX graph of
     * the tiny model), then sets its modification time back to what it was: size and time unchanged,
     * content not.
     */
    public static void corruptKeepingSizeAndTime(Path file) {
        try {
            FileTime before = Files.getLastModifiedTime(file);
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 1;
            Files.write(file, bytes);
            Files.setLastModifiedTime(file, before);
            if (!Files.getLastModifiedTime(file).equals(before) || Files.size(file) != bytes.length) {
                throw new IllegalStateException("the size or modification time of " + file + " was not kept");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
