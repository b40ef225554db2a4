package com.stockvolume.card;

import com.stockvolume.card.ModelCard.Errors;
import com.stockvolume.card.ModelCard.SliceErrors;
import java.util.List;

/**
 * What a model's card says first: its error on the held-out symbols, all of them and the ones drawn
 * at random (the symbols a user most likely sends; "all" leans on a few hand-picked giants), each
 * against the original model and the naive baseline on the same rows. A view of the card's
 * evaluation slices, so the card keeps one copy of every figure.
 *
 * @param all the held-out symbols' slice "all"; null for a card without an evaluation
 * @param random the slice "random"; null when the card has none
 */
public record HeldOutHeadline(Figures all, Figures random) {

    /**
     * @param mae the model's mean absolute error, in shares
     * @param vsOriginal mae / the original model's on the same rows; null without an original model
     * @param vsNaive mae / the naive baseline's (the 30-day mean) on the same rows
     */
    public record Figures(long rows, int symbols, double mae, Double vsOriginal, double vsNaive) {
    }

    public static HeldOutHeadline of(List<SliceErrors> slices) {
        return new HeldOutHeadline(figures(slices, "all"), figures(slices, "random"));
    }

    /** From a card; both null for a card without an evaluation (version 1 of stock-volume). */
    public static HeldOutHeadline of(ModelCard card) {
        return card.evaluation() == null ? new HeldOutHeadline(null, null) : of(card.evaluation().slices());
    }

    /** One line for the training command's output. */
    public String describe() {
        return "held-out symbols, MAE: all " + describe(all) + "; random " + describe(random);
    }

    private static String describe(Figures f) {
        if (f == null) {
            return "-";
        }
        return String.format("%,.0f (%.3fx the original, %.3fx naive; %d symbols)", f.mae(),
                f.vsOriginal() == null ? Double.NaN : f.vsOriginal(), f.vsNaive(), f.symbols());
    }

    private static Figures figures(List<SliceErrors> slices, String slice) {
        return slices.stream().filter(s -> s.holdout().equals("symbols") && s.slice().equals(slice)).findFirst()
                .map(s -> new Figures(s.rows(), s.symbols(), s.model().mae(), ratio(s.model(), s.original()),
                        s.model().mae() / s.naive().mae()))
                .orElse(null);
    }

    private static Double ratio(Errors model, Errors original) {
        return original == null ? null : model.mae() / original.mae();
    }
}
