package org.medmoe.devtools.bench.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.medmoe.imaging.PixelTensor;

/**
 * What both engines of a study read: the prompt set as JSON for {@code tools/bench_torch.py}, one
 * seeded random image (kept for the Java side, written raw for PyTorch) and a place for PyTorch's
 * logits. Temporary files, deleted by {@link #close}. Not thread-safe.
 */
final class StudyInputs implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path prompts;
    private final Path pixels;
    private final Path torchLogits;
    private final PixelTensor image;

    private StudyInputs(Path prompts, Path pixels, Path torchLogits, PixelTensor image) {
        this.prompts = prompts;
        this.pixels = pixels;
        this.torchLogits = torchLogits;
        this.image = image;
    }

    /** Writes the inputs for the model generated in {@code dir} (its image size from an export's manifest). */
    static StudyInputs write(Path dir, BenchOptions.Study study) {
        PixelTensor image = randomImage(imageSize(dir, study));
        try {
            Path prompts = Files.createTempFile("medmoe-prompt-set", ".json");
            ArrayNode list = JSON.createArrayNode();
            for (StudyQuestion q : study.questions()) {
                ObjectNode node = list.addObject().put("text", q.text());
                if (q.closed()) {
                    q.candidates().forEach(node.putArray("candidates")::add);
                } else {
                    node.put("maxNewTokens", q.maxNewTokens());
                }
            }
            JSON.writeValue(prompts.toFile(), list);
            Path pixels = Files.createTempFile("medmoe-study-image", ".f32");
            ByteBuffer buffer = ByteBuffer.allocate(image.data().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(image.data());
            Files.write(pixels, buffer.array());
            Path logits = pixels.resolveSibling(pixels.getFileName() + ".logits");
            return new StudyInputs(prompts, pixels, logits, image);
        } catch (IOException e) {
            throw new BenchmarkException("cannot write the study's inputs: " + e.getMessage(), e);
        }
    }

    Path prompts() {
        return prompts;
    }

    Path pixels() {
        return pixels;
    }

    /** Where PyTorch writes its logits after the first open question's prompt. */
    Path torchLogits() {
        return torchLogits;
    }

    PixelTensor image() {
        return image;
    }

    /** PyTorch's logits, or null when it has not written them (skipped). */
    float[] torchLogitsIfWritten() {
        if (!Files.isRegularFile(torchLogits)) {
            return null;
        }
        try {
            FloatBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(torchLogits)).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer();
            float[] out = new float[buffer.remaining()];
            buffer.get(out);
            return out;
        } catch (IOException e) {
            throw new BenchmarkException("cannot read " + torchLogits + ": " + e.getMessage(), e);
        }
    }

    private static int imageSize(Path dir, BenchOptions.Study study) {
        for (String dtype : study.dtypes()) {
            Path manifest = dir.resolve(dtype).resolve("model.json");
            if (Files.isRegularFile(manifest)) {
                try {
                    return JSON.readTree(manifest.toFile()).get("image").get("size").asInt();
                } catch (IOException e) {
                    throw new BenchmarkException("cannot read " + manifest + ": " + e.getMessage(), e);
                }
            }
        }
        throw new BenchmarkException("no export in " + dir + " to measure");
    }

    private static PixelTensor randomImage(int size) {
        Random random = new Random(0);
        float[] values = new float[3 * size * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return new PixelTensor(values, 3, size, size);
    }

    @Override
    public void close() {
        for (Path file : new Path[] {prompts, pixels, torchLogits}) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file: the system cleans it up
            }
        }
    }
}
