package dev.hass.hardware.conformance;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The fpgaConvNet reference vectors shipped with the tests (src/test/resources/fpgaconvnet: layers.json,
 * fine_sweep.json, networks.json and the three ONNX models it names), so every clone runs the conformance suite.
 */
public final class ConformanceVectors {
    private ConformanceVectors() {}

    /** The folder holding layers.json, fine_sweep.json, networks.json and models/. */
    public static Path dir() {
        URL url = ConformanceVectors.class.getResource("/fpgaconvnet/networks.json");
        if (url == null) throw new IllegalStateException("fpgaconvnet/networks.json is not on the test classpath (src/test/resources/fpgaconvnet)");
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url.toString(), e);
        }
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }
}
