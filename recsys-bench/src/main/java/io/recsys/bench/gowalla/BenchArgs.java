package io.recsys.bench.gowalla;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code key=value} arguments of the bench commands, checked against their known defaults. */
public final class BenchArgs {
    private BenchArgs() {}

    public static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> o = new LinkedHashMap<>(defaults);
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0 || !o.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument " + a + "; known: " + o.keySet());
            }
            o.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return o;
    }
}
