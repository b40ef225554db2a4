package com.stockvolume.service.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class VersionPolicyTest {

    private static SortedSet<Integer> set(Integer... versions) {
        return new TreeSet<>(List.of(versions));
    }

    @Test
    void latestServesTheHighestCandidate() {
        VersionPolicy latest = VersionPolicy.parse("latest");
        assertEquals(set(7), latest.select(set(1, 3, 7), null));
        assertEquals(set(), latest.select(set(), null));
        assertEquals("latest", latest.toString());
    }

    @Test
    void allServesEveryCandidate() {
        assertEquals(set(1, 3, 7), VersionPolicy.parse("all").select(set(1, 3, 7), null));
    }

    @Test
    void aListServesTheListedVersionsThatAreCandidates() {
        VersionPolicy listed = VersionPolicy.parse(" 7, 3 ,3");
        assertEquals(set(3), listed.select(set(1, 3), null));
        assertEquals(set(3, 7), listed.select(set(1, 3, 7), null));
        assertEquals("3,7", listed.toString());
        assertEquals(List.of(3, 7), listed.listed());
    }

    @Test
    void aPinnedCandidateIsAlwaysServed() {
        assertEquals(set(1, 7), VersionPolicy.parse("latest").select(set(1, 3, 7), 1));
        assertEquals(set(7), VersionPolicy.parse("latest").select(set(3, 7), 1), "a pin that is not a candidate is ignored");
        assertEquals(set(2, 3), VersionPolicy.parse("3").select(set(2, 3), 2));
    }

    @Test
    void anythingElseIsRefusedNamingTheBadEntry() {
        for (String bad : new String[]{"", "newest", "1,x", "0", "-1", "1.5", "1,,2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VersionPolicy.parse(bad), bad);
            assertEquals(true, e.getMessage().startsWith("model.versions must be latest, all or a list of versions"),
                    e.getMessage());
        }
        assertEquals("model.versions must be latest, all or a list of versions like 1,3; 'x' is not a version",
                assertThrows(IllegalArgumentException.class, () -> VersionPolicy.parse("1,x")).getMessage());
    }
}
