package org.xnorkit.hwgen.rtl

import chisel3._

/** Runs Chisel + firtool: one SystemVerilog file per module (named after the module) into a directory. */
object Emit {
  /** firtool options that every tool of the flow (Verilator, Yosys, Icarus) accepts; see TOOLCHAIN. */
  val FirtoolOptions: Array[String] = Array(
    "-disable-all-randomization",
    "-strip-debug-info",
    "-default-layer-specialization=disable",
    "--lowering-options=disallowLocalVariables,disallowPackedArrays,locationInfoStyle=none")

  /** Elaborates {@code gen} and writes its modules as {@code <Module>.sv} plus firtool's filelist.f into {@code dir}. */
  def splitVerilog(gen: () => RawModule, dir: String): Unit =
    _root_.circt.stage.ChiselStage.emitSystemVerilogFile(gen(), Array("--target-dir", dir, "--split-verilog"), FirtoolOptions)

  /** Java entry point: emits the accelerator described by {@code p}. */
  def accelerator(p: AcceleratorParams, dir: String): Unit = splitVerilog(() => new Accelerator(p), dir)
}
