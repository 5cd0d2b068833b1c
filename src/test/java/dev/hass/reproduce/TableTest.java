package dev.hass.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableTest {
    @Test
    void writesMarkdownAndQuotedCsv(@TempDir Path dir) throws Exception {
        Table t = new Table("t", "Title", List.of("a", "b"), List.of(List.of("1, 2", "x|y"), List.of("3", "say \"hi\"")), List.of("note"));
        t.write(dir);
        List<String> csv = Files.readAllLines(dir.resolve("t.csv"));
        assertEquals(List.of("a,b", "\"1, 2\",x|y", "3,\"say \"\"hi\"\"\""), csv);
        String md = Files.readString(dir.resolve("t.md"));
        assertTrue(md.contains("| a | b |\n|---|---|\n| 1, 2 | x\\|y |"), md);
        assertTrue(md.contains("- note"), md);
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Table("t", "T", List.of("a", "b"), List.of(List.of("1")), List.of()));
        assertTrue(e.getMessage().contains("1 cells, header has 2"), e.getMessage());
    }

    @Test
    void meanAndStdOverSeeds() {
        assertEquals("2.00 ± 1.00", Fmt.pm(Fmt.Stat.of(List.of(1.0, 2.0, 3.0)), 2));
        assertEquals("5", Fmt.pm(Fmt.Stat.of(List.of(5.0, Double.NaN)), 0));
        assertEquals("-", Fmt.pm(Fmt.Stat.of(List.of()), 0));
    }

    @Test
    void sparseEnginesAtZeroSparsityDoNotBeatDenseAndSparsityHelpsLenet() {
        Table t = HardwareTable.build(List.of("lenet5"), List.of(0.0, 0.7), "u250", s -> {});
        assertEquals(3, t.rows().size());
        double dense = Double.parseDouble(t.rows().get(0).get(4));
        double s0 = Double.parseDouble(t.rows().get(1).get(5)), s7 = Double.parseDouble(t.rows().get(2).get(5));
        assertTrue(dense > 0 && s0 > 0, t.markdown());
        long dsp0 = Long.parseLong(t.rows().get(1).get(6)), dsp7 = Long.parseLong(t.rows().get(2).get(6));
        // LeNet-5 is bound by its input stream: 70 % sparsity keeps the throughput with fewer DSPs
        assertTrue(s7 >= s0 && dsp7 < dsp0, "70 % product sparsity should help the sparse engine over 0 %:\n" + t.markdown());
    }
}
