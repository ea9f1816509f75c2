package io.recsys.core.csv;

import io.recsys.core.stage.StageFailure;
import java.util.List;

/** A file cannot be read at all (encoding, quoting, header): the whole input is rejected. */
public class InputFailure extends StageFailure {
    public InputFailure(String message) {
        super(message);
    }

    public InputFailure(String message, List<String> details) {
        super(message, details);
    }
}
