package com.stockvolume.service.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Daily bars of the test fixtures, as a from-bars client sends them. */
public final class Bars {

    /** AAPL's real bars from 2020-11-20 to 2021-01-27, in the Kaggle layout. */
    public static final Path AAPL = Path.of("src/test/resources/fixtures/AAPL-2020-11-20_2021-01-27.csv");

    private Bars() {
    }

    /** The AAPL fixture's rows with every column, in shuffled order (the service sorts them). */
    public static List<Map<String, Object>> aapl() {
        List<String> lines;
        try {
            lines = Files.readAllLines(AAPL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, Object>> bars = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Map<String, Object> bar = new LinkedHashMap<>();
            bar.put("date", f[0]);
            bar.put("open", Double.parseDouble(f[1]));
            bar.put("high", Double.parseDouble(f[2]));
            bar.put("low", Double.parseDouble(f[3]));
            bar.put("close", Double.parseDouble(f[4]));
            bar.put("adj_close", Double.parseDouble(f[5]));
            bar.put("volume", Double.parseDouble(f[6]));
            bars.add(bar);
        }
        Collections.shuffle(bars, new Random(5));
        return bars;
    }
}
