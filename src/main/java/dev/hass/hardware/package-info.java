/**
 * The dataflow accelerator model (fpgaConvNet style). Depends on nothing else in HASS (JDK and Jackson
 * only); its sub-packages depend on each other only downwards in this list:
 * <ul>
 *   <li>{@link dev.hass.hardware.board}: boards and their resources, the BRAM/URAM array model;</li>
 *   <li>{@link dev.hass.hardware.graph}: network descriptions (layers, shapes) and the built-in networks,
 *       with the measured sparsity histograms of their conv layers;</li>
 *   <li>{@link dev.hass.hardware.onnx}: ONNX models in and out of the graph;</li>
 *   <li>{@link dev.hass.hardware.stage}: one cost model per layer kind, a pure function of the folding;</li>
 *   <li>{@link dev.hass.hardware.memory}: where a stage's weights live (BRAM, URAM, off chip);</li>
 *   <li>{@link dev.hass.hardware.pipeline}: a network lowered to stages and the streams between them;</li>
 *   <li>{@link dev.hass.hardware.dse}: designs (a pipeline at a folding on a board) and the folding optimiser;</li>
 *   <li>{@link dev.hass.hardware.conformance}: checks against the fpgaConvNet reference's own figures,
 *       with the reference's documented quirks (which the model above does not carry).</li>
 * </ul>
 */
package dev.hass.hardware;
