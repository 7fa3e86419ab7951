package org.medmoe.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.medmoe.dicom.DicomDates;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;

/**
 * Checks a {@link StudyEvent} before anything is fetched for it: required fields, DICOM UID and
 * date/time syntax, known modality codes, a usable locator. A study UID that breaks only PS3.5's
 * rule against leading zeros in a component (common in legacy archives, and accepted by PACSs) is
 * accepted: its non-conformance is logged once per UID ({@link LegacyUids}). Thread-safe; its
 * only state is that record of UIDs already logged.
 */
public final class StudyEventValidator {
    private static final Pattern DA = Pattern.compile("\\d{8}");
    private static final Pattern TM = Pattern.compile("\\d{2}(\\d{2}(\\d{2}(\\.\\d{1,6})?)?)?");
    private static final int MAX_ACCESSION_LENGTH = 16;

    private final Set<String> knownModalities;
    private final LegacyUids legacyUids = new LegacyUids();

    /** @param knownModalities modality codes accepted in {@code modalities} (upper case) */
    public StudyEventValidator(Set<String> knownModalities) {
        this.knownModalities = Set.copyOf(knownModalities);
    }

    /**
     * {@code event} with an ACR-NEMA style study date or time ({@code 1997.04.24}, {@code 14:04:38})
     * in DICOM form ({@code 19970424}, {@code 140438}), so that such studies pass; {@code event}
     * itself when there is nothing to change.
     */
    public static StudyEvent normalised(StudyEvent event) {
        String date = DicomDates.date(event.getStudyDate());
        String time = DicomDates.time(event.getStudyTime());
        if (Objects.equals(date, event.getStudyDate()) && Objects.equals(time, event.getStudyTime())) {
            return event;
        }
        return StudyEvent.newBuilder(event).setStudyDate(date).setStudyTime(time).build();
    }

    /**
     * Returns every problem found in {@code event}, in field order; an empty list means valid.
     * {@code key} is the record key, which must equal the study UID so the study stays on one partition.
     */
    public List<String> problems(String key, StudyEvent event) {
        List<String> problems = new ArrayList<>();
        String uid = event.getStudyInstanceUid();
        uidProblem(uid).ifPresentOrElse(p -> problems.add("studyInstanceUid " + p), () -> legacyUids.note(uid));
        if (uid != null && !uid.equals(key)) {
            problems.add("record key '" + abbreviate(key) + "' differs from studyInstanceUid (the key must be the study UID)");
        }
        if (event.getRevision() < 0) {
            problems.add("revision " + event.getRevision() + " is negative");
        }
        if (event.getAccessionNumber() != null && event.getAccessionNumber().length() > MAX_ACCESSION_LENGTH) {
            problems.add("accessionNumber is longer than " + MAX_ACCESSION_LENGTH + " characters");
        }
        for (String modality : event.getModalities()) {
            if (!knownModalities.contains(modality)) {
                problems.add("modality '" + abbreviate(modality) + "' is not a known modality code");
            }
        }
        if (event.getInstanceCount() < 1) {
            problems.add("instanceCount " + event.getInstanceCount() + " must be at least 1");
        }
        if (event.getSeriesCount() < 1 || event.getSeriesCount() > Math.max(1, event.getInstanceCount())) {
            problems.add("seriesCount " + event.getSeriesCount() + " must be between 1 and instanceCount");
        }
        if (event.getStudyDate() != null && !DA.matcher(event.getStudyDate()).matches()) {
            problems.add("studyDate '" + abbreviate(event.getStudyDate()) + "' is not a DICOM date (YYYYMMDD)");
        }
        if (event.getStudyTime() != null && !TM.matcher(event.getStudyTime()).matches()) {
            problems.add("studyTime '" + abbreviate(event.getStudyTime()) + "' is not a DICOM time (HHMMSS.FFFFFF)");
        }
        locatorProblem(event.getLocator()).ifPresent(p -> problems.add("locator " + p));
        if (event.getSource() == null || event.getSource().isBlank()) {
            problems.add("source is empty");
        }
        if (event.getEventTime() == null || event.getEventTime().toEpochMilli() <= 0) {
            problems.add("eventTime is missing");
        }
        return problems;
    }

    /**
     * Why {@code uid} is not a usable DICOM UID, if it is not: empty, longer than 64 characters,
     * fewer than two components, or a component that is empty or not digits (PS3.5 9.1). A
     * component with a leading zero is accepted, as PACSs accept it ({@link #nonConformance}).
     */
    public static java.util.Optional<String> uidProblem(String uid) {
        if (uid == null || uid.isEmpty()) {
            return Optional.of("is empty");
        }
        if (uid.length() > 64) {
            return Optional.of("is longer than 64 characters");
        }
        String[] parts = uid.split("\\.", -1);
        if (parts.length < 2) {
            return Optional.of("'" + abbreviate(uid) + "' has fewer than two components");
        }
        for (String part : parts) {
            if (part.isEmpty() || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.of("'" + abbreviate(uid) + "' is not dot-separated digits");
            }
        }
        return Optional.empty();
    }

    /** How a usable {@code uid} breaks PS3.5 9.1 all the same (a component with a leading zero), if it does. */
    public static Optional<String> nonConformance(String uid) {
        for (String part : uid.split("\\.", -1)) {
            if (part.length() > 1 && part.charAt(0) == '0') {
                return Optional.of("has a component with a leading zero ('" + part + "'), against PS3.5 9.1");
            }
        }
        return Optional.empty();
    }

    private static java.util.Optional<String> locatorProblem(StudyLocator locator) {
        if (locator == null || locator.getUri() == null || locator.getUri().isBlank()) {
            return Optional.of("uri is empty");
        }
        URI uri;
        try {
            uri = new URI(locator.getUri());
        } catch (URISyntaxException e) {
            return Optional.of("uri is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        switch (locator.getKind()) {
            case DICOMWEB -> {
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    return Optional.of("of kind DICOMWEB needs an http(s) URL with a host");
                }
            }
            case FILE -> {
                if (!scheme.equals("file")) {
                    return Optional.of("of kind FILE needs a file: URI");
                }
            }
            default -> {
                return Optional.of("kind " + locator.getKind() + " is not supported");
            }
        }
        String path = locator.getStudyPath();
        if (path != null && (path.startsWith("/") || path.contains(".."))) {
            return Optional.of("studyPath must be relative and must not contain '..'");
        }
        return Optional.empty();
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 70 ? s : s.substring(0, 67) + "...";
    }
}
