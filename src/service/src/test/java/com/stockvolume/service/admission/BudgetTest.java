package com.stockvolume.service.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BudgetTest {

    @Test
    void reservationsFitUntilTheCapacityAndReleasesMakeRoomAgain() {
        Budget budget = new Budget(100);
        assertTrue(budget.tryReserve(60));
        assertTrue(budget.tryReserve(40));
        assertFalse(budget.tryReserve(1), "full");
        assertEquals(100, budget.used());
        budget.release(40);
        assertTrue(budget.tryReserve(25));
        assertEquals(85, budget.used());
    }

    @Test
    void aReservationLargerThanTheWholeBudgetFitsOnlyWhenNothingElseIsHeld() {
        Budget budget = new Budget(100);
        assertTrue(budget.tryReserve(1));
        assertFalse(budget.tryReserve(150));
        budget.release(1);
        assertTrue(budget.tryReserve(150), "alone, so a request inside the documented limits is never refused forever");
        assertFalse(budget.tryReserve(1));
    }

    @Test
    void releasingMoreThanWasReservedIsABug() {
        Budget budget = new Budget(10);
        budget.tryReserve(5);
        assertThrows(IllegalStateException.class, () -> budget.release(6));
        assertThrows(IllegalArgumentException.class, () -> budget.tryReserve(-1));
        assertThrows(IllegalArgumentException.class, () -> new Budget(0));
    }

    @Test
    void whatIsReservedAnywayCountsPastTheCapacityUntilGivenBack() {
        Budget budget = new Budget(100);
        assertTrue(budget.tryReserve(60));
        budget.reserveAnyway(70); // already in memory: counted even past the capacity
        assertEquals(130, budget.used());
        assertFalse(budget.tryReserve(1));
        budget.release(70);
        assertTrue(budget.tryReserve(40));
    }
}
