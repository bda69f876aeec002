package org.xnorkit.simulator;

/**
 * What one unit of the pipeline did during a run, and the FIFO in front of it.
 *
 * <p>Every cycle of the run is exactly one of {@code busy} (the unit's loop advanced: a chunk
 * issued, a beat taken or given, a class read out), {@code starved} (nothing to work on: no
 * complete input) or {@code blocked} (work waiting for room downstream), so the three add up to
 * the run's cycles.
 *
 * @param name                 the layer ("input" and "output" for the stream units)
 * @param kind                 layer kind, or "input" / "output"
 * @param pe                   output lanes (0 for the stream units)
 * @param simd                 input lanes (0 for the stream units)
 * @param nf                   neuron folds
 * @param sf                   synapse folds
 * @param busy                 cycles busy
 * @param starved              cycles starved
 * @param blocked              cycles blocked
 * @param utilization          busy / cycles of the run
 * @param estimatedCyclesPerImage the plan's cycles per image of this unit (its analytical initiation interval)
 * @param initiationInterval   measured: mean spacing of the unit's image completions (last output
 *                             beat of each image) over the second half of the images
 * @param latencyCycles        mean over images: last output beat minus first input beat, inclusive of
 *                             the wait for the unit to take the image
 * @param maxLatencyCycles     the largest of those
 * @param fifoDepth            depth of the FIFO in front of the unit (0: none)
 * @param fifoMaxOccupancy     the most beats that FIFO held
 * @param fifoNeededDepth      the smallest depth that would never have refused a beat in this run
 * @param fifoStallCycles      cycles that FIFO refused a beat offered to it (its producer stalled)
 */
public record LayerReport(String name, String kind, int pe, int simd, int nf, int sf,
                          long busy, long starved, long blocked, double utilization,
                          long estimatedCyclesPerImage, double initiationInterval, double latencyCycles, long maxLatencyCycles,
                          int fifoDepth, int fifoMaxOccupancy, int fifoNeededDepth, long fifoStallCycles) {}
