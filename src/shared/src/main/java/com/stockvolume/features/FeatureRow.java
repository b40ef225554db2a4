package com.stockvolume.features;

import java.time.LocalDate;

/**
 * A bar with its two model features.
 *
 * @param windowRows how many bars the 30-day window held (the bar itself included)
 */
public record FeatureRow(
        LocalDate date,
        double volume,
        double adjClose,
        double volMovingAvg,
        double adjCloseRollingMed,
        int windowRows) {
}
