package org.medmoe.app.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigKey;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.dicom.sr.StructuredReportWriter;
import org.medmoe.dicom.web.DicomWebAuth;
import org.medmoe.ingest.orthanc.BridgeConfig;

/**
 * The Orthanc bridge's settings, read from the service configuration ({@code bridge.*}, plus
 * {@code topics.study.events}); Kafka and the registry come from {@code kafka.*} and
 * {@code registry.*} as for the service. Immutable.
 *
 * @param orthancUrl Orthanc's REST root
 * @param auth how the bridge authenticates to Orthanc ({@code toString} hides secrets)
 * @param requestTimeout timeout of one request to Orthanc
 * @param bridge the settings of {@link org.medmoe.ingest.orthanc.OrthancBridge} (source, DICOMweb root, batch size)
 * @param eventsTopic topic of the StudyEvents
 * @param stateTopic compacted topic of the bridge state
 * @param stateReplication replication factor of the state topic, empty for the broker's default
 * @param pollInterval pause when the feed is drained
 */
public record OrthancBridgeSettings(URI orthancUrl, DicomWebAuth auth, Duration requestTimeout, BridgeConfig bridge,
        String eventsTopic, String stateTopic, Optional<Short> stateReplication, Duration pollInterval) {

    /** Reads and validates the settings; a {@link ConfigException} names the key that is wrong. */
    public static OrthancBridgeSettings from(Config config) {
        URI orthanc = httpUrl(config, ConfigKeys.BRIDGE_ORTHANC_URL);
        URI dicomWeb = config.optionalString(ConfigKeys.BRIDGE_DICOMWEB_URL).isPresent()
                ? httpUrl(config, ConfigKeys.BRIDGE_DICOMWEB_URL)
                : URI.create(orthanc.toString().replaceAll("/+$", "") + "/dicom-web");
        int batch = config.integer(ConfigKeys.BRIDGE_BATCH_SIZE);
        if (batch < 1 || batch > 1000) {
            throw new ConfigException(ConfigKeys.BRIDGE_BATCH_SIZE.name() + " = " + batch + " (from "
                    + config.origin(ConfigKeys.BRIDGE_BATCH_SIZE.name()) + ") is not valid: expected 1 to 1000");
        }
        int replication = config.integer(ConfigKeys.BRIDGE_STATE_REPLICATION_FACTOR);
        if (replication == 0 || replication < -1 || replication > Short.MAX_VALUE) {
            throw new ConfigException(ConfigKeys.BRIDGE_STATE_REPLICATION_FACTOR.name() + " = " + replication
                    + " is not valid: expected -1 (the broker's default) or a positive number");
        }
        DicomWebAuth auth = HttpAuthWiring.auth(config, ConfigKeys.BRIDGE_ORTHANC_AUTH_KIND,
                ConfigKeys.BRIDGE_ORTHANC_AUTH_USERNAME, ConfigKeys.BRIDGE_ORTHANC_AUTH_PASSWORD,
                ConfigKeys.BRIDGE_ORTHANC_AUTH_TOKEN);
        return new OrthancBridgeSettings(orthanc, auth, positive(config, ConfigKeys.BRIDGE_ORTHANC_TIMEOUT_MS),
                new BridgeConfig(config.string(ConfigKeys.BRIDGE_SOURCE), dicomWeb, batch,
                        StructuredReportWriter.MANUFACTURER),
                config.string(ConfigKeys.TOPIC_STUDY_EVENTS), config.string(ConfigKeys.BRIDGE_STATE_TOPIC),
                replication < 0 ? Optional.empty() : Optional.of((short) replication),
                positive(config, ConfigKeys.BRIDGE_POLL_INTERVAL_MS));
    }

    private static Duration positive(Config config, ConfigKey key) {
        long ms = config.longValue(key);
        if (ms <= 0) {
            throw new ConfigException(key.name() + " = " + ms + " (from " + config.origin(key.name())
                    + ") is not valid: expected a positive number of milliseconds");
        }
        return Duration.ofMillis(ms);
    }

    private static URI httpUrl(Config config, ConfigKey key) {
        String value = config.string(key).trim();
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new URISyntaxException(value, "expected an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(key.name() + " = '" + value + "' (from " + config.origin(key.name())
                    + ") is not valid: " + e.getReason(), e);
        }
    }
}
