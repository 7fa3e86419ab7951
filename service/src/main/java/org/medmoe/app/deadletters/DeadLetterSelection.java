package org.medmoe.app.deadletters;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.medmoe.schema.ReasonCode;

/**
 * Which dead letters a {@code medmoe dead-letters} command works on: every filter that is set must
 * match (an empty set or a null means "any"). Immutable.
 *
 * @param reasons reason codes to keep
 * @param stages stages to keep (as stored, e.g. {@code intake}, {@code plan}, {@code fetch})
 * @param since keep letters written at or after this time
 * @param partition keep letters in this partition of the dead-letter topic
 * @param offsets keep letters at these offsets of the dead-letter topic (with {@code partition})
 */
public record DeadLetterSelection(Set<ReasonCode> reasons, Set<String> stages, Instant since, Integer partition,
        Set<Long> offsets) {

    public DeadLetterSelection {
        reasons = reasons == null || reasons.isEmpty() ? Set.of() : Set.copyOf(reasons);
        stages = stages == null ? Set.of() : Set.copyOf(stages);
        offsets = offsets == null ? Set.of() : Set.copyOf(offsets);
        if (!offsets.isEmpty() && partition == null) {
            throw new IllegalArgumentException("--offset needs --partition (offsets are per partition of the"
                    + " dead-letter topic)");
        }
    }

    /** True when {@code entry} passes every filter. */
    public boolean matches(DeadLetterEntry entry) {
        return (reasons.isEmpty() || reasons.contains(entry.letter().getReason()))
                && (stages.isEmpty() || stages.contains(entry.letter().getStage()))
                && (since == null || !entry.letter().getTime().isBefore(since))
                && (partition == null || partition == entry.partition())
                && (offsets.isEmpty() || offsets.contains(entry.offset()));
    }

    /** Reason codes from their names (case-insensitive); an unknown one is an error that lists the valid ones. */
    public static Set<ReasonCode> reasons(Collection<String> names) {
        Set<ReasonCode> out = EnumSet.noneOf(ReasonCode.class);
        for (String name : names) {
            try {
                out.add(ReasonCode.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown reason code '" + name + "': expected one of "
                        + Arrays.stream(ReasonCode.values()).map(Enum::name).collect(Collectors.joining(", ")), e);
            }
        }
        return out;
    }

    /**
     * A point in time: an ISO-8601 instant ({@code 2026-11-25T06:00:00Z}) or a duration back from
     * {@code now} ({@code PT2H}, {@code P1D}).
     */
    public static Instant since(String text, Instant now) {
        String t = text.trim();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return now.minus(Duration.parse(t.toUpperCase(Locale.ROOT)));
            }
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since '" + text + "' is neither an ISO-8601 instant"
                    + " (2026-11-25T06:00:00Z) nor a duration (PT2H, P1D)", e);
        }
    }
}
