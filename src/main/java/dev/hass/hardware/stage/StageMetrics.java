package dev.hass.hardware.stage;

import dev.hass.hardware.board.Resources;

/**
 * What one stage costs at one folding. Latency is cycles per frame (one image); rates are words per
 * cycle per stream; sizes are words per stream per frame; pipeline depth is the fill latency in cycles.
 */
public record StageMetrics(
        long latency,
        double rateIn,
        double rateOut,
        double pipelineDepth,
        long sizeIn,
        long sizeOut,
        int streamsIn,
        int streamsOut,
        Resources resources) {}
