package com.stockvolume.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.stockvolume.card.ModelCard.Errors;
import com.stockvolume.card.ModelCard.SliceErrors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The headline of a card: the held-out symbols' "all" and "random" slices against the original and naive. */
class HeldOutHeadlineTest {

    private static SliceErrors slice(String holdout, String slice, double model, Double original) {
        return new SliceErrors(holdout, slice, 1000, 8, new Errors(model, 0), new Errors(200, 0), null,
                original == null ? null : new Errors(original, 0), null);
    }

    @Test
    void takesTheHeldOutSymbolsAllAndRandomSlicesWithTheirRatios() {
        HeldOutHeadline headline = HeldOutHeadline.of(List.of(slice("time", "all", 1, 1.0), slice("symbols", "stocks", 2, 2.0),
                slice("symbols", "all", 150, 200.0), slice("symbols", "random", 100, 125.0)));
        assertEquals(new HeldOutHeadline.Figures(1000, 8, 150, 0.75, 0.75), headline.all());
        assertEquals(new HeldOutHeadline.Figures(1000, 8, 100, 0.8, 0.5), headline.random());
        assertEquals("held-out symbols, MAE: all 150 (0.750x the original, 0.750x naive; 8 symbols); random 100"
                + " (0.800x the original, 0.500x naive; 8 symbols)", headline.describe());
    }

    @Test
    void withoutAnOriginalModelOrARandomSliceTheirFiguresAreNull() {
        HeldOutHeadline headline = HeldOutHeadline.of(List.of(slice("symbols", "all", 150, null)));
        assertNull(headline.all().vsOriginal());
        assertNull(headline.random());
    }
}
