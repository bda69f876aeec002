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
 * Cycle behaviour (docs/timing.md "Output unit"): three stages, each with its own registers, so
 * image n+1's accumulators are gathered while image n is read out and image n−1 emitted.
 *  - GATHER: in.ready = !gFull (a register) takes the nf beats of accumulators; the fire of the
 *    last one hands the vector to READOUT at that edge if READOUT is free then, else the vector
 *    waits (gFull) and is handed over at the first edge READOUT is free.
 *  - READOUT: one class per cycle (score = scale·acc + offset, class bit, running argmax and
 *    highest set bit); the cycle of the last class hands the record to EMIT if EMIT is free at
 *    that edge (idle, or its last beat fires), else it waits at the last class.
 *  - EMIT: tvalid; one record beat per cycle while tready.
 * A stage is "free at an edge" when it is idle or hands its own work on at that edge. Cycles per
 * image: max(nf, classes, beats); latency from the last accumulator beat: classes + 1 to the
 * first record beat.
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
  require(scale.length == classes && offset.length == classes, s"scale and offset need $classes entries")
  require(!hasThresholds || (thresholds.length == classes && directions.length == classes), s"thresholds and directions need $classes entries")
  val classWords: Int = if (hasThresholds) (classes + 31) / 32 else 0
  val recordBytes: Int = 4 + 4 * classWords + scoreBytes * classes
  val beats: Int = (recordBytes + busBytes - 1) / busBytes
  val identity: Boolean = scale.forall(_ == 1) && offset.forall(_ == 0)
  /** Steady-state cycles per image of the unit on its own: its slowest stage. */
  val cyclesPerImage: Int = math.max(in.beatsPerVector, math.max(classes, beats))
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
  val sb = p.scoreBits
  val bpv = p.in.beatsPerVector
  val last = p.classes - 1

  // ---- EMIT: the record of one image, one beat per cycle while tready ----
  val eBusy = RegInit(false.B)
  val beatOut = RegInit(0.U(log2Ceil(p.beats max 2).W))
  val lastOut = beatOut === (p.beats - 1).U
  val eLastFire = eBusy && io.tready && lastOut
  val eFree = !eBusy || eLastFire

  // ---- READOUT: class idx per cycle ----
  val rBusy = RegInit(false.B)
  val idx = RegInit(0.U(log2Ceil(p.classes max 2).W))
  val rawR = Reg(Vec(p.classes, SInt(ab.W)))
  val rAtLast = rBusy && idx === last.U
  val rToE = rAtLast && eFree
  val rFree = !rBusy || rToE

  // ---- GATHER: the nf beats of one vector ----
  val gFull = RegInit(false.B)
  val raw = Reg(Vec(p.classes, SInt(ab.W)))
  val beatIn = RegInit(0.U(log2Ceil(bpv max 2).W))
  io.in.ready := !gFull
  val inLanes = io.in.bits.asTypeOf(Vec(p.in.beatElems, SInt(ab.W)))
  val lastIn = beatIn === (bpv - 1).U
  val gComplete = io.in.fire && lastIn
  val gToR = (gFull || gComplete) && rFree
  // The vector as it stands after this edge's beat: the last beat's lanes come straight from the input.
  val gathered = VecInit((0 until p.classes).map(c => if (c / p.in.beatElems == bpv - 1) inLanes(c % p.in.beatElems) else raw(c)))
  for (c <- 0 until p.classes) when(io.in.fire && beatIn === (c / p.in.beatElems).U) { raw(c) := inLanes(c % p.in.beatElems) }
  when(io.in.fire) { beatIn := Mux(lastIn, 0.U, beatIn + 1.U) }
  gFull := (gFull || gComplete) && !rFree

  // READOUT datapath: score, class bit of class idx
  val a = Pick(rawR, idx)
  val s: SInt = if (p.identity) a.pad(sb) else {
    val scaleRom = VecInit(p.scale.toSeq.map(v => v.S(33.W)))
    val offsetRom = VecInit(p.offset.toSeq.map(v => v.S(33.W)))
    (a * Pick(scaleRom, idx) +& Pick(offsetRom, idx)).asTypeOf(SInt(sb.W)) // fits: scoreBits covers the scaled range
  }
  val bit: Bool = if (!p.hasThresholds) false.B else {
    val tb = sb + 1
    val tRom = VecInit(p.thresholds.toSeq.map(v => v.S(tb.W)))
    val dRom = VecInit(p.directions.toSeq.map(_.B))
    Mux(Pick(dRom, idx), s.pad(tb) >= Pick(tRom, idx), s.pad(tb) <= Pick(tRom, idx))
  }
  // Running results over classes 0 .. idx−1 (registers) and including class idx (wires).
  val scores = Reg(Vec(math.max(1, last), SInt(sb.W))) // classes 0 .. classes−2; the last one goes straight to EMIT
  val bits = Reg(Vec(math.max(1, last), Bool()))
  val best = Reg(SInt(sb.W))
  val bestIdx = Reg(UInt(log2Ceil(p.classes max 2).W))
  val hsb = Reg(UInt(log2Ceil(p.classes max 2).W))
  val first = idx === 0.U
  val takeBest = first || s > best
  val bestIdxNext = Mux(takeBest, idx, bestIdx)
  val hsbNext = Mux(bit, idx, Mux(first, 0.U, hsb))
  when(rBusy && !rAtLast) {
    for (c <- 0 until last) when(idx === c.U) { scores(c) := s; bits(c) := bit }
    when(takeBest) { best := s }
    bestIdx := bestIdxNext
    hsb := hsbNext
    idx := idx + 1.U
  }
  when(gToR) {
    rBusy := true.B
    idx := 0.U
    rawR := Mux(gFull, raw, gathered)
  }.elsewhen(rToE) {
    rBusy := false.B
  }

  // EMIT registers: loaded from READOUT's last class
  val eScores = Reg(Vec(p.classes, SInt(sb.W)))
  val eBits = Reg(Vec(p.classes, Bool()))
  val ePredicted = Reg(UInt(log2Ceil(p.classes max 2).W))
  when(rToE) {
    for (c <- 0 until last) { eScores(c) := scores(c); eBits(c) := bits(c) }
    eScores(last) := s
    eBits(last) := bit
    ePredicted := (if (p.highestSetBit) hsbNext else bestIdxNext)
    eBusy := true.B
  }.elsewhen(eLastFire) {
    eBusy := false.B
  }
  val fields = Seq(ePredicted.pad(32)) ++
    (0 until p.classWords).map(w => Cat((w * 32 until (w + 1) * 32).reverse.map(c => if (c < p.classes) eBits(c) else false.B))) ++
    eScores.map(_.pad(p.scoreBytes * 8).asUInt)
  val record = Cat(fields.reverse).pad(p.beats * p.busBytes * 8)
  val beatData = VecInit((0 until p.beats).map(b => record((b + 1) * p.busBytes * 8 - 1, b * p.busBytes * 8)))
  val beatKeep = VecInit((0 until p.beats).map { b =>
    val n = math.min(p.busBytes, p.recordBytes - b * p.busBytes)
    ((BigInt(1) << n) - 1).U(p.busBytes.W)
  })
  io.tvalid := eBusy
  io.tdata := Pick(beatData, beatOut)
  io.tkeep := Pick(beatKeep, beatOut)
  io.tlast := lastOut
  when(eBusy && io.tready) { beatOut := Mux(lastOut, 0.U, beatOut + 1.U) }
}
