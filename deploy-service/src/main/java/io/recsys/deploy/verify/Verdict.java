package io.recsys.deploy.verify;

import java.util.Map;

/**
 * What verification of one model on the live replicas found.
 *
 * @param outcome  passed, failed, or nobody left to ask
 * @param problem  the first thing that went wrong (null when passed)
 * @param details  per replica: model reported, health, each smoke request; recorded with the deployment
 */
public record Verdict(Outcome outcome, String problem, Map<String, Object> details) {
    public enum Outcome {
        PASSED,
        FAILED,
        NO_LIVE_REPLICA
    }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }
}
