package org.medmoe.registry;

import org.apache.avro.Schema;

/**
 * How a serializer names the subject it registers a schema under, as Confluent's serializers do.
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} or {@code <topic>-value}: one schema lineage per topic (the default). */
    TOPIC_NAME {
        @Override
        public String subject(String topic, Schema schema, boolean isKey) {
            return requireTopic(topic) + (isKey ? "-key" : "-value");
        }
    },
    /** The record's full name (e.g. {@code org.medmoe.schema.StudyEvent}), whatever the topic. */
    RECORD_NAME {
        @Override
        public String subject(String topic, Schema schema, boolean isKey) {
            return schema.getFullName();
        }
    },
    /** {@code <topic>-<record full name>}: several record types on one topic, each evolving alone. */
    TOPIC_RECORD_NAME {
        @Override
        public String subject(String topic, Schema schema, boolean isKey) {
            return requireTopic(topic) + "-" + schema.getFullName();
        }
    };

    /** The subject for a record of {@code schema} written to {@code topic} as key or value. */
    public abstract String subject(String topic, Schema schema, boolean isKey);

    private static String requireTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("a topic is needed to name the subject (strategy uses the topic name)");
        }
        return topic;
    }
}
