package org.medmoe.dicom.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fuzz target of the multipart/related parser, in the form Jazzer's driver runs. The input is a
 * Content-Type line, a newline, then the body; the target reads every part to its end. A pass is
 * reading to the end or an {@link IOException} (a malformed response); anything else thrown is a
 * finding. Seeds are well-formed WADO-RS-like bodies (with and without part Content-Length,
 * preamble and epilogue) around real DICOM bytes.
 */
public final class MultipartFuzzTarget {

    private MultipartFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        int newline = 0;
        while (newline < data.length && data[newline] != '\n') {
            newline++;
        }
        String contentType = new String(data, 0, newline, StandardCharsets.ISO_8859_1);
        InputStream body = new ByteArrayInputStream(data, Math.min(newline + 1, data.length),
                Math.max(0, data.length - newline - 1));
        try {
            MultipartReader reader = new MultipartReader(body, MultipartReader.boundary(contentType));
            byte[] buffer = new byte[4096];
            int parts = 0;
            while (reader.next()) {
                reader.headers();
                try (InputStream part = reader.body()) {
                    while (part.read(buffer) >= 0) {
                        // drain
                    }
                }
                if (++parts > data.length + 1) {
                    throw new IllegalStateException("more parts than input bytes: the parser does not advance");
                }
            }
        } catch (IOException malformed) {
            // a typed refusal is a pass
        }
    }

    /** Seeds: bodies around {@code dicom} (any bytes) in the shapes PACSs send. */
    public static Map<String, byte[]> seeds(byte[] dicom) {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        String plain = "multipart/related; type=\"application/dicom\"; boundary=";
        seeds.put("one-part", body(plain + "b0undary", "b0undary", dicom, false, "", ""));
        seeds.put("with-length", body(plain + "b0undary", "b0undary", dicom, true, "", ""));
        seeds.put("preamble-epilogue", body(plain + "x-y-z", "x-y-z", dicom, false, "preamble\r\n", "\r\nepilogue"));
        seeds.put("quoted-boundary", body(plain + "\"q\"", "q", dicom, true, "", ""));
        return seeds;
    }

    private static byte[] body(String contentType, String boundary, byte[] dicom, boolean length, String preamble,
            String epilogue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((contentType + "\n" + preamble)
                .getBytes(StandardCharsets.ISO_8859_1));
        for (int part = 0; part < 2; part++) {
            out.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n"
                    + (length ? "Content-Length: " + dicom.length + "\r\n" : "") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(dicom);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + boundary + "--" + epilogue).getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** Writes the seeds, around the file {@code args[1]}, to {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, byte[]> seed : seeds(Files.readAllBytes(Path.of(args[1]))).entrySet()) {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
    }
}
