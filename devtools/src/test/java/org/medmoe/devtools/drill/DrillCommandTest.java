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
 * A short drill, as {@code ./medmoe drill} runs it: two instances as child JVMs, one of them killed
 * with SIGKILL and restarted while studies flow; nothing lost, nothing published twice.
 */
@Tag("integration")
class DrillCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldLoseNothingAndDuplicateNothingWhileInstancesAreKilled() {
        StringWriter out = new StringWriter();
        CommandLine command = DevtoolsMain.commandLine();
        command.setOut(new PrintWriter(out));

        int code = command.execute("drill", "--instances", "2", "--studies", "50", "--rate", "1", "--kill-every", "25",
                "--dir", dir.toString());

        System.out.print(out);
        assertThat(out.toString()).contains("kill -9 instance").containsPattern(
                "drill: 50 revisions, 2 instances, [1-9]\\d* instance kills, .*: lost 0, duplicated 0, dead letters 0,"
                        + " unexpected 0");
        assertThat(code).isZero();
    }
}
