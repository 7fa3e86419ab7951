package org.medmoe.dicom;

import java.util.regex.Pattern;

/**
 * Dates and times as DICOM writes them today (DA {@code YYYYMMDD}, TM {@code HHMMSS.FFFFFF}), from
 * the older ACR-NEMA style that legacy archives still hold and PACSs pass on unchanged
 * ({@code 1997.04.24}, {@code 14:04:38}; PS3.5 6.2 notes both). Values in neither form are returned
 * unchanged, for the caller's own check to report. Stateless.
 */
public final class DicomDates {
    private static final Pattern ACR_NEMA_DATE = Pattern.compile("\\d{4}\\.\\d{2}\\.\\d{2}");
    private static final Pattern ACR_NEMA_TIME = Pattern.compile("\\d{2}(:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?)?");

    private DicomDates() {
    }

    /** {@code 1997.04.24} as {@code 19970424}; any other value (null included) unchanged but trimmed. */
    public static String date(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        return ACR_NEMA_DATE.matcher(v).matches() ? v.replace(".", "") : v;
    }

    /** {@code 14:04:38} (also {@code 14:04}, {@code 14:04:38.5}) as {@code 140438}; any other value unchanged but trimmed. */
    public static String time(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        return v.indexOf(':') > 0 && ACR_NEMA_TIME.matcher(v).matches() ? v.replace(":", "") : v;
    }
}
