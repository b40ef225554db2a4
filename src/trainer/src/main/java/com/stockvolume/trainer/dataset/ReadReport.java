package com.stockvolume.trainer.dataset;

import java.io.PrintStream;

/**
 * What reading the dataset skipped, and why. Warnings go out as they happen, naming file and
 * line; the counts make the summary at the end.
 */
public final class ReadReport {

    private final PrintStream warnings;
    private long files;
    private long rows;
    private long malformed;
    private long missingValues;
    private long missingFiles;

    public ReadReport(PrintStream warnings) {
        this.warnings = warnings;
    }

    void fileRead() {
        files++;
    }

    void rowKept() {
        rows++;
    }

    void malformed(String where, String why) {
        malformed++;
        warnings.println("warning: " + where + ": skipped malformed line: " + why);
    }

    void missingValue() {
        missingValues++;
    }

    void missingFile(String symbol, String why) {
        missingFiles++;
        warnings.println("warning: symbol " + symbol + ": " + why);
    }

    public long rows() {
        return rows;
    }

    public long malformed() {
        return malformed;
    }

    public long missingValues() {
        return missingValues;
    }

    public long missingFiles() {
        return missingFiles;
    }

    public String summary() {
        return String.format(
                "read %d files: %d rows kept, %d rows with a missing Volume or Adj Close dropped,"
                        + " %d malformed lines skipped, %d symbols without a price file",
                files, rows, missingValues, malformed, missingFiles);
    }
}
