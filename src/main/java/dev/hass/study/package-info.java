/**
 * The study model every other package shares, as Optuna's {@code study}, {@code trial} and {@code distributions}
 * are shared by its samplers, visualisation and CLI. A leaf: JDK and Jackson only, nothing of ours.
 *
 * <ul>
 *   <li>{@link dev.hass.study.Trial} (with {@link dev.hass.study.TrialState}) is one evaluated candidate, exactly
 *       as a line of {@code trials.jsonl}; {@link dev.hass.study.TrialLog} is the only reader and writer of that
 *       file. {@link dev.hass.study.Trial#feasible()} is the one feasibility rule.</li>
 *   <li>{@link dev.hass.study.Direction} and {@link dev.hass.study.Objectives}: the one direction → minimisation
 *       rule, and which trials count ({@link dev.hass.study.Objectives#usable}).</li>
 *   <li>{@link dev.hass.study.Pareto}: the front, all ties kept in the data, collapsed only for display.</li>
 *   <li>{@link dev.hass.study.Hypervolume}: one exact implementation, a reference point always with its named
 *       {@link dev.hass.study.Hypervolume.Policy} ({@code dense}: what search and summary.md print; {@code nadir}:
 *       folders without a dense trial; {@code origin}: the batch summary).</li>
 *   <li>{@link dev.hass.study.ResultsFiles}: the file names of a results folder.
 *       {@link dev.hass.study.AtomicFiles}: the one atomic write. {@link dev.hass.study.Version}: the one version.</li>
 * </ul>
 *
 * <p>{@code search}, {@code report}, {@code cluster}, {@code export} and {@code reproduce} use these; none of them
 * keeps its own copy, and {@code report}, {@code cluster} and {@code export} need nothing from {@code search}.
 */
package dev.hass.study;
