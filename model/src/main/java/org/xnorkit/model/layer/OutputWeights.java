package org.xnorkit.model.layer;

import java.util.Arrays;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.PackedBits;

/** The output layer's weights: binary (XNOR-popcount), or integers kept at higher precision. */
public sealed interface OutputWeights {
  int rows();
  int cols();

  /** Binary weights, {@code classes × inputs} bits. */
  record Binary(PackedBits bits) implements OutputWeights {
    public Binary { if (bits == null) throw new ModelException("/weights", null, "is missing"); }
    @Override public int rows() { return bits.rows(); }
    @Override public int cols() { return bits.cols(); }
  }

  /** Signed integer weights of {@code bits} bits each (2..32), row-major {@code classes × inputs}. Copied in and out. */
  record Integer(int bits, int rows, int cols, int[] values) implements OutputWeights {
    public Integer {
      if (bits < 2 || bits > 32) throw new ModelException("/weightBits", null, "weightBits (" + bits + ") must be in [2, 32]");
      if (rows < 1 || cols < 1) throw new ModelException("/intWeights", null, "shape " + rows + "x" + cols + " must be positive");
      // rows*cols in long: an int product can wrap around to the array's length.
      if (values == null || values.length != (long) rows * cols)
        throw new ModelException("/intWeights", null, "has " + (values == null ? 0 : values.length) + " entries, expected classes*inputs = " + rows + "*" + cols + " = " + ((long) rows * cols));
      values = values.clone();
      long lo = -(1L << (bits - 1)), hi = (1L << (bits - 1)) - 1;
      for (int i = 0; i < values.length; i++)
        if (values[i] < lo || values[i] > hi)
          throw new ModelException("/intWeights/" + i, null, "weight " + values[i] + " does not fit in " + bits + " signed bits [" + lo + ", " + hi + "]");
    }
    @Override public int[] values() { return values.clone(); }
    public int value(int row, int col) { return values[row * cols + col]; }
    @Override public boolean equals(Object o) { return o instanceof Integer i && i.bits == bits && i.rows == rows && i.cols == cols && Arrays.equals(i.values, values); }
    @Override public int hashCode() { return Arrays.hashCode(values) + 31 * bits; }
    @Override public String toString() { return "IntegerWeights[" + rows + "x" + cols + ", " + bits + " bits]"; }
  }
}
