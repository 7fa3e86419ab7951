package org.medmoe.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The added tokens of a slow Hugging Face tokenizer (special ones such as {@code <|endoftext|>} and
 * plain ones such as Phi-2's runs of spaces) and how {@code PreTrainedTokenizer.tokenize} cuts text
 * at them before the BPE sees it: the trie match of {@code tokenization_utils.Trie.split} (the
 * earliest start wins, then the longest token from it, with that algorithm's lookahead), then each
 * token's {@code lstrip}, {@code rstrip} and {@code single_word} flags on its neighbours. Immutable;
 * thread-safe.
 */
final class AddedTokens {
    /** One added token, as {@code added_tokens_decoder} describes it. */
    record Entry(int id, String content, boolean lstrip, boolean rstrip, boolean singleWord, boolean special) {
    }

    private static final class Node {
        final Map<Integer, Node> children = new HashMap<>();
        boolean terminal;
    }

    private final Map<String, Entry> byContent;
    private final Map<Integer, Entry> byId;
    private final Node root = new Node();

    AddedTokens(List<Entry> entries) {
        Map<String, Entry> contents = new LinkedHashMap<>();
        Map<Integer, Entry> ids = new HashMap<>();
        for (Entry e : entries) {
            contents.put(e.content(), e);
            ids.put(e.id(), e);
        }
        this.byContent = Map.copyOf(contents);
        this.byId = Map.copyOf(ids);
        for (String content : contents.keySet()) {
            Node node = root;
            for (int cp : content.codePoints().toArray()) {
                node = node.children.computeIfAbsent(cp, k -> new Node());
            }
            node.terminal = true;
        }
    }

    /** The added token written {@code content}, or null. */
    Entry get(String content) {
        return byContent.get(content);
    }

    /** The added token of {@code id}, or null. */
    Entry get(int id) {
        return byId.get(id);
    }

    /** Every added token. */
    Iterable<Entry> entries() {
        return byContent.values();
    }

    /**
     * {@code text} cut into pieces: added tokens (equal to an entry's content) and the text between
     * them, with the neighbours of each added token stripped as its flags say and empty pieces dropped.
     */
    List<String> split(String text) {
        if (byContent.isEmpty()) {
            return text.isEmpty() ? List.of() : List.of(text);
        }
        List<String> tokens = trieSplit(text);
        for (int i = 0; i < tokens.size(); i++) {
            Entry e = byContent.get(tokens.get(i));
            if (e == null) {
                continue;
            }
            String left = i > 0 ? tokens.get(i - 1) : null;
            String right = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (e.rstrip() && right != null && !right.isEmpty()) {
                tokens.set(i + 1, TokenText.lstrip(right));
            }
            if (e.lstrip() && left != null && !left.isEmpty()) {
                tokens.set(i - 1, TokenText.rstrip(left));
            }
            if (e.singleWord() && left != null && !left.isEmpty() && !left.endsWith(" ")) {
                tokens.set(i - 1, tokens.get(i - 1) + tokens.get(i));
                tokens.set(i, "");
            } else if (e.singleWord() && right != null && !right.isEmpty() && !right.startsWith(" ")) {
                tokens.set(i + 1, tokens.get(i) + tokens.get(i + 1));
                tokens.set(i, "");
            }
        }
        tokens.removeIf(String::isEmpty);
        return tokens;
    }

    /** {@code Trie.split}: the text cut at the offsets of the matches found, in code points. */
    private List<String> trieSplit(String text) {
        int[] cps = text.codePoints().toArray();
        int n = cps.length;
        List<Integer> offsets = new ArrayList<>();
        offsets.add(0);
        LinkedHashMap<Integer, Node> states = new LinkedHashMap<>();
        int skip = 0;
        for (int current = 0; current < n; current++) {
            if (skip > 0 && current < skip) {
                continue;
            }
            int c = cps[current];
            List<Integer> dead = new ArrayList<>();
            boolean reset = false;
            for (Map.Entry<Integer, Node> state : states.entrySet()) {
                int start = state.getKey();
                Node node = state.getValue();
                if (node.terminal) {
                    int[] match = longestMatch(states, start, current, skip, cps);
                    offsets.add(match[0]);
                    offsets.add(match[1]);
                    skip = match[2];
                    reset = true;
                    break;
                } else if (node.children.containsKey(c)) {
                    state.setValue(node.children.get(c));
                } else {
                    dead.add(start);
                }
            }
            if (reset) {
                states.clear();
            } else {
                dead.forEach(states::remove);
            }
            if (current >= skip && root.children.containsKey(c)) {
                states.put(current, root.children.get(c));
            }
        }
        for (Map.Entry<Integer, Node> state : states.entrySet()) {
            if (state.getValue().terminal) {
                offsets.add(state.getKey());
                offsets.add(n);
                break;
            }
        }
        offsets.add(n);
        return cut(cps, offsets);
    }

    /**
     * {@code Trie.split}'s look-ahead once the state that started at {@code start} has reached a
     * match at {@code current}: the longest match among the states that started at or before it, as
     * {start, end, skip} (the code point to skip to).
     */
    private static int[] longestMatch(Map<Integer, Node> states, int start, int current, int skip, int[] cps) {
        int end = current;
        for (Map.Entry<Integer, Node> look : states.entrySet()) {
            int lookStart = look.getKey();
            Node lookNode = look.getValue();
            if (lookStart > start) {
                break;
            }
            int index = lookStart < start ? current + 1 : current;
            end = index;
            if (lookNode.terminal) {
                start = lookStart;
                end = index;
                skip = index;
            }
            while (index < cps.length && lookNode.children.containsKey(cps[index])) {
                lookNode = lookNode.children.get(cps[index]);
                index++;
                if (lookNode.terminal) {
                    start = lookStart;
                    end = index;
                    skip = index;
                }
            }
        }
        return new int[] {start, end, skip};
    }

    /** The text cut at {@code offsets} (ascending, first 0, last the length), without empty pieces. */
    private static List<String> cut(int[] cps, List<Integer> offsets) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int end : offsets) {
            if (start >= end) {
                continue;
            }
            pieces.add(new String(cps, start, end - start));
            start = end;
        }
        return pieces;
    }
}
