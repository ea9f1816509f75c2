package io.recsys.serving.feedback;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What is wrong with one event of a batch: its index (0-based), the field, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventProblem(Integer index, String field, String reason) {

    /** A problem of the batch as a whole (not an array, too many events). */
    static EventProblem ofBatch(String reason) {
        return new EventProblem(null, null, reason);
    }

    String sentence() {
        if (index == null) {
            return reason;
        }
        return "events[" + index + "]" + (field == null ? "" : "." + field) + ": " + reason;
    }
}
