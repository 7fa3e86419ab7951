package org.medmoe.app.service;

import java.time.Duration;
import java.util.Map;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.dicom.web.DicomWebConfig;

/**
 * The consumer's {@code max.poll.interval.ms} and the producer's {@code transaction.timeout.ms},
 * derived from the longest one study can take, and checked at start-up.
 *
 * <p>A study takes at most its budget ({@code analysis.study.budget.ms}, plan to model) plus one
 * DICOMweb request under way when the budget runs out (every attempt with its connect, request and
 * read timeouts and the backoffs between them), plus two more for the SR write-back when it is on (it
 * reads the study's metadata, then stores the SR).
 * Kafka Streams stops processing a batch of records once half the poll interval has passed, so a
 * study that starts just then must end within the other half: the poll interval is twice the longest
 * study plus a margin, at least Kafka's 5 minutes. A transaction spans at most that too. The broker
 * refuses transaction timeouts above its {@code transaction.max.timeout.ms} (15 minutes unless
 * raised): a derived value above that stops start-up with what to change. Values set through
 * {@code kafka.client.*} are kept when they are long enough, refused when not.
 *
 * @param longestStudyMs the longest one study can take
 * @param maxPollIntervalMs the consumer's poll interval
 * @param transactionTimeoutMs the producer's transaction timeout
 */
public record KafkaTimeouts(long longestStudyMs, long maxPollIntervalMs, long transactionTimeoutMs) {
    /** The broker's default {@code transaction.max.timeout.ms}. */
    static final long BROKER_MAX_TRANSACTION_TIMEOUT_MS = 900_000;
    static final long MARGIN_MS = 30_000;
    static final long MIN_POLL_INTERVAL_MS = 300_000;
    private static final String POLL = "max.poll.interval.ms";
    private static final String TRANSACTION = "transaction.timeout.ms";

    /** The timeouts this configuration needs; a {@link ConfigException} names the keys when they cannot be met. */
    public static KafkaTimeouts of(Config config) {
        long budget = config.longValue(ConfigKeys.ANALYSIS_STUDY_BUDGET_MS);
        if (budget < 1) {
            throw new ConfigException(ConfigKeys.ANALYSIS_STUDY_BUDGET_MS.name() + " = " + budget
                    + " is not valid: expected at least 1 (milliseconds)");
        }
        long call = DicomWebWiring.timeouts(config).stream().mapToLong(KafkaTimeouts::longestRequestMs).max()
                .orElseThrow();
        long study = budget + call + (config.bool(ConfigKeys.SR_WRITEBACK_ENABLED) ? 2 * call : 0);
        long needed = Math.max(MIN_POLL_INTERVAL_MS, 2 * study + MARGIN_MS);
        Map<String, String> set = config.withPrefix(ConfigKeys.KAFKA_PASSTHROUGH_PREFIX);
        long poll = explicit(set, needed, POLL, "consumer." + POLL, "main.consumer." + POLL);
        long transaction = explicit(set, needed, TRANSACTION, "producer." + TRANSACTION);
        if (transaction == needed && needed > BROKER_MAX_TRANSACTION_TIMEOUT_MS) {
            throw new ConfigException("one study can take " + Duration.ofMillis(study) + " ("
                    + ConfigKeys.ANALYSIS_STUDY_BUDGET_MS.name() + " plus a DICOMweb request under way, and two more for the SR write-back when it is on: "
                    + ConfigKeys.DICOMWEB_ATTEMPTS.name() + " x (" + ConfigKeys.DICOMWEB_TIMEOUT_MS.name() + " + "
                    + ConfigKeys.DICOMWEB_READ_TIMEOUT_MS.name() + "), or an endpoint's own timeouts), so its transaction needs " + needed
                    + " ms, above the broker's default limit of " + BROKER_MAX_TRANSACTION_TIMEOUT_MS + " ms: lower"
                    + " them, or raise the brokers' transaction.max.timeout.ms and set "
                    + ConfigKeys.KAFKA_PASSTHROUGH_PREFIX + TRANSACTION);
        }
        return new KafkaTimeouts(study, poll, transaction);
    }

    /** Every attempt of one DICOMweb request at its longest, with the backoffs between attempts. */
    static long longestRequestMs(DicomWebConfig web) {
        long attempt = web.connectTimeout().toMillis() + web.requestTimeout().toMillis() + web.readTimeout().toMillis();
        return web.maxAttempts() * attempt + (web.maxAttempts() - 1L) * web.maxBackoff().toMillis();
    }

    /** The value set under one of {@code names} (checked against {@code needed}), or {@code needed}. */
    private static long explicit(Map<String, String> set, long needed, String... names) {
        for (String name : names) {
            String value = set.get(name);
            if (value == null) {
                continue;
            }
            long ms;
            try {
                ms = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(ConfigKeys.KAFKA_PASSTHROUGH_PREFIX + name + " = '" + value
                        + "' is not a number of milliseconds");
            }
            if (ms < needed) {
                throw new ConfigException(ConfigKeys.KAFKA_PASSTHROUGH_PREFIX + name + " = " + ms + " is shorter than"
                        + " the " + needed + " ms the longest study needs (" + ConfigKeys.ANALYSIS_STUDY_BUDGET_MS.name()
                        + " and the dicomweb.* timeouts): raise it, or leave it unset to have it derived");
            }
            return ms;
        }
        return needed;
    }
}
