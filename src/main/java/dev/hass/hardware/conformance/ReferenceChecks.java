package dev.hass.hardware.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a reference file of any of the conformance formats, detected from its content: layers.json
 * (an array of layer vectors) and fine_sweep.json ({@code {"configs": …}}) go to
 * {@link LayerReferenceCheck}, networks.json ({@code {"runs": …}}) to {@link NetworkReferenceCheck}.
 */
public final class ReferenceChecks {
    private ReferenceChecks() {}

    /** Lines to print (failures first, the last one "N passed, M failed") and the counts. */
    public record Result(List<String> lines, long passed, long failed) {}

    /** Thrown for a file that is missing, not JSON, or of none of the formats. */
    public static final class UnknownFormatException extends IllegalArgumentException {
        public UnknownFormatException(String message) { super(message); }
    }

    public static Result check(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UnknownFormatException(file + ": cannot read as JSON (" + e.getMessage() + ")");
        }
        if (NetworkReferenceCheck.accepts(root)) {
            NetworkReferenceCheck.Report r = NetworkReferenceCheck.check(file);
            return new Result(r.summaryLines(), r.passed(), r.failed());
        }
        if (root != null && (root.isArray() || root.has("configs"))) {
            CheckReport r = LayerReferenceCheck.check(file);
            return new Result(r.summaryLines(), r.passed(), r.failed());
        }
        throw new UnknownFormatException(file + ": unknown reference format; allowed: layers.json (a JSON array of layer vectors), "
                + "fine_sweep.json (an object with \"configs\") or networks.json (an object with \"runs\")");
    }
}
