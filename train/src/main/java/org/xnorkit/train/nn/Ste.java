package org.xnorkit.train.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Sign with a straight-through estimator, as the hardware binarizes. */
public final class Ste {
  private Ste() {}

  /** ±1 with x ≥ 0 → +1 (PyTorch's sign(0) = 0 would be a third value the hardware does not have). */
  public static NDArray signPm(NDArray x) {
    return x.gte(0).toType(DataType.FLOAT32, false).muli(2).subi(1);
  }

  /**
   * Forward: signPm(x). Backward: the gradient of clip(x, −1, 1), i.e. passed where |x| ≤ 1 and
   * cancelled where |x| > 1 (BinaryNet's STE).
   */
  public static NDArray sign(NDArray x) {
    NDArray c = x.clip(-1, 1);
    return c.add(signPm(x).subi(c).stopGradient());
  }
}
