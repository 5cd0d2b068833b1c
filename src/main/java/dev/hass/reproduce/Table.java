package dev.hass.reproduce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One reproduced table: a header, rows of already formatted cells, and notes saying what produced it
 * (experiment files, seeds, budgets). Written as {@code <id>.md} and {@code <id>.csv}.
 */
public record Table(String id, String title, List<String> columns, List<List<String>> rows, List<String> notes) {
    public Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        notes = List.copyOf(notes);
        for (List<String> r : rows) {
            if (r.size() != columns.size()) throw new IllegalArgumentException(id + ": row " + r + " has " + r.size() + " cells, header has " + columns.size());
        }
    }

    public String markdown() {
        StringBuilder b = new StringBuilder("### ").append(title).append("\n\n");
        b.append("| ").append(String.join(" | ", columns)).append(" |\n|");
        for (String c : columns) b.append(c.isEmpty() ? "---|" : "---|");
        b.append('\n');
        for (List<String> r : rows) b.append("| ").append(String.join(" | ", r.stream().map(s -> s.replace("|", "\\|")).toList())).append(" |\n");
        if (!notes.isEmpty()) {
            b.append('\n');
            for (String n : notes) b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    public String csv() {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", columns.stream().map(Table::quote).toList())).append('\n');
        for (List<String> r : rows) b.append(String.join(",", r.stream().map(Table::quote).toList())).append('\n');
        return b.toString();
    }

    /** Writes {@code <id>.md} and {@code <id>.csv} into {@code dir}. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(id + ".md"), markdown());
            Files.writeString(dir.resolve(id + ".csv"), csv());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write table " + id + " into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
