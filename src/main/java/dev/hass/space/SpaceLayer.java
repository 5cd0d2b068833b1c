package dev.hass.space;

/**
 * A prunable layer as the space sees it: its stable name and whether it has an activation threshold
 * (the first layer's input is the image, so it has none).
 */
public record SpaceLayer(String name, boolean hasActivationThreshold) {}
