package io.recsys.core.online;

import io.recsys.core.feedback.Variant;

/**
 * What one model's answers (of one variant) earned over an interval: impressions of the recommend
 * endpoint, the events attributed to them, and the impressions that got at least one of each kind.
 * The rates are shares of impressions, so each is a proportion a two-proportion test can compare.
 */
public record OnlineCounts(
        String modelId,
        Variant variant,
        long impressions,
        long users,
        long clicks,
        long clickedImpressions,
        long addToCart,
        long cartedImpressions,
        long purchases,
        long purchasedImpressions,
        long distinctItems) {

    public double ctr() {
        return share(clickedImpressions);
    }

    public double addToCartRate() {
        return share(cartedImpressions);
    }

    public double purchaseRate() {
        return share(purchasedImpressions);
    }

    private double share(long n) {
        return impressions == 0 ? 0 : (double) n / impressions;
    }
}
