package org.xnorkit.model.engine;

import java.util.List;
import org.xnorkit.model.TensorType;

/**
 * Every tensor of one inference, for debugging and for checking hardware layer by layer.
 * {@link #input()} holds the input codes after the table (bits 0/1, or int8 codes);
 * {@link #output(int)} the output of hidden layer i in HWC order as levels ℓ ∈ [0, K] (a flatten
 * layer's output is its input, reordered to nothing); the output layer's scores, class bits and
 * prediction are in {@link #inference()}. Arrays are copied out.
 */
public final class Trace {
  private final List<TensorType> types;
  private final int[][] tensors;
  private final Inference inference;

  Trace(List<TensorType> types, int[][] tensors, Inference inference) {
    this.types = types;
    this.tensors = tensors;
    this.inference = inference;
  }

  /** Input codes, HWC. */
  public int[] input() { return tensors[0].clone(); }

  /** Output of layer {@code layer} (not the output layer), HWC levels. */
  public int[] output(int layer) {
    if (layer < 0 || layer >= tensors.length - 1)
      throw new IndexOutOfBoundsException("layer " + layer + ": hidden layers are 0.." + (tensors.length - 2) + " (the output layer's result is inference())");
    return tensors[layer + 1].clone();
  }

  /** Type of tensor i: 0 is the input, i+1 the output of layer i. */
  public TensorType type(int tensor) { return types.get(tensor); }

  /** Number of layers, output layer included. */
  public int layers() { return tensors.length; }

  public Inference inference() { return inference; }
}
