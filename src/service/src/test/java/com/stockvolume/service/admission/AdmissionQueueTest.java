package com.stockvolume.service.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.admission.AdmissionQueue.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionQueueTest {

    private static final long LIFO_AFTER = 1_000;
    private final AtomicLong clock = new AtomicLong();
    private final List<String> admitted = new ArrayList<>();

    private AdmissionQueue.Waiter waiter(String name, long bytes) {
        return new AdmissionQueue.Waiter(bytes) {

            @Override
            protected void admit() {
                admitted.add(name);
            }
        };
    }

    @Test
    void aBodyThatFitsIsAdmittedAtOnceAndOneThatDoesNotWaits() {
        AdmissionQueue queue = new AdmissionQueue(new Budget(100), 10, LIFO_AFTER, clock::get);
        assertEquals(Entry.ADMITTED, queue.enter(waiter("a", 70)));
        assertEquals(Entry.WAITING, queue.enter(waiter("b", 70)));
        assertEquals(1, queue.waiting());
        assertEquals(List.of(), admitted, "admit() is only for requests that waited");
    }

    @Test
    void releasedRoomGoesToTheOldestWaiterThatFits() {
        Budget budget = new Budget(100);
        AdmissionQueue queue = new AdmissionQueue(budget, 10, LIFO_AFTER, clock::get);
        queue.enter(waiter("held", 100));
        queue.enter(waiter("first", 60));
        queue.enter(waiter("second", 60));
        queue.enter(waiter("small", 30));
        queue.release(100);
        // first (60) fits, second (60) does not, small (30) still fits beside first
        assertEquals(List.of("first", "small"), admitted);
        assertEquals(90, budget.used());
        queue.release(60);
        assertEquals(List.of("first", "small", "second"), admitted);
        assertEquals(0, queue.waiting());
    }

    @Test
    void onceTheOldestHasWaitedTooLongTheNewestGoFirst() {
        Budget budget = new Budget(100);
        AdmissionQueue queue = new AdmissionQueue(budget, 10, LIFO_AFTER, clock::get);
        queue.enter(waiter("held", 100));
        queue.enter(waiter("old", 100));
        clock.addAndGet(600);
        queue.enter(waiter("middle", 100));
        clock.addAndGet(600);
        queue.enter(waiter("new", 100));
        // the oldest has waited 1,200 > 1,000: newest first
        queue.release(100);
        assertEquals(List.of("new"), admitted);
        queue.release(100);
        assertEquals(List.of("new", "middle"), admitted);
        queue.release(100);
        assertEquals(List.of("new", "middle", "old"), admitted);
        // a fresh queue again: oldest first
        queue.enter(waiter("first", 100));
        queue.enter(waiter("second", 100));
        queue.release(100);
        assertEquals(List.of("new", "middle", "old", "first"), admitted);
    }

    @Test
    void aNewRequestQueuesWhileOthersWaitAndIsLetInBesideThemIfItFits() {
        Budget budget = new Budget(100);
        AdmissionQueue queue = new AdmissionQueue(budget, 10, LIFO_AFTER, clock::get);
        queue.enter(waiter("held", 90));
        queue.enter(waiter("waiting", 50));
        assertEquals(Entry.WAITING, queue.enter(waiter("new", 5)), "room for 5, but someone is waiting: queue first");
        assertEquals(List.of("new"), admitted, "the oldest does not fit; the queue lets in what does, on entry too");
    }

    @Test
    void aFullQueueRefusesAtOnce() {
        AdmissionQueue queue = new AdmissionQueue(new Budget(10), 1, LIFO_AFTER, clock::get);
        queue.enter(waiter("held", 10));
        assertEquals(Entry.WAITING, queue.enter(waiter("one", 10)));
        assertEquals(Entry.FULL, queue.enter(waiter("two", 10)));
    }

    @Test
    void aWaiterThatGaveUpIsNeverAdmittedAndOneAdmittedCannotGiveUp() {
        AdmissionQueue queue = new AdmissionQueue(new Budget(10), 5, LIFO_AFTER, clock::get);
        queue.enter(waiter("held", 10));
        AdmissionQueue.Waiter late = waiter("late", 5);
        AdmissionQueue.Waiter lucky = waiter("lucky", 5);
        queue.enter(late);
        queue.enter(lucky);
        assertTrue(queue.giveUp(late));
        assertFalse(queue.giveUp(late), "only once");
        queue.release(10);
        assertEquals(List.of("lucky"), admitted);
        assertFalse(queue.giveUp(lucky), "admitted: its deadline timer must not answer it too");
    }

    @Test
    void aCallReadPastItsReservationHoldsItsRealSizeAndOneReadShortGivesBackTheRest() {
        Budget budget = new Budget(100);
        AdmissionQueue queue = new AdmissionQueue(budget, 10, LIFO_AFTER, clock::get);
        queue.enter(waiter("small", 40)); // a gRPC call: its size is not declared, so it reserved a typical one
        AdmittedRequest small = new AdmittedRequest(0, 1_000, queue, 40);
        queue.enter(waiter("large", 40));
        AdmittedRequest large = new AdmittedRequest(0, 1_000, queue, 40);
        large.bodyRead(90); // read past its reservation: the 50 more it holds count, over the budget
        assertEquals(130, budget.used());
        assertEquals(Entry.WAITING, queue.enter(waiter("next", 10)), "a new body waits while the budget is spent");
        small.bodyRead(10); // read short: 30 go back, not yet enough for the next one
        assertEquals(100, budget.used());
        assertEquals(List.of(), admitted);
        large.release(); // answered: everything it holds goes back, once
        large.release();
        assertEquals(List.of("next"), admitted);
        assertEquals(20, budget.used());
        small.bodyRead(30); // after release nothing changes; before it, only the real size counts
        small.release();
        assertEquals(10, budget.used());
    }
}
