package org.medmoe.analysis;

import org.medmoe.schema.ReasonCode;

/**
 * A study could not be analysed at all (no findings can be published): it goes to the dead-letter
 * topic with this stage and reason. Failures of single images make findings PARTIAL instead.
 */
public class AnalysisException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String stage;
    private final ReasonCode reason;

    public AnalysisException(String stage, ReasonCode reason, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.reason = reason;
    }

    public String stage() {
        return stage;
    }

    public ReasonCode reason() {
        return reason;
    }
}
