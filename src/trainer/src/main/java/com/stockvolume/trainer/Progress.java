package com.stockvolume.trainer;

import java.io.PrintStream;

/** Progress lines on stderr, each stamped with the seconds since the command started. */
final class Progress {

    private final PrintStream out;
    private final long start = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    void log(String format, Object... args) {
        out.printf("[%7.1f s] %s%n", seconds(), String.format(format, args));
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    PrintStream stream() {
        return out;
    }
}
