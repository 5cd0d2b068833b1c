/**
 * ONNX models in and out of the {@link dev.hass.hardware.graph graph}: import with histograms
 * ({@link dev.hass.hardware.onnx.OnnxImport}), export and graph rewrites, on a small protobuf reader
 * and writer of our own (no protobuf dependency). Depends on {@code graph} only.
 */
package dev.hass.hardware.onnx;
