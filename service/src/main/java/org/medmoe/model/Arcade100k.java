package org.medmoe.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * StableLM 2's Arcade100k tokenizer as the reference defines it ({@code tokenization_arcade100k.py}):
 * tiktoken with the {@code arcade100k.tiktoken} ranks, {@link SplitPatterns#ARCADE100K}, text put in
 * Unicode NFC first, every special token allowed in the text, and these special tokens numbered from
 * {@value #START_ID} in this order. Constants only.
 */
final class Arcade100k {
    static final int START_ID = 100257;
    static final Pattern PATTERN = SplitPatterns.ARCADE100K;
    /** Special token to id. */
    static final Map<String, Integer> SPECIAL_TOKENS;

    static {
        List<String> names = new ArrayList<>(List.of("<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>",
                "<|fim_suffix|>", "<|fim_pad|>", "<gh_stars>", "<filename>", "<issue_start>", "<issue_comment>",
                "<issue_closed>", "<jupyter_start>", "<jupyter_text>", "<jupyter_code>", "<jupyter_output>",
                "<empty_output>", "<commit_before>", "<commit_msg>", "<commit_after>", "<reponame>",
                "<|endofprompt|>", "<|im_start|>", "<|im_end|>", "<|pause|>"));
        for (int i = 0; i < 8; i++) {
            names.add("<|reg" + i + "|>");
        }
        names.add("<|extra0|>");
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            ids.put(names.get(i), START_ID + i);
        }
        SPECIAL_TOKENS = Collections.unmodifiableMap(ids);
    }

    private Arcade100k() {
    }
}
