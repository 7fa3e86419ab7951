package org.medmoe.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

    private static List<String> parts(String body, String boundary) throws IOException {
        MultipartReader reader = new MultipartReader(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), boundary);
        List<String> out = new ArrayList<>();
        while (reader.next()) {
            out.add(new String(reader.body().readAllBytes(), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void shouldSplitPartsWithoutContentLengthEvenWhenDataLooksLikeADelimiter() throws IOException {
        String body = "preamble\r\n--b1\r\nContent-Type: application/dicom\r\n\r\nAB\r\n--b\r\n--b1x\r\n--b1\r\n"
                + "Content-Type: application/dicom\r\n\r\nCD\r\n--b1--\r\nepilogue";

        assertThat(parts(body, "b1")).containsExactly("AB\r\n--b", "CD");
    }

    @Test
    void shouldReadPartsByContentLength() throws IOException {
        String body = "--xyz\r\nContent-Length: 4\r\n\r\n\r\n--\r\n--xyz\r\nContent-Length: 0\r\n\r\n\r\n--xyz--";

        assertThat(parts(body, "xyz")).containsExactly("\r\n--", "");
    }

    @Test
    void shouldSkipUnreadPartBodies() throws IOException {
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(
                "--q\r\n\r\nfirst\r\n--q\r\n\r\nsecond\r\n--q--".getBytes(StandardCharsets.US_ASCII)), "q");
        assertThat(reader.next()).isTrue();
        assertThat(reader.next()).isTrue();
        assertThat(new String(reader.body().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("second");
        assertThat(reader.next()).isFalse();
    }

    @Test
    void shouldFailOnATruncatedBody() {
        assertThatThrownBy(() -> parts("--q\r\n\r\nunfinished", "q")).isInstanceOf(IOException.class);
    }

    @Test
    void shouldExtractTheBoundaryFromTheContentType() throws IOException {
        assertThat(MultipartReader.boundary("multipart/related; type=\"application/dicom\"; boundary=\"a b\""))
                .isEqualTo("a b");
        assertThatThrownBy(() -> MultipartReader.boundary("application/json")).isInstanceOf(IOException.class);
    }
}
