package org.xnorkit.hwgen.rtl

import chisel3._
import chisel3.util._

/**
 * One unit under test in a {@link UnitBench}: a generator with one ready/valid stream in and one
 * out. {@code inBits}/{@code outBits} are the widths of the bench's ports for it.
 */
sealed trait BenchUnit { def inBits: Int; def outBits: Int }
final case class InputBench(p: InputParams) extends BenchUnit {
  def inBits: Int = p.busBytes * 8; def outBits: Int = p.lanes * p.elemBits
}
final case class MvtuBench(p: MvtuParams) extends BenchUnit {
  def inBits: Int = p.in.beatBits; def outBits: Int = p.pe * p.outElemBits
}
/** The output unit; its AXI4-Stream master becomes one stream of {tlast, tkeep, tdata} (tdata in the low bits). */
final case class OutputBench(p: OutputParams) extends BenchUnit {
  def inBits: Int = p.in.beatBits; def outBits: Int = p.busBytes * 9 + 1
}
final case class SerializerBench(p: SerializerParams) extends BenchUnit {
  def inBits: Int = p.in.beatBits; def outBits: Int = p.out.beatBits
}
final case class FifoBench(width: Int, depth: Int) extends BenchUnit {
  def inBits: Int = width; def outBits: Int = width
}
final case class SkidBench(width: Int) extends BenchUnit {
  def inBits: Int = width; def outBits: Int = width
}

/**
 * A test top that instantiates several units side by side, each with its own ports
 * {@code v<i>_in_valid/ready/bits} and {@code v<i>_out_valid/ready/bits}, one clock and the
 * accelerator's active-low synchronous {@code aresetn}: a whole parameter sweep of a generator in
 * one simulator build. Units of the same kind need distinct names where their module is named
 * after them (MVTU layer names): the bench does not rename them.
 */
class UnitBench(units: Seq[BenchUnit]) extends RawModule {
  override def desiredName: String = "UnitBench"
  val clock = IO(Input(Clock()))
  val aresetn = IO(Input(Bool()))
  withClockAndReset(clock, !aresetn) {
    for ((u, i) <- units.zipWithIndex) {
      val in = IO(Flipped(Decoupled(UInt(u.inBits.W)))).suggestName(s"v${i}_in")
      val out = IO(Decoupled(UInt(u.outBits.W))).suggestName(s"v${i}_out")
      u match {
        case InputBench(p) =>
          val m = Module(new InputUnit(p)); m.io.in <> in; out <> m.io.out
        case MvtuBench(p) =>
          val m = Module(new Mvtu(p)); m.io.in <> in; out <> m.io.out
        case SerializerBench(p) =>
          val m = Module(new Serializer(p)); m.io.in <> in; out <> m.io.out
        case FifoBench(w, d) =>
          val m = Module(new Fifo(w, d)); m.io.in <> in; out <> m.io.out
        case SkidBench(w) =>
          val m = Module(new SkidBuffer(w)); m.io.in <> in; out <> m.io.out
        case OutputBench(p) =>
          val m = Module(new OutputUnit(p))
          m.io.in <> in
          out.valid := m.io.tvalid
          out.bits := Cat(m.io.tlast, m.io.tkeep, m.io.tdata)
          m.io.tready := out.ready
      }
    }
  }
}

object UnitBench {
  /** Java entry point: emits a bench of {@code units} into {@code dir} (one file per module, filelist.f). */
  def emit(units: Array[BenchUnit], dir: String): Unit = Emit.splitVerilog(() => new UnitBench(units.toSeq), dir)
}
