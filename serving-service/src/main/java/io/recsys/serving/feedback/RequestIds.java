package io.recsys.serving.feedback;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids in the UUID version 7 layout: the millisecond time first, so ids written together
 * sit together in the impressions index, then 74 random bits. ThreadLocalRandom, not
 * SecureRandom: an id names an answer, it guards nothing, and it is made on every request.
 */
public final class RequestIds {
    private RequestIds() {}

    public static String next() {
        return next(System.currentTimeMillis(), ThreadLocalRandom.current());
    }

    static String next(long epochMillis, java.util.Random random) {
        long high = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
