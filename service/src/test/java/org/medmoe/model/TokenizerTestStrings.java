package org.medmoe.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic test strings for the tokenizer comparisons: clinical questions, the Med-MoE prompt
 * and its two chunks, numbers, punctuation, contractions, runs of spaces, tabs and line breaks, and
 * non-ASCII text (accents, Greek, CJK, emoji, combining marks, µ and °), mixed at random from a
 * fixed seed. {@link #gpt2} leaves out what the JavaScript truths read differently from the Python
 * {@code regex} module for reasons of their own (U+0085, U+FEFF and U+001C..U+001F as whitespace)
 * and special tokens (gpt-3-encoder has none); {@link #arcade} adds Arcade100k's special tokens.
 */
final class TokenizerTestStrings {
    static final String TEMPLATE = "A chat between a curious user and an artificial intelligence assistant. The assistant "
            + "gives helpful, detailed, and polite answers to the user's questions. USER: <image>\n{question} ASSISTANT:";

    static final List<String> QUESTIONS = List.of("Is there a pneumothorax?", "What modality is used to take this image?",
            "Which organ is abnormal in this CT scan?", "Is the lesion on the left or the right side?",
            "Does the chest X-ray show cardiomegaly?", "What is the size of the mass in cm?",
            "Are there signs of pleural effusion?", "Is this an MRI of the brain?", "Where is the fracture located?",
            "What abnormality is seen in the liver?", "Is the patient's heart enlarged?", "Is this a T1- or T2-weighted image?",
            "Which lobe contains the nodule?", "Is the tissue malignant or benign?", "How many lesions are visible?",
            "What stain was used for this pathology slide?", "Is there free air under the diaphragm?",
            "Are the kidneys normal?", "What's the most likely diagnosis?", "Isn't the trachea deviated?",
            "Does the image show a midline shift of 5 mm?", "Is the aorta dilated (>4.5 cm)?",
            "Are there calcifications in the left breast?", "What plane is this image taken in: axial, coronal or sagittal?",
            "Is contrast used?", "Does the patient have pneumonia?", "Which side shows the opacity — left or right?");
    private static final List<String> ANSWERS = List.of("yes", "no", "Yes", "No", "left", "right", "CT", "MRI",
            "X-ray", "pathology", "axial", "the left lower lobe", "cardiomegaly", "pleural effusion", "none");
    private static final List<String> WORDS = List.of("pneumothorax", "consolidation", "atelectasis", "hepatomegaly",
            "ground-glass", "opacity", "nodule", "hyperdense", "hypointense", "well-circumscribed", "HEMATOXYLIN",
            "eosin", "mediastinum", "Pleural", "intraparenchymal", "subarachnoid", "the", "of", "and", "in", "a",
            "with", "without", "is", "are", "shows", "seen", "image", "scan", "slide", "McDonald", "O'Brien", "iPhone",
            "COVID-19", "T2-FLAIR", "SpO2", "HbA1c", "mmHg", "kVp", "cm³", "x2", "3D", "1st", "2nd", "a1b2c3");
    private static final List<String> CONTRACTIONS = List.of("it's", "don't", "they're", "we've", "I'm", "you'll",
            "he'd", "IT'S", "DON'T", "THEY'RE", "WE'VE", "I'M", "YOU'LL", "HE'D", "patient's", "Patients'", "'s", "'t",
            "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'Ve", "'M", "'Ll", "'D", "''", "'", "rock'n'roll",
            "'tis", "'twas", "o'clock", "'ſtable", "'Stable", "'TWAS", "'Dr", "'LLama", "'REport", "'VEry", "'Me", "'ſſ", "IT'SELF",
            "'sore", "'tic");
    private static final List<String> PUNCTUATION = List.of(".", ",", "?", "!", ":", ";", "...", "?!", "--", "-", "(",
            ")", "[", "]", "{", "}", "\"", "/", "\\", "@", "#", "$", "%", "^", "&", "*", "+", "=", "<", ">", "|", "~",
            "`", "_", "<image>", "<|", "|>", "<|endoftext", "endoftext|>", "</s>", "<unk>", "->", "=>", ">=", "<=",
            "**", "__", "!!", "..", ",,", ",,,", ",,,,", "((", "))", "%)", "\"'", "'\"");
    private static final List<String> NON_ASCII = List.of("café", "naïve", "Ångström", "Größe", "señal", "résumé",
            "crème brûlée", "Ærø", "Łódź", "İstanbul", "ſ", "'ſ", "ﬁbrosis", "α-fetoprotein", "β-blocker", "γ", "Δ",
            "ΔT", "σ²", "Ω", "μg", "µg", "5 µm", "°C", "37 °C", "98.6°F", "90°", "±", "×", "÷", "→", "≥", "≤", "≈",
            "½", "¼", "²", "³", "Ⅻ", "①", "٣", "３", "Ａ", "ｈｅｌｌｏ", "肺炎", "胸部X線", "磁共振成像", "病理", "左肺下叶",
            "こんにちは", "レントゲン", "폐렴", "흉부", "😀", "🩺", "❤️", "👍🏽", "🇺🇸", "👩‍⚕️", "🧠", "🦴", "e\u0301",
            "a\u0308", "n\u0303", "o\u0302\u0323", "\u0301", "الرئة", "ריאה", "फेफड़े", "ปอด", "Привет", "лёгкие",
            "Ελληνικά", "ǅ", "ǈ", "ß", "ẞ", "ŉ", "\u00ad", "\u200b", "\u200d", "€", "£", "¥", "©", "®", "™", "§", "¶",
            "†", "•", "…", "“quoted”", "‘single’", "«guillemets»", "—", "–", "\u00a0", "\u2009", "\u3000", "\u2028",
            "\u202f");
    private static final List<String> SPACES = List.of(" ", "  ", "   ", "    ", "\t", "\t\t", "\n", "\n\n", "\r\n",
            " \n", "\n ", " \t ", "\t \t", "\n\t", " \n\n ", "\r", "\u000b", "\f");

    private TokenizerTestStrings() {
    }

    /** {@code count} strings for GPT-2's BPE (see the class comment for what is left out). */
    static List<String> gpt2(int count) {
        return generate(count, 20240415L, false);
    }

    /** {@code count} strings for Arcade100k, with its special tokens and the whitespace GPT-2 leaves out. */
    static List<String> arcade(int count) {
        return generate(count, 20241201L, true);
    }

    private static List<String> generate(int count, long seed, boolean arcade) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(count);
        String[] chunks = TEMPLATE.split("<image>");
        out.add(TEMPLATE);
        out.add(chunks[0]);
        out.add(chunks[1]);
        for (String q : QUESTIONS) {
            String filled = TEMPLATE.replace("{question}", q);
            out.add(filled);
            out.add(filled.split("<image>")[1]);
            out.add(q);
            out.add(" " + q);
        }
        for (String a : ANSWERS) {
            out.add(" " + a);
            out.add(a);
        }
        while (out.size() < count) {
            String s = mixed(random, arcade);
            if (arcade || !s.contains("<|endoftext|>")) {
                out.add(s);
            }
        }
        return out;
    }

    private static String mixed(SplittableRandom random, boolean arcade) {
        StringBuilder s = new StringBuilder();
        int parts = 1 + random.nextInt(8);
        for (int i = 0; i < parts; i++) {
            int kind = random.nextInt(arcade ? 11 : 10);
            switch (kind) {
                case 0 -> s.append(pick(random, QUESTIONS));
                case 1 -> s.append(pick(random, WORDS));
                case 2 -> s.append(pick(random, CONTRACTIONS));
                case 3 -> s.append(pick(random, PUNCTUATION));
                case 4, 5 -> s.append(pick(random, NON_ASCII));
                case 6 -> s.append(number(random));
                case 7 -> s.append(whitespaceRun(random));
                case 8 -> s.append(random.nextBoolean() ? pick(random, ANSWERS) : TEMPLATE.split("<image>")[random.nextInt(2)]);
                case 9 -> s.append(randomChars(random, arcade));
                default -> s.append(random.nextInt(4) == 0 ? pick(random, List.of("\u0085", "\ufeff", "\u001c"))
                        : pick(random, Arcade100k.SPECIAL_TOKENS.keySet().stream().toList()));
            }
            if (random.nextInt(3) > 0) {
                s.append(random.nextInt(4) == 0 ? whitespaceRun(random) : pick(random, SPACES.subList(0, 2)));
            }
        }
        return s.toString();
    }

    private static String number(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> Integer.toString(random.nextInt(10));
            case 1 -> Integer.toString(random.nextInt(100_000));
            case 2 -> String.valueOf(random.nextLong(1L << 40));
            case 3 -> random.nextInt(100) + "." + random.nextInt(1000);
            case 4 -> random.nextInt(200) + "/" + random.nextInt(120);
            case 5 -> "1,000,000";
            case 6 -> "2024-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10);
            default -> random.nextInt(20) + " mm";
        };
    }

    private static String whitespaceRun(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        int n = 1 + random.nextInt(random.nextInt(4) == 0 ? 40 : 6);
        char[] alphabet = {' ', ' ', ' ', '\t', '\n', '\r'};
        char run = alphabet[random.nextInt(alphabet.length)];
        for (int i = 0; i < n; i++) {
            s.append(random.nextInt(5) == 0 ? alphabet[random.nextInt(alphabet.length)] : run);
        }
        return s.toString();
    }

    /** Random characters from ranges every engine involved classifies alike (no surrogates). */
    private static String randomChars(SplittableRandom random, boolean arcade) {
        int[][] ranges = {{0x21, 0x7E}, {0xA1, 0x17F}, {0x370, 0x3FF}, {0x400, 0x4FF}, {0x4E00, 0x4E80},
            {0x3040, 0x30FF}, {0xAC00, 0xAC80}, {0x2000, 0x206F}, {0x1F600, 0x1F64F}, {0x300, 0x36F}, {0x0, 0x20}};
        StringBuilder s = new StringBuilder();
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            int[] r = ranges[random.nextInt(ranges.length)];
            int cp = r[0] + random.nextInt(r[1] - r[0] + 1);
            boolean disputed = cp == 0x85 || cp == 0xFEFF || (cp >= 0x1C && cp <= 0x1F);
            if (cp == 0 || (disputed && !arcade) || (cp >= 0x2060 && cp <= 0x206F)) {
                cp = 'x';
            }
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    private static String pick(SplittableRandom random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
