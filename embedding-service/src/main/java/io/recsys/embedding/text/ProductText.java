package io.recsys.embedding.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One product's text as it is encoded, and the hash that says whether its vector can be reused. */
public record ProductText(String productId, String text, String textSha256) {

    /** Hashes the text once: the stage compares it with the current set and writes it with the new one. */
    public static ProductText of(String productId, String text) {
        try {
            return new ProductText(
                    productId,
                    text,
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
