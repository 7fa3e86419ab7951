package org.medmoe.devtools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.config.Config;
import org.medmoe.devtools.DevtoolsMain;
import org.medmoe.testing.cli.CapturedCommandLine;
import picocli.CommandLine;

/**
 * The tools' commands ({@code demo}, {@code bench}) meet a newcomer's mistakes with one line on
 * standard error and a non-zero exit, before any broker or registry starts; {@code --help} works on
 * each of them and their subcommands.
 */
class ToolsCommandLineMistakesTest {
    @TempDir
    Path dir;

    private final CapturedCommandLine cli = new CapturedCommandLine(DevtoolsMain::commandLine);



    @Test
    void shouldRefuseAMissingDicomFolderBeforeStartingAnything() {
        Path missing = dir.resolve("missing");

        int exit = cli.run("demo", "--dicom", missing.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.oneErrorLine()).isEqualTo("medmoe demo: --dicom " + missing + ": no such folder"
                + " (see medmoe demo --help)");
        // Nothing was started: the demo prints its banner only once its inputs are good.
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldRefuseAFolderWithoutDicomStudies() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not DICOM");

        int exit = cli.run("demo", "--dicom", dir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.oneErrorLine()).startsWith("medmoe demo: --dicom " + dir + ": no DICOM study found there");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldRefuseAReportInAFolderThatDoesNotExistAndAZeroTimeout() {
        Path report = dir.resolve("no-such-folder").resolve("report.html");

        assertThat(cli.run("demo", "--report", report.toString())).isEqualTo(2);
        assertThat(cli.oneErrorLine()).contains("--report " + report + ": no such folder");
        cli.clearErr();
        assertThat(cli.run("demo", "--timeout", "0")).isEqualTo(2);
        assertThat(cli.oneErrorLine()).contains("--timeout must be longer than zero, got PT0S");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldRefuseAWrongSettingBeforeStartingAnything() {
        int exit = cli.run("demo", "--set", "model.batch.max=0");

        assertThat(exit).isEqualTo(1);
        assertThat(cli.oneErrorLine()).isEqualTo("medmoe demo: model.batch.max = '0' (from command line) is not valid:"
                + " expected at least 1");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void shouldNameADicomBenchmarkPathThatDoesNotExist() {
        Path missing = dir.resolve("missing");

        int exit = cli.run("bench", "dicom", missing.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(cli.oneErrorLine()).isEqualTo("medmoe bench dicom: no such file or folder: " + missing
                + " (see medmoe bench dicom --help)");
    }

    @Test
    void shouldPrintUsageForHelpOnTheToolsAndTheirSubcommands() {
        List<String> names = new ArrayList<>();
        collect(DevtoolsMain.commandLine().getSubcommands().get("demo"), names);
        collect(DevtoolsMain.commandLine().getSubcommands().get("bench"), names);
        assertThat(names).containsExactlyInAnyOrder("medmoe demo", "medmoe bench", "medmoe bench serde",
                "medmoe bench dicom", "medmoe bench model", "medmoe bench pipeline");

        for (String name : names) {
            cli.clearOut();
            String[] words = name.split(" ");
            List<String> args = new ArrayList<>(List.of(words).subList(1, words.length));
            args.add("--help");

            int exit = cli.run(args.toArray(String[]::new));

            assertThat(exit).as(name).isZero();
            assertThat(cli.out()).as(name).startsWith("Usage: " + name);
        }
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void shouldPrintTheSettingsWithWhichDeadLettersReachesAKeptRunningDemo() {
        StringWriter printed = new StringWriter();

        DemoCommand.printConnectionSettings(new PrintWriter(printed), "127.0.0.1:40123", "http://127.0.0.1:40124",
                Config.of(Map.of("topics.dead.letters", "demo.dead-letters")));

        assertThat(printed.toString()).contains("./medmoe dead-letters list --set kafka.bootstrap.servers=127.0.0.1:40123"
                + " --set registry.url=http://127.0.0.1:40124 --set topics.dead.letters=demo.dead-letters")
                .contains("Ctrl-C stops everything and removes the demo's temporary folder");
    }

    private static void collect(CommandLine cl, List<String> names) {
        names.add(cl.getCommandSpec().qualifiedName());
        cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, names));
    }
}
