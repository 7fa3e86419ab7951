package org.medmoe.testing.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The short regression run of a fuzz target inside the test suite: the target over its seeds, over
 * the inputs its long runs found ({@code src/test/resources/fuzz/<target>/}, every one a crash that
 * was fixed), and over a fixed number of deterministic mutations of each seed (byte flips,
 * interesting values, insertions, deletions, truncation; the same every run). The long run is
 * {@code ./medmoe fuzz}, with Jazzer's coverage-guided mutations.
 */
public final class FuzzReplay {

    private static final byte[] INTERESTING = {0, 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, (byte) 0xFE};

    private FuzzReplay() {
    }

    /** One fuzz target: returns normally when the input is handled as it should be, else throws. */
    public interface Target {
        void run(byte[] input) throws Exception;
    }

    /** The inputs the long runs of {@code target} found, by file name (empty when none). */
    public static Map<String, byte[]> findings(String target) {
        URL dir = FuzzReplay.class.getClassLoader().getResource("fuzz/" + target);
        if (dir == null) {
            return Map.of();
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            Map<String, byte[]> found = new LinkedHashMap<>();
            for (Path file : files.sorted().collect(Collectors.toList())) {
                found.put("finding " + file.getFileName(), Files.readAllBytes(file));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code target} over {@code seeds}, its findings and {@code mutations} mutations of each
     * seed; returns the number of executions. Fails naming the input and what it threw.
     */
    public static int replay(String name, Target target, Map<String, byte[]> seeds, int mutations) {
        Map<String, byte[]> inputs = new LinkedHashMap<>(seeds);
        inputs.putAll(findings(name));
        int runs = 0;
        for (Map.Entry<String, byte[]> input : inputs.entrySet()) {
            runs += run(name, target, input.getKey(), input.getValue());
        }
        Random random = new Random(name.hashCode());
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            for (int i = 0; i < mutations; i++) {
                runs += run(name, target, seed.getKey() + " mutation " + i, mutate(seed.getValue(), random));
            }
        }
        return runs;
    }

    private static int run(String name, Target target, String input, byte[] bytes) {
        try {
            target.run(bytes);
            return 1;
        } catch (Exception | Error e) {
            throw new AssertionError("fuzz target " + name + " on " + input + " (" + bytes.length + " bytes) threw "
                    + e, e);
        }
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                case 2 -> b[at] = (byte) random.nextInt(256);
                case 3 -> b = splice(b, at, new byte[] {(byte) random.nextInt(256), INTERESTING[random.nextInt(6)]});
                default -> b = java.util.Arrays.copyOf(b, at);
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, byte[] insert) {
        byte[] out = new byte[b.length + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at, out, at + insert.length, b.length - at);
        return out;
    }
}
