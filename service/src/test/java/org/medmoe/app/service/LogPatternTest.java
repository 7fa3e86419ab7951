package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The log pattern of the service prints a record's MDC, and only when there is one. */
class LogPatternTest {
    private static final Path PROJECT = Path.of(System.getProperty("medmoe.project.dir", "."));

    @Test
    void shouldPrintStudyRevisionTopicPartitionAndOffsetFromTheMdc() throws Exception {
        PatternLayout layout = layout(pattern("service/src/main/resources/logback.xml"));
        LoggingEvent event = event("outcome COMPLETE: 1 image(s)", Map.of("study", "1.2.3", "revision", "2",
                "topic", "medmoe.study.accepted", "partition", "1", "offset", "42"));

        assertThat(layout.doLayout(event)).endsWith("outcome COMPLETE: 1 image(s) [study=1.2.3 revision=2 "
                + "topic=medmoe.study.accepted partition=1 offset=42]" + System.lineSeparator());
    }

    @Test
    void shouldPrintNothingExtraForALineWithoutMdc() throws Exception {
        PatternLayout layout = layout(pattern("service/src/main/resources/logback.xml"));

        assertThat(layout.doLayout(event("kafka streams state CREATED -> REBALANCING", Map.of())))
                .endsWith(" - kafka streams state CREATED -> REBALANCING" + System.lineSeparator());
    }

    @Test
    void shouldUseTheSamePatternInTheTests() throws Exception {
        assertThat(pattern("service/src/test/resources/logback-test.xml"))
                .isEqualTo(pattern("service/src/main/resources/logback.xml"));
    }

    private static String pattern(String file) throws Exception {
        Matcher m = Pattern.compile("<pattern>(.*)</pattern>").matcher(Files.readString(PROJECT.resolve(file)));
        assertThat(m.find()).as("a <pattern> in " + file).isTrue();
        return m.group(1);
    }

    private static PatternLayout layout(String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(new LoggerContext());
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }

    private static LoggingEvent event(String message, Map<String, String> mdc) {
        LoggingEvent event = new LoggingEvent();
        event.setLoggerName("org.medmoe.topology.AnalysisProcessor");
        event.setLevel(Level.INFO);
        event.setMessage(message);
        event.setThreadName("t");
        event.setTimeStamp(0);
        event.setMDCPropertyMap(mdc);
        return event;
    }
}
