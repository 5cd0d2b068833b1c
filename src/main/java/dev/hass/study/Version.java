package dev.hass.study;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The hass version, as Maven filtered it into {@code dev/hass/version.properties}: what {@code --version} prints,
 * batch manifests record and export packages carry; {@code unknown} when the resource is missing (an IDE build).
 */
public final class Version {
    private Version() {}

    public static String get() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/dev/hass/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // "unknown" below
        }
        return p.getProperty("version", "unknown");
    }
}
