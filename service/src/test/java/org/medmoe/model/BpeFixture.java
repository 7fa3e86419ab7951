package org.medmoe.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny byte-level BPE written to a directory: the 256 bytes as ids 0..255 (id = byte value), and
 * the merges {@code Ġ t} -> {@code Ġt} (256), {@code h e} -> {@code he} (257), {@code Ġt he} ->
 * {@code Ġthe} (258), {@code Ġ a} -> {@code Ġa} (259), so that "the the" is [116, 257, 258].
 */
final class BpeFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int G_T = 256;
    static final int HE = 257;
    static final int G_THE = 258;
    static final int G_A = 259;

    private BpeFixture() {
    }

    /** Writes {@code vocab.json} and {@code merges.txt} into {@code dir}; returns {@code dir}. */
    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(ByteLevel.charOf(b)), b);
        }
        vocab.put("Ġt", G_T);
        vocab.put("he", HE);
        vocab.put("Ġthe", G_THE);
        vocab.put("Ġa", G_A);
        JSON.writeValue(dir.resolve("vocab.json").toFile(), vocab);
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\nĠ t\nh e\nĠt he\nĠ a\n", StandardCharsets.UTF_8);
        return dir;
    }

    /** Writes {@code tokenizer_config.json} with {@code added_tokens_decoder} entries (id to content, flags). */
    static void config(Path dir, ObjectNode config) throws IOException {
        JSON.writeValue(dir.resolve("tokenizer_config.json").toFile(), config);
    }

    /** An {@code added_tokens_decoder} entry. */
    static ObjectNode token(String content, boolean special) {
        ObjectNode t = JSON.createObjectNode();
        t.put("content", content).put("lstrip", false).put("rstrip", false).put("single_word", false)
                .put("normalized", !special).put("special", special);
        return t;
    }
}
