package dev.hass.cli;

import dev.hass.study.Version;
import picocli.CommandLine.IVersionProvider;

/** {@code hass --version}: the {@link Version} and the Java running it. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"hass " + Version.get(), "Java " + System.getProperty("java.version")};
    }
}
