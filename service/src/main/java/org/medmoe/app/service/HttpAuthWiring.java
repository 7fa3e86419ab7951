package org.medmoe.app.service;

import java.util.Locale;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigKey;
import org.medmoe.dicom.web.DicomWebAuth;

/**
 * HTTP authentication of an outgoing client (DICOMweb, Orthanc's REST API) from a group of keys:
 * a kind ({@code none}, {@code basic} or {@code bearer}), a user name, a password and a token.
 * Errors are {@link ConfigException}s that name the key; secrets never appear in them.
 */
final class HttpAuthWiring {
    private HttpAuthWiring() {
    }

    /** The authentication the keys describe; the keys the kind needs must be set. */
    static DicomWebAuth auth(Config config, ConfigKey kindKey, ConfigKey userKey, ConfigKey passwordKey,
            ConfigKey tokenKey) {
        String kind = config.string(kindKey).trim().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "none" -> DicomWebAuth.none();
            case "basic" -> new DicomWebAuth.Basic(config.string(userKey), config.string(passwordKey));
            case "bearer" -> new DicomWebAuth.Bearer(config.string(tokenKey));
            default -> throw new ConfigException(kindKey.name() + " = '" + kind
                    + "' is not valid: expected none, basic or bearer");
        };
    }
}
