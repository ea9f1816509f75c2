package io.recsys.core.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One alert: who raised it, how bad, a subject line and a body; {@code repeatKey}, when given,
 * says what makes two alerts "the same problem" instead of the whole body (which may carry
 * numbers that change every time, like an age in hours).
 */
public record Alert(Severity severity, String source, String subject, String message, String repeatKey) {

    public Alert {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        message = message == null ? "" : message;
    }

    public Alert(Severity severity, String source, String subject, String message) {
        this(severity, source, subject, message, null);
    }

    /** Identity for de-duplication: same severity, source, subject and repeat key (or message). */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String part :
                    new String[] {severity.name(), source, subject, repeatKey != null ? repeatKey : message}) {
                md.update(part.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
