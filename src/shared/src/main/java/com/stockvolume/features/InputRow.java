package com.stockvolume.features;

import java.time.LocalDate;

/**
 * One model input row of a symbol's day.
 *
 * @param features in the model kind's column order
 * @param windowBars how many bars the row's 30-day window held
 * @param bar the day's own bar, or null when the day has none (a forecast of a day not yet traded)
 */
public record InputRow(LocalDate date, double[] features, int windowBars, Bar bar) {
}
