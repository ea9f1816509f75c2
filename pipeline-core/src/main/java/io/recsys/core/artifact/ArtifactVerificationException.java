package io.recsys.core.artifact;

import java.io.IOException;

/** An artifact on disk does not match its manifest (missing, resized or altered file). */
public class ArtifactVerificationException extends IOException {
    public ArtifactVerificationException(String message) {
        super(message);
    }
}
