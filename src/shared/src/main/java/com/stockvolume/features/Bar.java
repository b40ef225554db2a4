package com.stockvolume.features;

import java.time.LocalDate;
import java.util.Objects;

/** One daily bar of a symbol: only the fields the features read. */
public record Bar(LocalDate date, double volume, double adjClose) {

    public Bar {
        Objects.requireNonNull(date, "date");
    }
}
