package org.xnorkit.model.layer;

/** How the output layer's result becomes one class. */
public enum Readout {
  /** Index of the largest score; the lowest index wins a tie. */
  ARGMAX("argmax"),
  /** Index of the highest class whose thresholded bit is 1; 0 if none fires (BNN-PYNQ's LFC board). */
  HIGHEST_SET_BIT("highestSetBit");

  private final String json;
  Readout(String json) { this.json = json; }
  public String json() { return json; }

  public static Readout fromJson(String s) {
    for (Readout r : values()) if (r.json.equals(s)) return r;
    return null;
  }
}
