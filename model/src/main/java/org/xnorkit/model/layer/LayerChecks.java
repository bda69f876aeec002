package org.xnorkit.model.layer;

import java.util.regex.Pattern;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.PackedBits;

/** Checks shared by the layer records' constructors. */
final class LayerChecks {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private LayerChecks() {}

  static void name(String name) {
    if (name == null || !NAME.matcher(name).matches())
      throw new ModelException("/name", name, "layer name " + (name == null ? "is missing" : "'" + name + "' is not an identifier")
          + " (letters, digits and _, not starting with a digit: it names RTL modules and files)");
  }

  static void positive(String layer, String path, String role, int v) {
    if (v < 1) throw new ModelException(path, layer, role + " (" + v + ") must be >= 1");
  }

  static void weights(String layer, PackedBits w, int rows, int cols, String expected) {
    if (w == null) throw new ModelException("/weights", layer, "is missing");
    if (w.rows() != rows || w.cols() != cols)
      throw new ModelException("/weights", layer, "weights are " + w.rows() + "x" + w.cols() + ", expected " + expected + " = " + rows + "x" + cols);
  }
}
