package io.recsys.data.config;

import io.recsys.core.config.SettingsCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * {@code data.events.purchase-rating} must be a rating the data accepts: otherwise every purchase
 * event would be rejected as out of range. Checked at start-up (exit 2).
 */
@ApplicationScoped
public class PurchaseRatingCheck implements SettingsCheck {
    private final DataConfig config;

    public PurchaseRatingCheck(DataConfig config) {
        this.config = config;
    }

    @Override
    public Optional<String> problem() {
        double r = config.events().purchaseRating();
        var v = config.validation();
        if (!config.events().enabled() || (r >= v.ratingMin() && r <= v.ratingMax())) {
            return Optional.empty();
        }
        return Optional.of(
                "data.events.purchase-rating (" + r + ") is outside data.validation.rating-min .. rating-max ("
                        + v.ratingMin() + " .. " + v.ratingMax() + "): every purchase event would be rejected");
    }
}
