package dev.hass.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedsAndSlurmParsingTest {
    @Test
    void seedListsExpandRangesAndKeepOrderWithoutDuplicates() {
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), Seeds.parse("1-5"));
        assertEquals(List.of(1L, 2L, 3L, 7L), Seeds.parse("1-3, 7,2"));
        assertEquals(List.of(0L), Seeds.parse("0"));
    }

    @Test
    void badSeedListsNameTheValueAndWhatIsAllowed() {
        BatchInputException e = assertThrows(BatchInputException.class, () -> Seeds.parse("5-1"));
        assertTrue(e.getMessage().contains("5-1") && e.getMessage().contains("inverted"), e.getMessage());
        e = assertThrows(BatchInputException.class, () -> Seeds.parse("1,x"));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("allowed"), e.getMessage());
        assertThrows(BatchInputException.class, () -> Seeds.parse("-3"));
    }

    /** Lines as squeue 22.05 printed them on the local cluster (pending array tasks are folded). */
    @Test
    void squeueLinesUnfoldPendingArrayRanges() {
        Map<String, String> m = new LinkedHashMap<>();
        Slurm.parseStates("2_[1-3%1]|PENDING\n3|PENDING\n2_0|RUNNING\n7_[1,3%2]|CANCELLED\n", m);
        assertEquals("RUNNING", m.get("2_0"));
        assertEquals("PENDING", m.get("2_1"));
        assertEquals("PENDING", m.get("2_3"));
        assertEquals("PENDING", m.get("3"));
        assertEquals("CANCELLED", m.get("7_1"));
        assertEquals("CANCELLED", m.get("7_3"));
        assertEquals(7, m.size(), m.toString());
    }

    @Test
    void sacctStatesLoseTheirSuffix() {
        Map<String, String> m = new LinkedHashMap<>();
        Slurm.parseStates("12_0|CANCELLED by 0\n12_1|COMPLETED\n", m);
        assertEquals(Map.of("12_0", "CANCELLED", "12_1", "COMPLETED"), m);
    }

    @Test
    void arraySpecsCompressRunsAndCarryTheThrottle() {
        assertEquals("0-7%3", BatchWriter.arraySpec(List.of(0, 1, 2, 3, 4, 5, 6, 7), 3));
        assertEquals("1,4-5,9", BatchWriter.arraySpec(List.of(1, 4, 5, 9), null));
    }
}
