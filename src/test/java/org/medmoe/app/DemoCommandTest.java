package org.medmoe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code medmoe demo} end to end: its own embedded broker and registry, the real topology. */
@Tag("integration")
class DemoCommandTest {

    @Test
    void demoShowsEveryInputWithTheOutcomeItWasMeantToHave() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new MedMoeCommand());
        cli.setOut(new PrintWriter(out, true));

        int exit = cli.execute("demo", "--timeout", "PT90S");

        String text = out.toString();
        assertThat(exit).as(text).isZero();
        assertThat(text).doesNotContain("MISSING").doesNotContain("<-- expected");
        assertThat(text.lines().filter(l -> l.matches("\\d+ +.*"))).hasSize(DemoInputs.all(java.time.Instant.now()).size());
        assertThat(text).containsPattern("CT chest again \\(same revision\\) +dropped");
        assertThat(text).containsPattern("JSON instead of Avro +dead letter +UNDECODABLE_RECORD");
        assertThat(text).containsPattern("unknown modality code +dead letter +BAD_EVENT");
    }
}
