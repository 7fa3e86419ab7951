package org.medmoe.dicom.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.medmoe.dicom.InstanceRef;
import org.medmoe.dicom.SeriesRef;
import org.medmoe.dicom.StudyRef;

/**
 * A DICOMweb client (PS3.18): QIDO-RS, WADO-RS and STOW-RS on one service.
 *
 * <p>Thread-safe: one instance serves all callers. Each request is retried with exponential
 * backoff on connection failures, timeouts, 5xx and 429 (honouring Retry-After up to the
 * configured cap), and fails at once on any other 4xx. Retrieved instances are streamed; nothing
 * buffers a whole study. Redirects are never followed (refused as {@link DicomWebUntrustedException}),
 * so requests and credentials stay on the configured root. Every body has a cap from
 * {@link BodyLimits}, checked on its declared length before it is read and counted while it is read
 * ({@link DicomWebTooLargeException}); buffers grow as the bytes arrive, never to a declared size.
 */
public final class DicomWebClient {

    private static final String DICOM = "application/dicom";
    private static final String DICOM_JSON = "application/dicom+json";

    private final DicomWebConfig config;
    private final HttpClient http;
    private final Retrier retrier;
    private final ObjectMapper json = new ObjectMapper();

    /** Creates a client for the service in {@code config}. */
    public DicomWebClient(DicomWebConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (config.sslContext() != null) {
            builder.sslContext(config.sslContext());
        }
        this.http = builder.build();
        this.retrier = new Retrier(http, config);
    }

    /** The service root. */
    public URI baseUrl() {
        return config.baseUrl();
    }

    /** QIDO-RS: studies matching {@code query} (attribute keyword or tag to value, plus limit/offset/includefield). */
    public List<DicomJson> searchStudies(Map<String, String> query) throws DicomWebException {
        return search("studies", query);
    }

    /** QIDO-RS: series of {@code study} matching {@code query}. */
    public List<DicomJson> searchSeries(StudyRef study, Map<String, String> query) throws DicomWebException {
        return search("studies/" + study.studyInstanceUid() + "/series", query);
    }

    /** QIDO-RS: instances of {@code series} matching {@code query}. */
    public List<DicomJson> searchInstances(SeriesRef series, Map<String, String> query) throws DicomWebException {
        return search(seriesPath(series) + "/instances", query);
    }

    /** WADO-RS: metadata of every instance of {@code study}. */
    public List<DicomJson> retrieveMetadata(StudyRef study) throws DicomWebException {
        return jsonList("GET", "studies/" + study.studyInstanceUid() + "/metadata");
    }

    /** WADO-RS: metadata of every instance of {@code series}. */
    public List<DicomJson> retrieveMetadata(SeriesRef series) throws DicomWebException {
        return jsonList("GET", seriesPath(series) + "/metadata");
    }

    /** Receives one retrieved instance; the stream ends with the instance and must not be kept. */
    @FunctionalInterface
    public interface PartHandler {
        /** Handles one Part-10 instance. */
        void accept(InputStream instance) throws IOException;
    }

    /** WADO-RS: every instance of {@code study}, streamed to {@code handler} one by one (each under the instance cap). */
    public int retrieveStudy(StudyRef study, PartHandler handler) throws DicomWebException {
        return retrieve("studies/" + study.studyInstanceUid(), Long.MAX_VALUE, handler, () -> { });
    }

    /** WADO-RS: every instance of {@code series}, streamed to {@code handler} (each under the instance cap). */
    public int retrieveSeries(SeriesRef series, PartHandler handler) throws DicomWebException {
        return retrieve(seriesPath(series), Long.MAX_VALUE, handler, () -> { });
    }

