package org.xnorkit.model.engine;

/**
 * A hidden layer compiled for the {@link ReferenceEngine}: reads its input tensor's buffer and
 * writes its output tensor's buffer, both in the {@link Layout}s the engine chose. Kernels are
 * immutable and shared by all threads; everything per image lives in the {@link Scratch}.
 */
public interface LayerKernel {
  /** Computes the output tensor. {@code out} has been {@link Layout#prepare prepared}. */
  void run(long[] in, long[] out, Scratch scratch);

  /** Words of {@link Scratch#window} this kernel needs (conv windows). */
  default int windowWords() { return 0; }
}
