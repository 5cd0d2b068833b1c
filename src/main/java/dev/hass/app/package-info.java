/**
 * The composition root: where the concrete parts meet. {@link dev.hass.app.SearchApp} opens the DJL oracle, builds
 * the scorer and search around it ({@code search} itself knows only an {@code AccuracyOracle}) and regenerates the
 * reports; {@link dev.hass.app.ExperimentConfigs} is the one mapping from an experiment to the {@code nn} and
 * {@code oracle} configs. {@code cli} and {@code reproduce} call these instead of wiring their own; nothing below
 * them ({@code search}, {@code report}, {@code study}, ...) depends on this package.
 */
package dev.hass.app;
