package org.xnorkit.hwgen.plan;

/**
 * The resolved hardware plan of one layer. For compute layers the matrix is {@code outputs × fanIn}
 * with the fan-in seen as {@code chunkRows × rowElems} (dense: 1 × inputs; conv: k² × Cin), folded
 * onto {@code pe × simd}: {@code nf = ⌈outputs/pe⌉} neuron folds, {@code cf = ⌈rowElems/simd⌉}
 * chunks per row, {@code sf = chunkRows·cf} synapse folds, {@code vectors} input vectors per
 * image (1 for dense, OH·OW for conv). Padding: {@code paddedOutputs = nf·pe},
 * {@code paddedRowElems = cf·simd}. Non-compute layers have pe = simd = 0.
 *
 * @param fifoDepth depth of the FIFO in front of this layer's unit (0: the layer has no unit)
 */
public record LayerPlan(String name, String kind, int index, int pe, int simd, int nf, int sf, int outputs,
                        int paddedOutputs, int chunkRows, int rowElems, int paddedRowElems, int vectors,
                        int fifoDepth, LayerEstimate estimate) {
  public boolean isCompute() { return pe > 0; }

  /** Cycles per image of the folding loop: nf · sf · vectors. */
  public long foldCycles() { return (long) nf * sf * vectors; }

  /** True when the folding needed padding (outputs or a row's elements not a multiple of pe / simd). */
  public boolean padded() { return paddedOutputs != outputs || paddedRowElems != rowElems; }
}
