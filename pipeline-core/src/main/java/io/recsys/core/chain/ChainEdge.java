package io.recsys.core.chain;

import java.time.Duration;

/**
 * One line of the edge table: when a run of {@code from} succeeds with {@code outcome}, start
 * {@code to} on its behalf, unless the edge is off or an earlier start of it is younger than
 * {@code coolDown}.
 */
public record ChainEdge(String name, String from, ChainSignal outcome, String to, boolean enabled, Duration coolDown) {

    @Override
    public String toString() {
        return name + " (" + from + " --" + outcome.label() + "--> " + to + ")";
    }
}
