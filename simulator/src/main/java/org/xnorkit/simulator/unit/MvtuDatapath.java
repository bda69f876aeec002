package org.xnorkit.simulator.unit;

/**
 * What an MVTU computes from one input vector, all neuron folds at once: the values its output
 * beats will carry. Timing does not depend on it (see {@link MvtuModel}); a kind's cycle model
 * supplies it (thresholded levels for dense and conv, raw accumulators for the output layer).
 *
 * @param <I> the input vector representation
 * @param <O> the output vector representation
 */
@FunctionalInterface
public interface MvtuDatapath<I, O> {
  O compute(I input);
}
