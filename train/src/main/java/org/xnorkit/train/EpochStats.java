package org.xnorkit.train;

/** One epoch of a training log. Accuracies are fractions; the test figures come from the float binarized model. */
public record EpochStats(int epoch, double lr, double trainLoss, double trainTop1, double testLoss, double testTop1, double seconds) {}
