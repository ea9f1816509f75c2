package io.recsys.monitor.health;

import java.util.List;

/** The checks of one component. */
public interface ComponentCheck {
    HealthComponent component();

    List<Check> run() throws Exception;
}
