package io.recsys.artifact;

import java.io.IOException;
import java.nio.file.Path;

/** An artifact file that does not hold what its format promises: the message names the file and the problem. */
public class ArtifactFormatException extends IOException {
    public ArtifactFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ArtifactFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
