package org.medmoe.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medmoe.testing.fuzz.FuzzReplay;

/** The short regression run of {@link MultipartFuzzTarget} ({@link FuzzReplay}). */
class MultipartFuzzRegressionTest {

    private static final byte[] PAYLOAD = "DICM\r\n--not-the-boundary\r\n\0\1\2".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void theSeedsAreWellFormedAndGiveBackThePayload() throws Exception {
        for (Map.Entry<String, byte[]> seed : MultipartFuzzTarget.seeds(PAYLOAD).entrySet()) {
            String text = new String(seed.getValue(), StandardCharsets.ISO_8859_1);
            int newline = text.indexOf('\n');
            MultipartReader reader = new MultipartReader(new ByteArrayInputStream(seed.getValue(), newline + 1,
                    seed.getValue().length), MultipartReader.boundary(text.substring(0, newline)));
            int parts = 0;
            while (reader.next()) {
                try (InputStream body = reader.body()) {
                    assertThat(body.readAllBytes()).as(seed.getKey()).isEqualTo(PAYLOAD);
                }
                parts++;
            }
            assertThat(parts).as(seed.getKey()).isEqualTo(2);
        }
    }

    @Test
    void theParserHandlesEverySeedFindingAndMutation() {
        assertThat(FuzzReplay.replay("multipart", MultipartFuzzTarget::fuzzerTestOneInput,
                MultipartFuzzTarget.seeds(PAYLOAD), 500)).isGreaterThanOrEqualTo(2000);
    }
}
