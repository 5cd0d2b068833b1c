package dev.hass.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The hass version recorded in each batch manifest (read from the filtered version.properties). */
final class Version {
    private Version() {}

    static String get() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/dev/hass/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // "unknown" below
        }
        return p.getProperty("version", "unknown");
    }
}
