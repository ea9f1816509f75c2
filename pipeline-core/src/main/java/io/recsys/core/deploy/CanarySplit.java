package io.recsys.core.deploy;

import java.nio.charset.StandardCharsets;

/**
 * Which users a canary serves: a pure function of the canary's model id and the user id, so every
 * replica, every restart and the deploy stage's own smoke test put a user in the same arm, with no
 * shared state. The model id salts the hash, so each canary tries a different slice of users rather
 * than the same ones every time. FNV-1a over the UTF-8 bytes, then a 64-bit finaliser for an even
 * spread; the top 53 bits as a uniform number in [0, 1) compared with the share.
 */
public final class CanarySplit {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private CanarySplit() {}

    public static boolean inCanary(String canaryModelId, String userId, double share) {
        return userId != null && position(canaryModelId, userId) < share;
    }

    /** The user's place in [0, 1) for this canary. */
    public static double position(String canaryModelId, String userId) {
        long h = FNV_OFFSET;
        h = mix(h, canaryModelId.getBytes(StandardCharsets.UTF_8));
        h = (h ^ 0xff) * FNV_PRIME; // a separator byte no UTF-8 text contains
        h = mix(h, userId.getBytes(StandardCharsets.UTF_8));
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }

    private static long mix(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }
}
