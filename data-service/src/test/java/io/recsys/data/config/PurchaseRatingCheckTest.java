package io.recsys.data.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.testing.ConfigProxy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PurchaseRatingCheckTest {

    private static PurchaseRatingCheck check(double purchaseRating, boolean enabled) {
        return new PurchaseRatingCheck(ConfigProxy.of(
                DataConfig.class,
                Map.of(
                        "events",
                        ConfigProxy.of(
                                DataConfig.Events.class, Map.of("purchaseRating", purchaseRating, "enabled", enabled)),
                        "validation",
                        ConfigProxy.of(DataConfig.Validation.class, Map.of("ratingMin", 1.0, "ratingMax", 5.0)))));
    }

    @Test
    void aPurchaseRatingOutsideTheRatingRangeIsRefusedNamingTheKeys() {
        assertThat(check(10, true).problem())
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("data.events.purchase-rating (10.0)")
                        .contains("rating-min .. rating-max (1.0 .. 5.0)"));
        assertThat(check(5, true).problem()).isEmpty();
        assertThat(check(10, false).problem()).as("events off: never used").isEmpty();
    }
}
