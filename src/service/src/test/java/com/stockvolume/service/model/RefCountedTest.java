package com.stockvolume.service.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RefCountedTest {

    /** Stands for a session: counts closes and notices use after close. */
    static final class Resource {

        final AtomicInteger closes = new AtomicInteger();
        final AtomicBoolean usedAfterClose = new AtomicBoolean();

        void use() {
            if (closes.get() > 0) {
                usedAfterClose.set(true);
            }
        }
    }

    @Test
    void theOwnersReleaseClosesAnUnusedResource() {
        Resource resource = new Resource();
        RefCounted<Resource> counted = new RefCounted<>(resource, r -> r.closes.incrementAndGet());
        assertFalse(counted.closed());
        counted.release();
        assertEquals(1, resource.closes.get());
        assertTrue(counted.closed());
        assertFalse(counted.tryAcquire(), "a closed resource is never handed out again");
    }

    @Test
    void aRetiredResourceClosesWhenItsLastUserLetsGo() {
        Resource resource = new Resource();
        RefCounted<Resource> counted = new RefCounted<>(resource, r -> r.closes.incrementAndGet());
        assertTrue(counted.tryAcquire());
        assertTrue(counted.tryAcquire());
        counted.release(); // the owner retires it
        counted.release();
        assertEquals(0, resource.closes.get(), "one user still runs on it");
        counted.release();
        assertEquals(1, resource.closes.get());
        assertThrows(IllegalStateException.class, counted::release);
    }

    @Test
    void underContentionItClosesExactlyOnceAndNeverWhileInUse() throws InterruptedException {
        for (int round = 0; round < 200; round++) {
            Resource resource = new Resource();
            RefCounted<Resource> counted = new RefCounted<>(resource, r -> r.closes.incrementAndGet());
            CountDownLatch start = new CountDownLatch(1);
            Thread[] users = new Thread[4];
            for (int t = 0; t < users.length; t++) {
                users[t] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 1000; i++) {
                        if (counted.tryAcquire()) {
                            resource.use();
                            counted.release();
                        }
                    }
                });
                users[t].start();
            }
            start.countDown();
            counted.release();
            for (Thread user : users) {
                user.join();
            }
            assertEquals(1, resource.closes.get());
            assertFalse(resource.usedAfterClose.get());
        }
    }
}
