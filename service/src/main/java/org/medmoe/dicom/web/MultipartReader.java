package org.medmoe.dicom.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/related} body (RFC 2046 / RFC 2387) part by part, as a stream: a
 * part's body is handed out as an {@link InputStream} that ends at the part's delimiter, so a
 * study of any size passes through in constant memory. A part with a Content-Length is read by
 * count; otherwise the body is scanned for the delimiter. Not thread-safe; the caller closes the
 * underlying stream.
 */
public final class MultipartReader {

    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final PushbackInputStream in;
    private final byte[] delimiter;
    private Map<String, String> headers = Map.of();
    private PartStream current;
    private boolean finished;
    private boolean started;

    /** Reads {@code in}, whose parts are separated by {@code boundary} (from the Content-Type). */
    public MultipartReader(InputStream in, String boundary) {
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.in = new PushbackInputStream(in, delimiter.length + 2);
    }

    /** Extracts the boundary parameter of a {@code multipart/related} Content-Type, or throws. */
    public static String boundary(String contentType) throws IOException {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw new IOException("not a multipart response: Content-Type " + contentType);
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length()).trim();
                return b.startsWith("\"") && b.endsWith("\"") && b.length() >= 2 ? b.substring(1, b.length() - 1) : b;
            }
        }
        throw new IOException("multipart Content-Type without boundary: " + contentType);
    }

    /**
     * Moves to the next part, skipping what is left of the current one.
     *
     * @return false when there are no more parts
     */
    public boolean next() throws IOException {
        if (finished) {
            return false;
        }
        if (!started) {
            started = true;
            skipPreamble();
        } else {
            current.skipRest();
        }
        if (afterDelimiter()) {
            finished = true;
            return false;
        }
        headers = readHeaders();
        String length = headers.get("content-length");
        long count = -1;
        if (length != null) {
            try {
                count = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new IOException("bad part Content-Length: " + length, e);
            }
        }
        current = new PartStream(count);
        return true;
    }

    /** Headers of the current part, names in lower case. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Body of the current part; ends at the part's end. Closing it skips the rest of the part. */
    public InputStream body() {
        return current;
    }

    private void skipPreamble() throws IOException {
        // The first delimiter may come without the leading CRLF.
        in.unread(new byte[] {'\r', '\n'});
        new PartStream(-1).skipRest();
    }

    /** After a delimiter: "--" ends the body; otherwise skip padding to the CRLF. */
    private boolean afterDelimiter() throws IOException {
        int a = in.read();
        int b = in.read();
        if (a == '-' && b == '-') {
            return true;
        }
        while (!(a == '\r' && b == '\n')) {
            if (b < 0) {
                throw new IOException("multipart body ended inside a delimiter line");
            }
            a = b;
            b = in.read();
        }
        return false;
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("multipart body ended inside part headers");
            }
            if (++total > MAX_HEADER_BYTES) {
                throw new IOException("part headers longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (c == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1).strip();
                line.reset();
                if (text.isEmpty()) {
                    return out;
                }
                int colon = text.indexOf(':');
                if (colon > 0) {
                    out.put(text.substring(0, colon).trim().toLowerCase(Locale.ROOT), text.substring(colon + 1).trim());
                }
            } else {
                line.write(c);
            }
        }
    }

    /** One part's body: by count when the length is known, else up to the delimiter. */
    private final class PartStream extends InputStream {
        private long remaining;
        private final boolean counted;
        private boolean done;

        PartStream(long length) {
            this.counted = length >= 0;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (done) {
                return -1;
            }
            if (counted) {
                if (remaining == 0) {
                    finishCounted();
                    return -1;
                }
                int c = in.read();
                if (c < 0) {
                    throw new IOException("multipart body ended inside a part");
                }
                remaining--;
                return c;
            }
            int c = in.read();
            if (c < 0) {
                throw new IOException("multipart body ended without a closing delimiter");
            }
            if (c != delimiter[0]) {
                return c;
            }
            byte[] look = new byte[delimiter.length - 1];
            int n = in.readNBytes(look, 0, look.length);
            for (int i = 0; i < n; i++) {
                if (look[i] != delimiter[i + 1]) {
                    in.unread(look, 0, n);
                    return c;
                }
            }
            if (n < look.length) {
                throw new IOException("multipart body ended without a closing delimiter");
            }
            done = true;
            return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (counted && !done) {
                if (remaining == 0) {
                    finishCounted();
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new IOException("multipart body ended inside a part");
                }
                remaining -= n;
                return n;
            }
            return super.read(b, off, len);
        }

        private void finishCounted() throws IOException {
            byte[] d = in.readNBytes(delimiter.length);
            if (!java.util.Arrays.equals(d, delimiter)) {
                throw new IOException("part of declared length not followed by the boundary delimiter");
            }
            done = true;
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // discard
            }
        }

        @Override
        public void close() throws IOException {
            skipRest();
        }
    }
}
