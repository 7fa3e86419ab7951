package org.medmoe.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs, once per UID, a study UID that is accepted although it breaks PS3.5 9.1 (a component with
 * a leading zero, as in {@code 999.999.2.19940822.083000}). Remembers the last
 * {@value #REMEMBERED} such UIDs, so its memory is bounded; a UID forgotten since and seen again is
 * logged again. Thread-safe.
 */
final class LegacyUids {
    static final int REMEMBERED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(LegacyUids.class);

    private final Map<String, Boolean> logged = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Logs {@code uid}'s non-conformance at WARN unless it was logged before; returns true when it logged. */
    boolean note(String uid) {
        var why = StudyEventValidator.nonConformance(uid);
        if (why.isEmpty()) {
            return false;
        }
        synchronized (logged) {
            if (logged.put(uid, Boolean.TRUE) != null) {
                return false;
            }
        }
        LOG.warn("study UID {} {}: accepted, as PACSs accept it (logged once per UID)", uid, why.get());
        return true;
    }
}
