package io.recsys.monitor.drift;

import io.recsys.core.stage.StageInputs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a drift run compares: the current data snapshot and, once there is one, the baseline it was
 * compared against (the rolled one under the after-retrain policy). Not a skip rule: the same pair
 * is compared again when newer interactions arrived in the snapshot's window.
 */
public record DriftInputs(String dataSnapshot, Optional<String> baselineSnapshot) implements StageInputs {

    static DriftInputs firstRun(String dataSnapshot) {
        return new DriftInputs(dataSnapshot, Optional.empty());
    }

    DriftInputs against(String baseline) {
        return new DriftInputs(dataSnapshot, Optional.of(baseline));
    }

    @Override
    public Map<String, Object> asLedgerMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data_snapshot", dataSnapshot);
        baselineSnapshot.ifPresent(b -> m.put("baseline_snapshot", b));
        return m;
    }
}
