package org.medmoe.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;

/** Times {@link PromptTokenizer#encode} on filled Med-MoE prompts (about 250 characters) after a warm-up. */
final class EncodeTiming {
    private static final String[] WORDS = {"lesion", "opacity", "nodule", "effusion", "fracture", "mass", "liver",
        "kidney", "spleen", "aorta", "lung", "brain", "bone", "cyst", "edema", "infarct", "tumour", "stent"};

    private EncodeTiming() {
    }

    /** Median microseconds per prompt: {@code [repeated prompts, prompts never seen before]}. */
    static double[] measure(PromptTokenizer tokenizer, Logger log, String name) {
        List<String> prompts = new ArrayList<>();
        TokenizerTestStrings.QUESTIONS.forEach(q -> prompts.add(TokenizerTestStrings.TEMPLATE.replace("{question}", q)));
        for (int round = 0; round < 200; round++) {
            for (String p : prompts) {
                tokenizer.encode(p);
            }
        }
        double repeated = median(tokenizer, prompts, 20);
        SplittableRandom random = new SplittableRandom(7);
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            StringBuilder q = new StringBuilder("Is there a");
            for (int w = 0; w < 4; w++) {
                q.append(' ').append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(100_000));
            }
            fresh.add(TokenizerTestStrings.TEMPLATE.replace("{question}", q.append('?')));
        }
        double unseen = median(tokenizer, fresh, 1);
        int chars = prompts.stream().mapToInt(String::length).sum() / prompts.size();
        log.info("{} encode, prompts of {} characters on average: median {} µs repeated, {} µs never seen", name, chars,
                String.format("%.1f", repeated), String.format("%.1f", unseen));
        return new double[] {repeated, unseen};
    }

    private static double median(PromptTokenizer tokenizer, List<String> prompts, int rounds) {
        double[] micros = new double[prompts.size() * rounds];
        int k = 0;
        for (int r = 0; r < rounds; r++) {
            for (String p : prompts) {
                long start = System.nanoTime();
                tokenizer.encode(p);
                micros[k++] = (System.nanoTime() - start) / 1000.0;
            }
        }
        Arrays.sort(micros);
        return micros[micros.length / 2];
    }
}
