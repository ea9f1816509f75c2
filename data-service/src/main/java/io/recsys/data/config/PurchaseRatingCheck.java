package io.recsys.data.config;

import io.recsys.core.config.PipelineConfig;
import io.recsys.core.config.SettingsCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * {@code recsys.events.purchase-rating} must be a rating the data accepts: otherwise every purchase
 * event would be rejected as out of range. Checked at start-up (exit 2).
 */
@ApplicationScoped
public class PurchaseRatingCheck implements SettingsCheck {
    private final DataConfig config;
    private final PipelineConfig.Events events;

    public PurchaseRatingCheck(DataConfig config, PipelineConfig pipeline) {
        this.config = config;
        this.events = pipeline.events();
    }

    @Override
    public Optional<String> problem() {
        double r = events.purchaseRating();
        var v = config.validation();
        if (!config.events().enabled() || (r >= v.ratingMin() && r <= v.ratingMax())) {
            return Optional.empty();
        }
        return Optional.of(
                "recsys.events.purchase-rating (" + r + ") is outside data.validation.rating-min .. rating-max ("
                        + v.ratingMin() + " .. " + v.ratingMax() + "): every purchase event would be rejected");
    }
}
