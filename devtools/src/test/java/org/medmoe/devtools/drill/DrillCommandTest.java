package org.medmoe.devtools.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.devtools.DevtoolsMain;
import picocli.CommandLine;

/**
 * A short drill, as {@code ./medmoe drill} runs it: a cluster of three Kafka nodes and two service
 * instances, each a child JVM; an instance killed with SIGKILL and restarted while studies flow, one
 * broker killed with SIGKILL halfway and restarted 15 s later, the schema registry and then the PACS
 * (Orthanc) stopped for 10 s, one revision whose analysis throws, one whose analysis halts its process
 * and one announced on a PACS slower than the read timeout; nothing lost, nothing published twice, the
 * three planted revisions dead letters INTERNAL, POISON_RECORD and TIMEOUT.
 */
@Tag("integration")
class DrillCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldLoseNothingAndDuplicateNothingWhileInstancesAndABrokerAreKilled() {
        StringWriter out = new StringWriter();
        CommandLine command = DevtoolsMain.commandLine();
        command.setOut(new PrintWriter(out));

        int code = command.execute("drill", "--instances", "2", "--studies", "50", "--rate", "1", "--kill-every", "25",
                "--brokers", "3", "--broker-down", "15", "--registry-down", "10", "--pacs-down", "10", "--slow-pacs", "1",
                "--dir", dir.toString());

        System.out.print(out);
        assertThat(out.toString()).contains("kill -9 instance").contains("kill -9 broker 3: out of the cluster")
                .containsPattern("broker 3 restarted after 1[56] s down: in sync on every partition after")
                .contains("schema registry: stopped (SIGSTOP) for 10 s")
                .containsPattern("schema registry: continued \\(SIGCONT\\) after 10 s, answering after")
                .contains("PACS: stopped (SIGSTOP) for 10 s")
                .containsPattern("PACS: continued \\(SIGCONT\\) after 10 s, answering after")
                .containsPattern("instance \\d exited by itself with code " + PoisonPlant.HALT_CODE)
                .containsPattern("drill: 50 revisions, 2 instances, [1-9]\\d* instance kills, [3-9] instance deaths,"
                        + " 3 brokers, 1 broker kills, registry down 10 s, PACS down 10 s, slow PACS 1: lost 0,"
                        + " duplicated 0, dead letters 3 \\(3"
                        + " planted, 0 wrong; others \\{}\\), unexpected 0");
        assertThat(code).isZero();
    }
}
