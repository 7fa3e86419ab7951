package org.medmoe.app.service;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigKey;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.config.EndpointKeys;
import org.medmoe.dicom.web.BodyLimits;
import org.medmoe.dicom.web.DicomWebAuth;
import org.medmoe.dicom.web.DicomWebConfig;
import org.medmoe.dicom.web.DicomWebEndpoint;
import org.medmoe.dicom.web.TrustedEndpoints;
import org.medmoe.dicom.web.Truststores;

/**
 * The trusted DICOMweb endpoints from configuration: {@code dicomweb.endpoints} names them, and each
 * name's {@code dicomweb.endpoint.<name>.*} keys give its root, credentials, truststore and timeouts
 * (the global {@code dicomweb.*} timeouts, attempts and body caps apply where it sets none). Errors
 * are {@link ConfigException}s naming the key. Stateless.
 */
public final class DicomWebWiring {
    private DicomWebWiring() {
    }

    /** Every configured endpoint, checked (a missing root or a bad truststore fails start-up). */
    public static TrustedEndpoints endpoints(Config config) {
        List<DicomWebEndpoint> out = new ArrayList<>();
        for (String name : config.list(ConfigKeys.DICOMWEB_ENDPOINTS)) {
            out.add(endpoint(config, name));
        }
        return new TrustedEndpoints(out);
    }

    /** Endpoint {@code name}. */
    static DicomWebEndpoint endpoint(Config config, String name) {
        EndpointKeys.Keys keys = EndpointKeys.of(name);
        URI url = httpUrl(config, keys.url());
        DicomWebAuth auth = HttpAuthWiring.auth(config, keys.authKind(), keys.username(), keys.password(), keys.token());
        DicomWebConfig web = timed(config, DicomWebConfig.of(url), keys).withAuth(auth).withLimits(limits(config));
        if (config.raw(keys.truststore()).isPresent()) {
            web = trusting(config, keys, web);
        }
        return new DicomWebEndpoint(name, web);
    }

    /**
     * The timeouts and attempts of the global keys and of every configured endpoint (placeholder URL,
     * no credentials, no TLS): what bounds the longest DICOMweb request ({@link KafkaTimeouts}).
     */
    public static List<DicomWebConfig> timeouts(Config config) {
        List<DicomWebConfig> out = new ArrayList<>();
        DicomWebConfig placeholder = DicomWebConfig.of(URI.create("http://localhost/dicom-web"));
        out.add(timed(config, placeholder, null));
        for (String name : config.list(ConfigKeys.DICOMWEB_ENDPOINTS)) {
            out.add(timed(config, placeholder, EndpointKeys.of(name)));
        }
        return out;
    }

    /** {@code web} with the timeouts of endpoint {@code keys} where set, else the global ones (keys null: global). */
    private static DicomWebConfig timed(Config config, DicomWebConfig web, EndpointKeys.Keys keys) {
        long requestMs = positive(config, keys != null && config.raw(keys.requestTimeoutMs()).isPresent()
                ? keys.requestTimeoutMs() : ConfigKeys.DICOMWEB_TIMEOUT_MS);
        long readMs = positive(config, keys != null && config.raw(keys.readTimeoutMs()).isPresent()
                ? keys.readTimeoutMs() : ConfigKeys.DICOMWEB_READ_TIMEOUT_MS);
        return web.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(requestMs),
                config.integer(ConfigKeys.DICOMWEB_ATTEMPTS), Duration.ofMillis(200))
                .withReadTimeout(Duration.ofMillis(readMs));
    }

    /** The body caps of {@code dicomweb.max.instance.bytes} and {@code dicomweb.max.json.bytes}. */
    public static BodyLimits limits(Config config) {
        long instance = positive(config, ConfigKeys.DICOMWEB_MAX_INSTANCE_BYTES);
        long json = positive(config, ConfigKeys.DICOMWEB_MAX_JSON_BYTES);
        for (ConfigKey key : List.of(ConfigKeys.DICOMWEB_MAX_INSTANCE_BYTES, ConfigKeys.DICOMWEB_MAX_JSON_BYTES)) {
            if (config.longValue(key) > BodyLimits.MAX_ARRAY) {
                throw new ConfigException(key.name() + " = " + config.longValue(key) + " is not valid: expected at most "
                        + BodyLimits.MAX_ARRAY);
            }
        }
        return new BodyLimits(instance, json);
    }

    /** The folders of {@code analysis.file.roots} (none: file locators are refused). */
    public static List<Path> fileRoots(Config config) {
        return config.list(ConfigKeys.ANALYSIS_FILE_ROOTS).stream().map(Path::of).toList();
    }

    private static URI httpUrl(Config config, ConfigKey key) {
        String value = config.string(key).trim();
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
                throw new ConfigException(key.name() + " = '" + value + "' is not valid: expected an http or https URL"
                        + " without user info or query");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(key.name() + " = '" + value + "' is not a URL: " + e.getMessage(), e);
        }
    }

    private static long positive(Config config, ConfigKey key) {
        long v = config.longValue(key);
        if (v < 1) {
            throw new ConfigException(key.name() + " = " + v + " is not valid: expected at least 1");
        }
        return v;
    }

    private static DicomWebConfig trusting(Config config, EndpointKeys.Keys keys, DicomWebConfig web) {
        Path file = Path.of(config.string(keys.truststore()));
        char[] password = config.optionalString(keys.truststorePassword()).map(String::toCharArray).orElse(null);
        try {
            return Truststores.trusting(web, file, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(keys.truststore().name() + ": cannot load truststore " + file + ": "
                    + e.getMessage(), e);
        }
    }
}
