package io.recsys.data.demo;

import io.recsys.core.stage.InvalidInvocationException;
import java.util.Map;

/** The demo commands' option values: one reading of a whole number, with its range, for all of them. */
final class DemoOptions {
    private DemoOptions() {}

    /**
     * {@code --key}'s whole number ({@code 1_000} allowed), {@code def} when absent; outside
     * {@code min..max} or not a number is a bad invocation naming the option.
     */
    static long number(Map<String, String> o, String key, long def, long min, long max)
            throws InvalidInvocationException {
        String v = o.get(key);
        if (v == null) {
            return def;
        }
        long n;
        try {
            n = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new InvalidInvocationException("--" + key + " needs a whole number, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new InvalidInvocationException("--" + key + " must be in " + min + ".." + max + ", got " + n);
        }
        return n;
    }
}
