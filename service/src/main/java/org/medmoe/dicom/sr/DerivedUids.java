package org.medmoe.dicom.sr;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * UIDs derived from names (PS3.5 B.2: "2.25." and the decimal value of a UUID), so that the same
 * inputs always give the same UID: the SR of one (study, revision, model version) is written
 * once, however often it is produced.
 */
final class DerivedUids {

    private DerivedUids() {
    }

    /** A UID derived from {@code parts}. */
    static String of(String... parts) {
        String name = String.join("\u0000", parts);
        UUID uuid = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        BigInteger high = new BigInteger(Long.toUnsignedString(uuid.getMostSignificantBits()));
        BigInteger low = new BigInteger(Long.toUnsignedString(uuid.getLeastSignificantBits()));
        return "2.25." + high.shiftLeft(64).or(low);
    }
}
