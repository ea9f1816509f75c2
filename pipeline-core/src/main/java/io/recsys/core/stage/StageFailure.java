package io.recsys.core.stage;

import java.util.List;

/**
 * The work said no: the input was rejected or a quality gate failed. Retrying will not help, so
 * the runner records FAILED and the CLI exits 3.
 */
public class StageFailure extends Exception {
    private final List<String> details;

    public StageFailure(String message) {
        this(message, List.of());
    }

    public StageFailure(String message, List<String> details) {
        super(message);
        this.details = List.copyOf(details);
    }

    /** The worst offences, one line each, for the error report and the alert. */
    public List<String> details() {
        return details;
    }
}
