package org.medmoe.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** A parsed YAML document that remembers the line of every key, for error messages. */
final class YamlDocument {
    private final String source;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlDocument(String source, JsonNode root, Map<String, Integer> lines) {
        this.source = source;
        this.root = root;
        this.lines = lines;
    }

    static YamlDocument parse(String source, String text) {
        YAMLFactory factory = new YAMLFactory();
        try {
            JsonNode root = new ObjectMapper(factory).readTree(text);
            return new YamlDocument(source, root, index(factory, text));
        } catch (JsonProcessingException e) {
            throw new PipelineException(source + " line " + e.getLocation().getLineNr() + ": not valid YAML: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PipelineException(source + ": cannot be read: " + e.getMessage(), e);
        }
    }

    JsonNode root() {
        return root;
    }

    /** "FILE line N (path)" for the key at {@code path} (dotted, list items as [i]), or its nearest parent. */
    String where(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return source + " line " + line + " (" + path + ")";
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return source + " (" + path + ")";
    }

    private static Map<String, Integer> index(YAMLFactory factory, String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        Deque<Object> path = new ArrayDeque<>();
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case FIELD_NAME -> {
                        if (!path.isEmpty() && path.peekLast() instanceof String) {
                            path.removeLast();
                        }
                        path.addLast(parser.currentName());
                        lines.put(render(path), parser.currentLocation().getLineNr());
                    }
                    case START_ARRAY -> path.addLast(-1);
                    case END_ARRAY -> {
                        path.removeLast();
                    }
                    case START_OBJECT -> {
                        bumpIndex(path, lines, parser);
                        path.addLast(new Object());
                    }
                    case END_OBJECT -> {
                        if (!path.isEmpty() && path.peekLast() instanceof String) {
                            path.removeLast();
                        }
                        path.removeLast();
                    }
                    default -> bumpIndex(path, lines, parser);
                }
            }
        }
        return lines;
    }

    /** A value inside an array: advance the array index and record the item's line. */
    private static void bumpIndex(Deque<Object> path, Map<String, Integer> lines, JsonParser parser) {
        if (!path.isEmpty() && path.peekLast() instanceof Integer i) {
            path.removeLast();
            path.addLast(i + 1);
            lines.put(render(path), parser.currentLocation().getLineNr());
        }
    }

    private static String render(Deque<Object> path) {
        StringBuilder sb = new StringBuilder();
        for (Object part : path) {
            if (part instanceof String s) {
                sb.append(sb.length() == 0 ? "" : ".").append(s);
            } else if (part instanceof Integer i) {
                sb.append('[').append(i).append(']');
            }
        }
        return sb.toString();
    }
}
