package org.medmoe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.testing.cli.CapturedCommandLine;
import picocli.CommandLine;

/**
 * A newcomer's mistakes on the service's command line each give one line on standard error that
 * names the command and what is wrong (no stack trace) and a non-zero exit; {@code --help} works on
 * every command. The command line runs in-process with its output captured.
 */
class CommandLineMistakesTest {
    @TempDir
    Path dir;

    private final CapturedCommandLine cli = new CapturedCommandLine(Main::commandLine);



    @Test
    void shouldNameAMisspeltKeyAndTheKeyItWasMeantToBe() {
        int exit = cli.run("config", "--set", "kafka.bootstrap.server=kafka:9092");

        assertThat(exit).isEqualTo(1);
        assertThat(cli.oneErrorLine()).isEqualTo("medmoe config: unknown configuration key 'kafka.bootstrap.server'"
                + " (from command line); did you mean kafka.bootstrap.servers? (medmoe config lists the keys)");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldNameAModelFolderThatDoesNotExist() {
        Path missing = dir.resolve("nope");

        int exit = cli.run("run", "--set", "model.dir=" + missing);

        assertThat(exit).isEqualTo(1);
        assertThat(cli.oneErrorLine()).isEqualTo("medmoe run: model.dir = '" + missing
                + "' (from command line) is not valid: expected an existing folder");
    }

    @Test
    void shouldRefuseABatchOfNoImagesBeforeLoadingTheModel() {
        int exit = cli.run("run", "--set", "model.batch.max=0");

        assertThat(exit).isEqualTo(1);
        assertThat(cli.oneErrorLine()).isEqualTo("medmoe run: model.batch.max = '0' (from command line) is not valid:"
                + " expected at least 1");
    }

    @Test
    void shouldRefuseAnImageSizeOfZeroAsAUsageMistake() {
        int exit = cli.run("inspect", "--size=0", dir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.oneErrorLine()).isEqualTo("medmoe inspect: --size must be at least 1 (pixels), got 0"
                + " (see medmoe inspect --help)");
    }

    @Test
    void shouldNameAFileToInspectThatDoesNotExist() {
        int exit = cli.run("inspect", dir.resolve("missing.dcm").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.oneErrorLine()).contains("no such file or folder: " + dir.resolve("missing.dcm"));
    }

    @Test
    void shouldSuggestTheCommandAMisspeltOneMeant() {
        int exit = cli.run("cnofig");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.oneErrorLine()).startsWith("medmoe: Unmatched argument").contains("did you mean config?")
                .endsWith("(see medmoe --help)");
    }

    @Test
    void shouldPointAtHelpForAnUnknownOption() {
        int exit = cli.run("version", "--verbose");

        assertThat(exit).isEqualTo(2);
        assertThat(cli.oneErrorLine()).contains("Unknown option: '--verbose'").endsWith("(see medmoe version --help)");
    }

    @Test
    void shouldPrintUsageForHelpOnEveryCommandAndSubcommand() {
        List<String> names = new ArrayList<>();
        collect(Main.commandLine(), names);
        assertThat(names).contains("medmoe run", "medmoe topology", "medmoe version", "medmoe model verify",
                "medmoe dead-letters replay", "medmoe bridge orthanc");

        for (String name : names) {
            cli.clearOut();
            List<String> args = new ArrayList<>(List.of(name.split(" ")).subList(1, name.split(" ").length));
            args.add("--help");

            int exit = cli.run(args.toArray(String[]::new));

            assertThat(exit).as(name).isZero();
            assertThat(cli.out()).as(name).startsWith("Usage: " + name);
        }
        assertThat(cli.err()).isEmpty();
    }

    private static void collect(CommandLine cl, List<String> names) {
        names.add(cl.getCommandSpec().qualifiedName());
        cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, names));
    }
}
