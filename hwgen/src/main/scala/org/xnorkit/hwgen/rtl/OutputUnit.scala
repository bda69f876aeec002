package org.xnorkit.hwgen.rtl

import chisel3._
import chisel3.util._

/**
 * Output unit: raw class accumulators → one output record per image on the AXI4-Stream master.
 *
 * Record (little-endian bytes, docs/timing.md "Output record"): bytes 0..3 the predicted class
 * (uint32); then, with thresholds, ⌈classes/32⌉ uint32 words of class bits (bit c%32 of word c/32);
 * then per class its score, {@code scoreBytes} (4 or 8) bytes two's complement. The record is cut
 * into beats of {@code busBytes}, the last one zero-padded, TKEEP marking the record's bytes,
 * TLAST on the last beat.
 *
 * Cycle behaviour: GATHER accepts the nf beats of accumulators (ready = state is GATHER);
 * READOUT takes one class per cycle (score = scale·acc + offset, class bit, running argmax and
 * highest set bit); EMIT offers the beats, one per cycle while ready. Cycles per image:
 * nf + classes + beats.
 */
case class OutputParams(
    in: StreamShape,
    classes: Int,
    scale: Array[Long],
    offset: Array[Long],
    scoreBits: Int,
    scoreBytes: Int,
    hasThresholds: Boolean,
    thresholds: Array[Long],
    directions: Array[Boolean],
    highestSetBit: Boolean,
    busBytes: Int) {
  require(in.rowElems == classes && in.rows == 1, "the output unit reads one vector of class accumulators")
  require(scoreBytes == 4 || scoreBytes == 8, s"scoreBytes $scoreBytes")
  require(scoreBits <= scoreBytes * 8, s"scores of $scoreBits bits do not fit $scoreBytes bytes")
  val classWords: Int = if (hasThresholds) (classes + 31) / 32 else 0
  val recordBytes: Int = 4 + 4 * classWords + scoreBytes * classes
  val beats: Int = (recordBytes + busBytes - 1) / busBytes
  val identity: Boolean = scale.forall(_ == 1) && offset.forall(_ == 0)
}

class OutputUnit(p: OutputParams) extends Module {
  override def desiredName: String = "OutputUnit"
  val io = IO(new Bundle {
    val in = Flipped(Decoupled(UInt(p.in.beatBits.W)))
    val tdata = Output(UInt((p.busBytes * 8).W))
    val tkeep = Output(UInt(p.busBytes.W))
    val tlast = Output(Bool())
    val tvalid = Output(Bool())
    val tready = Input(Bool())
  })
  val ab = p.in.elemBits
  val sGather :: sReadout :: sEmit :: Nil = Enum(3)
  val state = RegInit(sGather)
  val raw = Reg(Vec(p.classes, SInt(ab.W)))
  val beatIn = RegInit(0.U(log2Ceil(p.in.beatsPerVector max 2).W))
  io.in.ready := state === sGather
  val inLanes = io.in.bits.asTypeOf(Vec(p.in.beatElems, SInt(ab.W)))
  for (c <- 0 until p.classes) when(io.in.fire && beatIn === (c / p.in.beatElems).U) { raw(c) := inLanes(c % p.in.beatElems) }
  val idx = RegInit(0.U(log2Ceil(p.classes max 2).W))
  when(io.in.fire) {
    val lastIn = beatIn === (p.in.beatsPerVector - 1).U
    beatIn := Mux(lastIn, 0.U, beatIn + 1.U)
    when(lastIn) { state := sReadout; idx := 0.U }
  }

  // READOUT: class idx per cycle
  val sb = p.scoreBits
  val scores = Reg(Vec(p.classes, SInt(sb.W)))
  val bits = Reg(Vec(p.classes, Bool()))
  val best = Reg(SInt(sb.W))
  val bestIdx = Reg(UInt(32.W))
  val hsb = Reg(UInt(32.W))
  val a = raw(idx)
  val s: SInt = if (p.identity) a.pad(sb) else {
    val scaleRom = VecInit(p.scale.toSeq.map(v => v.S(33.W)))
    val offsetRom = VecInit(p.offset.toSeq.map(v => v.S(33.W)))
    (a * scaleRom(idx) +& offsetRom(idx)).asTypeOf(SInt(sb.W)) // fits: scoreBits covers the scaled range
  }
  val bit: Bool = if (!p.hasThresholds) false.B else {
    val tb = sb + 1
    val tRom = VecInit(p.thresholds.toSeq.map(v => v.S(tb.W)))
    val dRom = VecInit(p.directions.toSeq.map(_.B))
    Mux(dRom(idx), s.pad(tb) >= tRom(idx), s.pad(tb) <= tRom(idx))
  }
  val lastClass = idx === (p.classes - 1).U
  when(state === sReadout) {
    scores(idx) := s
    bits(idx) := bit
    when(idx === 0.U || s > best) { best := s; bestIdx := idx }
    when(idx === 0.U) { hsb := 0.U }
    when(bit) { hsb := idx }
    idx := idx + 1.U
    when(lastClass) { state := sEmit }
  }

  // EMIT
  val predicted = if (p.highestSetBit) hsb else bestIdx
  val fields = Seq(predicted) ++
    (0 until p.classWords).map(w => Cat((w * 32 until (w + 1) * 32).reverse.map(c => if (c < p.classes) bits(c) else false.B))) ++
    scores.map(_.pad(p.scoreBytes * 8).asUInt)
  val record = Cat(fields.reverse).pad(p.beats * p.busBytes * 8)
  val beatOut = RegInit(0.U(log2Ceil(p.beats max 2).W))
  val beatData = VecInit((0 until p.beats).map(b => record((b + 1) * p.busBytes * 8 - 1, b * p.busBytes * 8)))
  val beatKeep = VecInit((0 until p.beats).map { b =>
    val n = math.min(p.busBytes, p.recordBytes - b * p.busBytes)
    ((BigInt(1) << n) - 1).U(p.busBytes.W)
  })
  val lastOut = beatOut === (p.beats - 1).U
  io.tvalid := state === sEmit
  io.tdata := beatData(beatOut)
  io.tkeep := beatKeep(beatOut)
  io.tlast := lastOut
  when(io.tvalid && io.tready) {
    beatOut := Mux(lastOut, 0.U, beatOut + 1.U)
    when(lastOut) { state := sGather }
  }
}
