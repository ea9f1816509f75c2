package io.recsys.model;

import java.io.IOException;
import java.nio.file.Path;

/** A model directory that must not be served: the message names the file and what is wrong with it. */
public class InvalidModelException extends IOException {
    public InvalidModelException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public InvalidModelException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
