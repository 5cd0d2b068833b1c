package dev.hass.hardware.onnx;

import dev.hass.hardware.graph.Network;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An ONNX file that cannot be read or mapped onto a {@link Network}: not protobuf, truncated, not
 * an ONNX model, or holding an op or attribute the hardware model does not support. The message
 * names the file and, where known, the node and its op type.
 */
public final class OnnxFormatException extends IOException {
    private final Path file;
    private final String node;
    private final String op;

    public OnnxFormatException(Path file, String node, String op, String problem) {
        super(file + (node == null ? "" : ": node " + node + (op == null ? "" : " (" + op + ")")) + ": " + problem);
        this.file = file;
        this.node = node;
        this.op = op;
    }

    public Path file() { return file; }

    /** Name of the offending node, or null for file-level problems. */
    public String node() { return node; }

    /** ONNX op type of the offending node, or null. */
    public String op() { return op; }
}
