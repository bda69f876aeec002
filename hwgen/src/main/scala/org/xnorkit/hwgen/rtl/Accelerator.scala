package org.xnorkit.hwgen.rtl

import chisel3._
import chisel3.util._

/**
 * The whole accelerator: input unit → FIFO → unit → FIFO → … → output unit, AXI4-Stream slave in,
 * AXI4-Stream master out, active-low synchronous reset {@code aresetn}.
 *
 * @param units     the compute/stream units in order (each reads the previous one's stream)
 * @param fifoDepth per unit of {@code units} the depth of the FIFO in front of it; the last entry
 *                  is the FIFO in front of the output unit
 */
case class AcceleratorParams(input: InputParams, units: Array[UnitParams], output: OutputParams, fifoDepth: Array[Int]) {
  require(fifoDepth.length == units.length + 1, s"${fifoDepth.length} FIFO depths for ${units.length} units + output")
}

/** One unit of the chain: its stream ports and how to build it. */
sealed trait UnitParams { def in: StreamShape; def out: StreamShape }
final case class MvtuUnit(p: MvtuParams) extends UnitParams { def in: StreamShape = p.in; def out: StreamShape = p.out }
/** A conv layer: sliding-window unit straight into its MVTU (no FIFO between: the SWU's output is a queue). */
final case class ConvUnit(swu: SwuParams, mvtu: MvtuParams) extends UnitParams {
  def in: StreamShape = swu.in; def out: StreamShape = mvtu.out
  override def toString: String = s"conv '${swu.name}' (Swu_${swu.name} + Mvtu_${mvtu.name})"
}
final case class PoolUnit(p: SwuParams) extends UnitParams {
  def in: StreamShape = p.in; def out: StreamShape = StreamShape(p.elemBits, p.channels, p.channels, 1)
  override def toString: String = s"max-pool '${p.name}' (MaxPool_${p.name})"
}
final case class SerialUnit(p: SerializerParams) extends UnitParams {
  def in: StreamShape = p.in; def out: StreamShape = p.out
  override def toString: String = s"PixelSerializer (${p.pixelsPerBeat} pixels per input beat)"
}

/**
 * A stream FIFO of {@code depth} beats: enq ready and deq valid are registers, a beat taken at edge
 * c is offered from cycle c+1 ({@code Queue(depth)}; depth 2 is a {@link SkidBuffer}, cycle for
 * cycle the same). Named after its depth and width, so equal FIFOs share one module.
 */
class Fifo(width: Int, depth: Int) extends Module {
  override def desiredName: String = s"Fifo${depth}x$width"
  val io = IO(new Bundle { val in = Flipped(Decoupled(UInt(width.W))); val out = Decoupled(UInt(width.W)) })
  if (depth == 2) {
    val buffer = Module(new SkidBuffer(width))
    buffer.io.in <> io.in
    io.out <> buffer.io.out
  } else io.out <> Queue(io.in, depth)
}

class Accelerator(p: AcceleratorParams) extends RawModule {
  override def desiredName: String = "Accelerator"
  val inBits = p.input.busBytes * 8
  val outBits = p.output.busBytes * 8
  val clock = IO(Input(Clock()))
  val aresetn = IO(Input(Bool()))
  val s_axis_tdata = IO(Input(UInt(inBits.W)))
  val s_axis_tvalid = IO(Input(Bool()))
  val s_axis_tready = IO(Output(Bool()))
  val s_axis_tlast = IO(Input(Bool()))
  val s_axis_tkeep = IO(Input(UInt((inBits / 8).W)))
  val m_axis_tdata = IO(Output(UInt(outBits.W)))
  val m_axis_tvalid = IO(Output(Bool()))
  val m_axis_tready = IO(Input(Bool()))
  val m_axis_tlast = IO(Output(Bool()))
  val m_axis_tkeep = IO(Output(UInt((outBits / 8).W)))

  withClockAndReset(clock, !aresetn) {
    val input = Module(new InputUnit(p.input))
    input.io.in.valid := s_axis_tvalid
    input.io.in.bits := s_axis_tdata
    s_axis_tready := input.io.in.ready
    // TLAST and TKEEP are part of the documented input packing; image boundaries come from beat counts.
    val unusedIn = s_axis_tlast ^ s_axis_tkeep.xorR
    dontTouch(WireInit(unusedIn)).suggestName("unused_tlast_tkeep")

    var stream: DecoupledIO[UInt] = input.io.out
    for ((u, i) <- p.units.zipWithIndex) {
      val fifo = Module(new Fifo(u.in.beatBits, p.fifoDepth(i)))
      fifo.io.in <> stream
      u match {
        case MvtuUnit(mp) =>
          val m = Module(new Mvtu(mp))
          m.io.in <> fifo.io.out
          stream = m.io.out
        case ConvUnit(sp, mp) =>
          val w = Module(new Swu(sp))
          w.io.in <> fifo.io.out
          val m = Module(new Mvtu(mp))
          m.io.in <> w.io.out
          stream = m.io.out
        case PoolUnit(sp) =>
          val m = Module(new MaxPool(sp))
          m.io.in <> fifo.io.out
          stream = m.io.out
        case SerialUnit(sp) =>
          val m = Module(new Serializer(sp))
          m.io.in <> fifo.io.out
          stream = m.io.out
      }
    }
    val fifo = Module(new Fifo(p.output.in.beatBits, p.fifoDepth(p.units.length)))
    fifo.io.in <> stream
    val out = Module(new OutputUnit(p.output))
    out.io.in <> fifo.io.out
    m_axis_tdata := out.io.tdata
    m_axis_tkeep := out.io.tkeep
    m_axis_tlast := out.io.tlast
    m_axis_tvalid := out.io.tvalid
    out.io.tready := m_axis_tready
  }
}
