package com.stockvolume.trainer;

import com.stockvolume.trainer.dataset.SymbolFile;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Which rows train the model and which judge it. Two holdouts, because a user meets both: symbols the
 * model has never seen (every row of them), and the later years of the symbols it was trained on.
 *
 * <p>The held-out symbols are drawn per group (hand-picked stocks, hand-picked ETFs, other stocks,
 * other ETFs), a share of each with a fixed seed, so every slice of the evaluation has symbols in it.
 *
 * @param train training symbols' rows dated before {@code timeFrom}
 * @param symbolHoldout every row of the held-out symbols
 * @param timeHoldout training symbols' rows dated {@code timeFrom} or later
 * @param heldOutSymbols the held-out symbols, sorted
 */
record HoldoutSplit(int[] train, int[] symbolHoldout, int[] timeHoldout, List<String> heldOutSymbols, LocalDate timeFrom) {

    /** The 18 symbols ../shared/data/README.md says were picked by hand, a slice of the evaluation. */
    static final String HAND_PICKED = "AAPL,AMZN,ADBE,CSCO,AMD,BA,DIS,A,AA,C,AGG,DIA,EEM,EFA,ACWI,BND,DGRO,ARKK";

    /**
     * Version 1's split (trainer of 2026-11-27): a seeded shuffle of every row (Fisher-Yates with
     * {@code java.util.Random(seed)} in the table's order), the first {@code round(rows * testFraction)} the test
     * rows; the rest, returned sorted, trained it.
     */
    static int[] shuffledTrainRows(int rows, double testFraction, long seed) {
        int[] order = IntStream.range(0, rows).toArray();
        Random random = new Random(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] train = Arrays.copyOfRange(order, (int) Math.round(rows * testFraction), rows);
        Arrays.sort(train);
        return train;
    }

    static HoldoutSplit of(FeatureTable table, double symbolShare, LocalDate timeFrom, Set<String> handPicked, long seed) {
        List<SymbolFile> symbols = table.symbols();
        boolean[] heldOut = new boolean[symbols.size()];
        Random random = new Random(seed);
        for (boolean picked : new boolean[]{true, false}) {
            for (boolean etf : new boolean[]{false, true}) {
                List<Integer> group = new ArrayList<>(IntStream.range(0, symbols.size())
                        .filter(s -> handPicked.contains(symbols.get(s).symbol()) == picked && symbols.get(s).etf() == etf)
                        .boxed().sorted(Comparator.comparing(s -> symbols.get(s).symbol())).toList());
                Collections.shuffle(group, random);
                int take = group.size() < 2 ? 0 : Math.max(1, (int) Math.round(group.size() * symbolShare));
                group.subList(0, take).forEach(s -> heldOut[s] = true);
            }
        }
        long cutoff = timeFrom.toEpochDay();
        IntStream.Builder train = IntStream.builder();
        IntStream.Builder bySymbol = IntStream.builder();
        IntStream.Builder byTime = IntStream.builder();
        for (int r = 0; r < table.rows(); r++) {
            if (heldOut[table.symbolIndex(r)]) {
                bySymbol.add(r);
            } else if (table.epochDay(r) < cutoff) {
                train.add(r);
            } else {
                byTime.add(r);
            }
        }
        Set<String> names = new TreeSet<>();
        for (int s = 0; s < symbols.size(); s++) {
            if (heldOut[s]) {
                names.add(symbols.get(s).symbol());
            }
        }
        HoldoutSplit split = new HoldoutSplit(train.build().toArray(), bySymbol.build().toArray(),
                byTime.build().toArray(), List.copyOf(names), timeFrom);
        if (split.train.length == 0 || split.symbolHoldout.length == 0) {
            throw new IllegalArgumentException("the split leaves " + split.train.length + " training rows and "
                    + split.symbolHoldout.length + " held-out rows; the dataset needs at least two symbols of a kind");
        }
        return split;
    }
}
