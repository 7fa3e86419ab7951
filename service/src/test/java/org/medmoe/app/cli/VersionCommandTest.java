package org.medmoe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VersionCommandTest {

    @Test
    void shouldSayWhichDecodersAreInUse() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new VersionCommand());
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute();

        assertThat(exit).isZero();
        // libopenjp2-7, libturbojpeg0, libcharls2 and dcmtk are in tools/packages/runtime.txt: the launcher installs them.
        assertThat(out.toString()).containsPattern("JPEG 2000 decoder: OpenJPEG 2\\.\\d+\\.\\d+ \\(native, libopenjp2\\)")
                .contains("JPEG decoder: libjpeg-turbo TurboJPEG (native, libturbojpeg)")
                .containsPattern("JPEG-LS decoder: CharLS 2\\.\\d+\\.\\d+ \\(native, libcharls\\)")
                .containsPattern("12-bit JPEG decoder: dcmtk: dcmdjpeg v3\\.\\d+\\.\\d+ .*\\(dcmtk, a child process per frame\\)");
    }

    @Test
    void shouldNameTheKafkaAndOnnxRuntimeVersionsOfTheClassPath() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new VersionCommand());
        cli.setOut(new PrintWriter(out));
        // The Kafka Streams jar on the class path is named after its version (Maven's layout).
        String jar = Path.of(KafkaStreams.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getFileName().toString();
        String kafka = jar.replaceFirst("^kafka-streams-(.+)\\.jar$", "$1");

        int exit = cli.execute();

        assertThat(exit).isZero();
        assertThat(kafka).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(out.toString()).contains("Kafka clients and Streams " + kafka + System.lineSeparator())
                .containsPattern("ONNX Runtime \\d+\\.\\d+\\.\\d+\\R");
    }
}