    /**
     * WADO-RS: one instance, as Part-10 bytes. A response declaring more than the instance cap (plus
     * multipart framing) is refused before a byte of it is read.
     */
    public byte[] retrieveInstance(InstanceRef instance) throws DicomWebException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int parts = retrieve(seriesPath(instance.series()) + "/instances/" + instance.sopInstanceUid(),
                config.limits().instanceBytes() + BodyLimits.FRAMING_BYTES, in -> in.transferTo(out), out::reset);
        if (parts != 1) {
            throw new DicomWebUnreachableException("GET " + url(seriesPath(instance.series())), 200,
                    "expected one instance, got " + parts, null);
        }
        return out.toByteArray();
    }

    /**
     * STOW-RS: stores Part-10 {@code instances}, into {@code study} when given (the server then
     * rejects instances of other studies).
     *
     * @return the server's response (the Store Instances Response Module as DICOM JSON), or an
     *         empty object when it sent none
     */
    public DicomJson store(StudyRef study, List<byte[]> instances) throws DicomWebException {
        String boundary = "medmoe-" + UUID.randomUUID();
        List<byte[]> body = new ArrayList<>();
        for (byte[] instance : instances) {
            body.add(("\r\n--" + boundary + "\r\nContent-Type: " + DICOM + "\r\nContent-Length: "
                    + instance.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            body.add(instance);
        }
        body.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        String path = study == null ? "studies" : "studies/" + study.studyInstanceUid();
        HttpRequest.Builder request = request(url(path))
                .header("Content-Type", "multipart/related; type=\"" + DICOM + "\"; boundary=" + boundary)
                .header("Accept", DICOM_JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(body));
        long cap = config.limits().jsonBytes();
        return retrier.exchange("POST", request, cap, response -> {
            byte[] bytes = readCapped(response.body(), cap, "POST " + url(path));
            try {
                return new DicomJson(bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes));
            } catch (IOException e) {
                throw new DicomWebUnreachableException("POST " + url(path), response.statusCode(),
                        "unreadable STOW-RS response: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Streams the parts of a WADO-RS response to {@code handler}. A body that stalls before the
     * first part was handed over whole is retried from the start (with {@code restart} run first);
     * once a part was handed over, a stall fails at once, so that no part reaches the handler twice.
     */
    private int retrieve(String path, long cap, PartHandler handler, Runnable restart) throws DicomWebException {
        URI uri = url(path);
        HttpRequest.Builder request = request(uri)
                .header("Accept", "multipart/related; type=\"" + DICOM + "\"; transfer-syntax=*").GET();
        return retrier.exchange("GET", request, cap, response -> {
            restart.run();
            int parts = 0;
            try {
                String type = response.headers().firstValue("Content-Type").orElse(null);
                MultipartReader reader = new MultipartReader(response.body(), MultipartReader.boundary(type));
                while (reader.next()) {
                    handler.accept(new CappedInputStream(reader.body(), config.limits().instanceBytes()));
                    parts++;
                }
                return parts;
            } catch (CappedInputStream.BodyTooLargeException e) {
                throw new DicomWebTooLargeException("GET " + Retrier.withoutQuery(uri), response.statusCode(),
                        "an instance is " + e.getMessage() + "; refused", e);
            } catch (BodyStalledException e) {
                if (parts == 0) {
                    throw e;
                }
                throw new DicomWebTimeoutException("GET " + Retrier.withoutQuery(uri), response.statusCode(),
                        e.getMessage() + " after " + parts + " instances (not retried: they were handed over)", e);
            } catch (IOException e) {
                throw new DicomWebUnreachableException("GET " + Retrier.withoutQuery(uri), response.statusCode(),
                        "retrieve broke off after " + parts + " instances: " + e.getMessage(), e);
            }
        });
    }

    private List<DicomJson> search(String path, Map<String, String> query) throws DicomWebException {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> e : query.entrySet()) {
            q.append(q.length() == 0 ? '?' : '&').append(enc(e.getKey())).append('=').append(enc(e.getValue()));
        }
        return jsonList("GET", path + q);
    }

    private List<DicomJson> jsonList(String method, String path) throws DicomWebException {
        URI uri = url(path);
        long cap = config.limits().jsonBytes();
        return retrier.exchange(method, request(uri).header("Accept", DICOM_JSON).GET(), cap, response -> {
            byte[] bytes = readCapped(response.body(), cap, method + " " + Retrier.withoutQuery(uri));
            List<DicomJson> out = new ArrayList<>();
            if (response.statusCode() == 204 || bytes.length == 0) {
                return out;
            }
            try {
                json.readTree(bytes).forEach(node -> out.add(new DicomJson(node)));
            } catch (IOException e) {
                throw new DicomWebUnreachableException(method + " " + Retrier.withoutQuery(uri), response.statusCode(),
                        "unreadable DICOM JSON: " + e.getMessage(), e);
            }
            return out;
        });
    }

    /** The whole body, refused once more than {@code cap} bytes came (buffers grow as bytes arrive). */
    private static byte[] readCapped(InputStream body, long cap, String what) throws IOException, DicomWebException {
        try {
            return new CappedInputStream(body, cap).readAllBytes();
        } catch (CappedInputStream.BodyTooLargeException e) {
            throw new DicomWebTooLargeException(what, 200, "the response is " + e.getMessage() + "; refused", e);
        }
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.requestTimeout());
        String auth = config.auth().header();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return b;
    }

    private URI url(String path) {
        return URI.create(config.baseUrl() + "/" + path);
    }

    private static String seriesPath(SeriesRef series) {
        return "studies/" + series.study().studyInstanceUid() + "/series/" + series.seriesInstanceUid();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
