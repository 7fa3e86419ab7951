package org.medmoe.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VersionCommandTest {

    @Test
    void shouldSayWhichJpeg2000AndJpegDecodersAreInUse() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new VersionCommand());
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute();

        assertThat(exit).isZero();
        // libopenjp2-7 and libturbojpeg0 are in tools/packages/runtime.txt: the launcher installs them.
        assertThat(out.toString()).containsPattern("JPEG 2000 decoder: OpenJPEG 2\\.\\d+\\.\\d+ \\(native, libopenjp2\\)")
                .contains("JPEG decoder: libjpeg-turbo TurboJPEG (native, libturbojpeg)");
    }
}
