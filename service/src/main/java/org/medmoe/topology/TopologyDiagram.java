package org.medmoe.topology;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.streams.TopologyDescription;

/** Renders a {@link TopologyDescription} as a Mermaid flowchart (topics as stadiums, stores as cylinders). */
public final class TopologyDiagram {
    private TopologyDiagram() {
    }

    public static String mermaid(TopologyDescription description) {
        StringBuilder out = new StringBuilder("flowchart TD\n");
        Set<String> topics = new LinkedHashSet<>();
        Set<String> stores = new LinkedHashSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies().stream()
                .sorted(Comparator.comparingInt(TopologyDescription.Subtopology::id)).toList()) {
            out.append("  subgraph sub").append(sub.id()).append("[\"sub-topology ").append(sub.id()).append("\"]\n");
            for (TopologyDescription.Node node : sub.nodes().stream()
                    .sorted(Comparator.comparing(TopologyDescription.Node::name)).toList()) {
                out.append("    ").append(id(node.name())).append("[\"").append(node.name()).append("\"]\n");
            }
            out.append("  end\n");
            for (TopologyDescription.Node node : sub.nodes().stream()
                    .sorted(Comparator.comparing(TopologyDescription.Node::name)).toList()) {
                if (node instanceof TopologyDescription.Source source) {
                    for (String topic : source.topicSet()) {
                        topics.add(topic);
                        out.append("  ").append(topicId(topic)).append(" --> ").append(id(node.name())).append('\n');
                    }
                }
                if (node instanceof TopologyDescription.Processor processor) {
                    for (String store : processor.stores()) {
                        stores.add(store);
                        out.append("  ").append(id(node.name())).append(" -.- ").append(storeId(store)).append('\n');
                    }
                }
                if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    topics.add(sink.topic());
                    out.append("  ").append(id(node.name())).append(" --> ").append(topicId(sink.topic())).append('\n');
                }
                for (TopologyDescription.Node next : node.successors().stream()
                        .sorted(Comparator.comparing(TopologyDescription.Node::name)).toList()) {
                    out.append("  ").append(id(node.name())).append(" --> ").append(id(next.name())).append('\n');
                }
            }
        }
        for (String topic : topics) {
            out.append("  ").append(topicId(topic)).append("([\"").append(topic).append("\"])\n");
        }
        for (String store : stores) {
            out.append("  ").append(storeId(store)).append("[(\"").append(store).append("\")]\n");
        }
        return out.toString();
    }

    private static String id(String name) {
        return "n_" + name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String topicId(String topic) {
        return "t_" + topic.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String storeId(String store) {
        return "s_" + store.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
