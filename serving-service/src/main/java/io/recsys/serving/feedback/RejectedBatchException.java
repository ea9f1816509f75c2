package io.recsys.serving.feedback;

import java.util.List;

/** A batch refused whole (400): nothing of it was stored. */
public class RejectedBatchException extends RuntimeException {
    private final List<EventProblem> problems;

    RejectedBatchException(List<EventProblem> problems) {
        super(problems.get(0).sentence()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : "")
                + "; nothing of the batch was stored");
        this.problems = List.copyOf(problems);
    }

    public List<EventProblem> problems() {
        return problems;
    }
}
