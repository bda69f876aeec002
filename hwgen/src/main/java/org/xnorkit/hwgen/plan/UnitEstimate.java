package org.xnorkit.hwgen.plan;

/**
 * The estimate of one unit of the generated design, named as synthesis names it.
 *
 * @param module the unit's module: {@code InputUnit}, {@code PixelSerializer}, {@code Swu_<layer>},
 *               {@code MaxPool_<layer>}, {@code Mvtu_<layer>}, {@code OutputUnit}, or {@code Fifo}
 *               for an inter-unit FIFO (several; synthesis reports them together)
 * @param feeds  for a FIFO the unit it feeds (a module name), else null
 * @param mvtu   for an MVTU what its estimate was computed from, else null
 */
public record UnitEstimate(String module, String feeds, LayerEstimate estimate, CostModel.Mvtu mvtu) {
  public static final String FIFO = "Fifo";

  public UnitEstimate(String module, String feeds, LayerEstimate estimate) { this(module, feeds, estimate, null); }

  public boolean isFifo() { return module.equals(FIFO); }
}
