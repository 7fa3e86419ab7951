package org.medmoe.devtools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.devtools.DevtoolsMain;
import picocli.CommandLine;

/** {@code medmoe demo} end to end: its own broker and registry, the real topology and the bundled model. */
@Tag("integration")
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoAnswersEverySampleStudyAsItsTruthSaysAndDeadLettersTheBadInputs() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = DevtoolsMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        Path report = dir.resolve("report.html");

        int exit = cli.execute("demo", "--timeout", "PT3M", "--report", report.toString());

        String text = out.toString();
        assertThat(text).contains("tiny test model").contains("not Med-MoE's weights");
        assertThat(text).containsPattern("metrics and health: http://127\\.0\\.0\\.1:\\d+/metrics, /health/live, /health/ready");
        assertThat(text).doesNotContain("MISSING");
        assertThat(text).containsPattern("same event again\\) +dropped");
        assertThat(text).containsPattern("truncated pixel data +dead letter .*ok");
        assertThat(text).containsPattern("PACS that does not answer +dead letter .*ok");
        assertThat(text).containsPattern("CT on an untrusted host +dead letter .*UNTRUSTED_LOCATOR.*ok");
        assertThat(text).containsPattern("JSON instead of Avro +dead letter .*ok");
        assertThat(text).containsPattern("late series +findings complete .*ok, supersedes rev 1");
        assertThat(text).contains("15 of 15 inputs ended as expected.");
        assertThat(exit).as(text).isZero();
        String html = Files.readString(report);
        assertThat(html).contains("data:image/png;base64,").contains("MACHINE-GENERATED DRAFT");
    }
}
