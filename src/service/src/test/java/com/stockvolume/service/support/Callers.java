package com.stockvolume.service.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Requests sent in the background, each on a thread of its own. Never on the common ForkJoinPool: on two cores it has
 * one thread, and REST Assured's first call in a JVM initializes Groovy through that pool, so a request waiting there
 * and the test thread's first call would wait for each other forever.
 */
public final class Callers {

    private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-caller");
        thread.setDaemon(true);
        return thread;
    });

    private Callers() {
    }

    public static <T> CompletableFuture<T> async(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, THREADS);
    }
}
