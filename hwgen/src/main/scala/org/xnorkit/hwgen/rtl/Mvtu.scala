package org.xnorkit.hwgen.rtl

import chisel3._
import chisel3.util._
import chisel3.util.experimental.loadMemoryFromFileInline

/**
 * Parameters of a matrix-vector-threshold unit: an {@code outputs × fanIn} binary weight matrix
 * folded onto {@code pe} output lanes × {@code simd} input lanes.
 *
 * The input vector (fanIn elements) is seen as {@code chunkRows} rows of {@code chunkRowElems}
 * elements (dense: 1 × fanIn; conv: k² kernel positions × Cin). Each row is cut into
 * {@code cf = ⌈chunkRowElems/simd⌉} chunks of simd lanes, the last one padded, so a vector is
 * {@code sf = chunkRows·cf} chunks (synapse folds) and the outputs are {@code nf = ⌈outputs/pe⌉}
 * groups of pe (neuron folds). One chunk × pe neurons is one cycle: nf·sf cycles per vector.
 *
 * @param name        layer name; names the module ({@code Mvtu_<name>}) and its weight memories
 * @param in          shape of the input stream (its vector is the fan-in)
 * @param int8        true: elements are signed 8-bit codes and lanes add/subtract them;
 *                    false: elements are levels with {@code inK} thermometer planes (XNOR-popcount)
 * @param thresholdK  K of the output levels (thresholds per neuron); 0: no quantizer, the unit
 *                    outputs raw accumulators ({@code accBits} two's complement per lane)
 * @param thresholds  per neuron n (padded to nf·pe), per plane k: {@code thresholds(n·thresholdK + k)};
 *                    plane k = dir ? acc ≥ t : acc ≤ t
 * @param directions  per neuron (padded): true for direction +1
 * @param weightFiles per PE, the $readmemh file of its nf·sf words of simd bits (word nf·sf + s,
 *                    bit l = weight of neuron nf·pe + p at lane l of chunk s; pad lanes 0)
 * @param accBits     signed width that holds every accumulator value (and every threshold)
 * @param levelsPerStage adder levels between pipeline registers of the adder trees
 * @param peGroup     PEs per group: the input chunk is registered from group to group (systolic),
 *                    so no chunk register drives more than peGroup PEs; default
 *                    {@link MvtuParams.DefaultPeGroup}. A unit of at most peGroup PEs is one group.
 */
case class MvtuParams(
    name: String,
    in: StreamShape,
    int8: Boolean,
    inK: Int,
    chunkRows: Int,
    chunkRowElems: Int,
    simd: Int,
    pe: Int,
    outputs: Int,
    accBits: Int,
    thresholdK: Int,
    thresholds: Array[Long],
    directions: Array[Boolean],
    weightFiles: Array[String],
    levelsPerStage: Int = 3,
    peGroup: Int = MvtuParams.DefaultPeGroup) {
  require(simd >= 1 && pe >= 1, s"$name: simd ($simd) and pe ($pe) must be at least 1")
  require(peGroup >= 1, s"$name: PE group size ($peGroup) must be at least 1")
  require(chunkRows * chunkRowElems == in.vectorElems,
    s"$name: chunk geometry $chunkRows x $chunkRowElems does not cover the input vector of ${in.vectorElems} elements")
  val elemBits: Int = if (int8) 8 else inK
  require(in.elemBits == elemBits, s"$name: input elements have ${in.elemBits} bits, expected $elemBits")
  val cf: Int = (chunkRowElems + simd - 1) / simd // chunks per row: the last one padded
  val sf: Int = chunkRows * cf                     // synapse folds: chunks per vector
  val nf: Int = (outputs + pe - 1) / pe            // neuron folds: groups of pe outputs per vector
  val fanIn: Int = in.vectorElems
  require(weightFiles.length == pe, s"$name: ${weightFiles.length} weight files for $pe PEs")
  require(thresholdK == 0 || thresholds.length == nf * pe * thresholdK, s"$name: ${thresholds.length} thresholds, expected ${nf * pe * thresholdK}")
  require(thresholdK == 0 || directions.length == nf * pe, s"$name: ${directions.length} directions, expected ${nf * pe}")
  val outElemBits: Int = if (thresholdK > 0) thresholdK else accBits
  /** Lanes of one cycle's popcount (levels) or sum (int8). */
  val treeLeaves: Int = if (int8) simd else simd * inK
  val treeLatency: Int = AdderTree.latency(treeLeaves, levelsPerStage)
  /** PE groups: the chunk is registered from group to group (peGroup PEs each, the last one possibly fewer). */
  val groups: Int = (pe + peGroup - 1) / peGroup
  def groupOf(pe: Int): Int = pe / peGroup
  def groupPes(g: Int): Seq[Int] = (g * peGroup) until math.min(pe, (g + 1) * peGroup)
  /**
   * Cycles from issuing chunk (n, sf−1) to the beat of neuron fold n on {@code out}: weight read,
   * tree, result register, queue, and groups − 1 for the chunk to reach the last PE group.
   */
  val latency: Int = 1 + treeLatency + 1 + 1 + (groups - 1)
  /** Output queue entries: room for every pass that can be in flight, so the pipeline never stalls. */
  val queueDepth: Int = (latency + sf) / sf + 2
  val out: StreamShape = StreamShape(outElemBits, pe, outputs, 1)
  /** Words of each PE's weight memory: nf·sf, at least 2 (firtool cannot lower a 1-word memory). */
  val memDepth: Int = math.max(2, nf * sf)
}

object MvtuParams {
  /**
   * Default PEs per group, 16 (the planner's {@code CostModel.PE_GROUP}, whose latency and
   * flip-flop estimates use it): a register driving 16 PEs' lanes (and the next group's register)
   * is an easy fan-out for FPGA routing, and every unit of up to 16 PEs keeps the single-group
   * pipeline (no added latency).
   */
  val DefaultPeGroup: Int = org.xnorkit.hwgen.plan.CostModel.PE_GROUP
}

/**
 * Matrix-vector-threshold unit. Cycle behaviour (docs/timing.md, "MVTU"):
 *  - writer: accepts one input beat per cycle into the write bank of a 2-bank input buffer
 *    (flip-flops); ready = the write bank is not full (a register). The last beat of a vector marks
 *    the bank full and moves to the other bank.
 *  - reader: when its bank is full it runs the loop {@code for nf { for sf { one chunk } }}, one
 *    chunk per cycle, issuing a pass (the sf loop of one nf) only when the output queue has a free
 *    credit (so the pipeline never stalls); after the last chunk it frees the bank and switches.
 *  - pipeline: weight SyncReadMem read and input chunk register (1) → XNOR/popcount or ±code adder
 *    tree (treeLatency) → accumulate; last chunk → result register (1) → thresholds → queue (1).
 *  - systolic PE groups: the chunk (and the weight address, and the control after the tree) moves
 *    from group to group one register per group, so group g runs g cycles behind group 0; a
 *    triangle of delay registers realigns the groups' thresholded lanes before the queue.
 */
class Mvtu(p: MvtuParams) extends Module {
  override def desiredName: String = s"Mvtu_${p.name}"
  val io = IO(new Bundle {
    val in = Flipped(Decoupled(UInt(p.in.beatBits.W)))
    val out = Decoupled(UInt((p.pe * p.outElemBits).W))
  })
  val E = p.fanIn
  val eb = p.elemBits

  // ---- writer: 2-bank input buffer, one register per beat slot (slot = row·beatsPerRow + beat) ----
  val slots = p.in.beatsPerVector
  val buf = Reg(Vec(2, Vec(slots, UInt(p.in.beatBits.W))))
  val full = RegInit(VecInit(Seq.fill(2)(false.B)))
  val wBank = RegInit(0.U(1.W))
  val wSlot = RegInit(0.U(log2Ceil(slots max 2).W))
  io.in.ready := !full(wBank)
  val lastSlot = wSlot === (slots - 1).U
  val vectorIn = io.in.fire && lastSlot
  when(io.in.fire) {
    for (b <- 0 until 2) when(wBank === b.U) { buf(b)(if (slots == 1) 0.U else wSlot) := io.in.bits }
    wSlot := Mux(lastSlot, 0.U, wSlot + 1.U)
    when(lastSlot) { wBank := ~wBank }
  }
  /** Element e of the vector in a bank: slot and bit offset (lanes past a row's end are never read). */
  def element(bank: Vec[UInt], e: Int): UInt = {
    val r = e / p.in.rowElems
    val rem = e % p.in.rowElems
    val slot = r * p.in.beatsPerRow + rem / p.in.beatElems
    val i = rem % p.in.beatElems
    bank(slot)((i + 1) * eb - 1, i * eb)
  }

  // ---- reader: the nf × sf loop ----
  val rBank = RegInit(0.U(1.W))
  val nf = RegInit(0.U(log2Ceil(p.nf max 2).W))
  val sf = RegInit(0.U(log2Ceil(p.sf max 2).W))
  val addr = RegInit(0.U(log2Ceil(p.nf * p.sf max 2).W)) // = nf·sf_count + sf
  val credits = RegInit(p.queueDepth.U(log2Ceil(p.queueDepth + 1).W))
  val firstChunk = sf === 0.U
  val lastChunk = sf === (p.sf - 1).U
  val lastPass = nf === (p.nf - 1).U
  val issue = full(rBank) && (!firstChunk || credits =/= 0.U)
  val vectorDone = issue && lastChunk && lastPass
  when(issue) {
    sf := Mux(lastChunk, 0.U, sf + 1.U)
    when(lastChunk) { nf := Mux(lastPass, 0.U, nf + 1.U) }
    addr := Mux(vectorDone, 0.U, addr + 1.U)
    when(vectorDone) { rBank := ~rBank }
  }
  for (b <- 0 until 2) {
    when(vectorIn && wBank === b.U) { full(b) := true.B }
    when(vectorDone && rBank === b.U) { full(b) := false.B }
  }

  // chunk s of the vector: lane l is element pos·chunkRowElems + c·simd + l (pos = s / cf, c = s % cf), 0 past the row.
  val cur = Mux(rBank === 1.U, buf(1), buf(0))
  def chunkElem(s: Int, l: Int): Option[Int] = {
    val pos = s / p.cf
    val col = (s % p.cf) * p.simd + l
    if (col < p.chunkRowElems) Some(pos * p.chunkRowElems + col) else None
  }
  val chunks = VecInit((0 until p.sf).map(s => Cat((0 until p.simd).reverse.map(l => chunkElem(s, l).map(element(cur, _)).getOrElse(0.U(eb.W))))))
  val masks = VecInit((0 until p.sf).map(s => Cat((0 until p.simd).reverse.map(l => chunkElem(s, l).isDefined.B))))

  // stage 1: the chunk, its mask and the control of the issue, registered; then passed from PE
  // group to PE group, one register per group, so each chunk bit drives at most peGroup PEs and
  // the next group's register (the fan-out stays bounded as pe grows). Group g sees chunk t at
  // cycle t + 1 + g; its weight address travels the same chain, so its memories' read data
  // arrives in step with the chunk.
  def systolic[T <: Data](name: String, first: T, init: Option[T] = None): Seq[T] = {
    val chain = Seq.iterate(first, p.groups)(x => init.fold(RegNext(x))(i => RegNext(x, i)))
    for (g <- 1 until p.groups) chain(g).suggestName(s"${name}_g$g")
    chain
  }
  val x1 = RegNext(Pick(chunks, sf))
  val m1 = RegNext(Pick(masks, sf))
  val xG = systolic("x", x1)
  val mG = systolic("m", m1)
  val addrG = systolic("addr", addr)
  val v1 = RegNext(issue, false.B)
  val first1 = RegNext(firstChunk)
  val last1 = RegNext(lastChunk)
  val nf1 = RegNext(nf)

  // stage 2..: per PE the sum of this chunk (weights in a SyncReadMem per PE: block RAM)
  val partial: Seq[SInt] = (0 until p.pe).map { pe =>
    val g = p.groupOf(pe)
    val m = SyncReadMem(p.memDepth, UInt(p.simd.W))
    m.suggestName(s"${p.name}_w_pe$pe")
    loadMemoryFromFileInline(m, p.weightFiles(pe))
    val w = m.read(addrG(g))
    val xLanes = xG(g).asTypeOf(Vec(p.simd, UInt(eb.W)))
    if (p.int8) {
      val terms = (0 until p.simd).map { l =>
        val q = xLanes(l).asSInt
        Mux(w(l), q.pad(9), 0.S(1.W) -& q) // pad lanes hold code 0
      }
      AdderTree.sumS(terms, p.levelsPerStage)
    } else {
      val bits = for (l <- 0 until p.simd; k <- 0 until p.inK) yield (!(xLanes(l)(k) ^ w(l)) && mG(g)(l)).asUInt
      AdderTree.sumU(bits, p.levelsPerStage).zext
    }
  }
  // the control of group 0 leaves the tree with its sums; group g gets it g cycles later, as its sums
  val vA = systolic("vA", ShiftRegister(v1, p.treeLatency, false.B, true.B), Some(false.B))
  val firstA = systolic("firstA", ShiftRegister(first1, p.treeLatency))
  val lastA = systolic("lastA", ShiftRegister(last1, p.treeLatency))
  val nfA = systolic("nfA", ShiftRegister(nf1, p.treeLatency))

  // per group: accumulate across the sf chunks of a pass, then the result register and the
  // thresholds (plane k of neuron nf·pe + i); group g's lanes are ready g cycles after group 0's
  val lanes: Seq[Seq[UInt]] = (0 until p.groups).map { g =>
    val pes = p.groupPes(g)
    val acc = Reg(Vec(pes.size, SInt(p.accBits.W)))
    val sum = pes.indices.map(j => Mux(firstA(g), partial(pes(j)), acc(j) +& partial(pes(j))))
    when(vA(g)) { for (j <- pes.indices) acc(j) := sum(j).asTypeOf(SInt(p.accBits.W)) } // fits: accBits covers the range
    val done = vA(g) && lastA(g)
    val resAcc = RegEnable(VecInit(sum.map(_.asTypeOf(SInt(p.accBits.W)))), done)
    val resNf = RegEnable(nfA(g), done)
    if (p.thresholdK == 0) resAcc.map(_.asUInt) else {
      val tb = p.accBits + 1
      pes.indices.map { j =>
        val i = pes(j)
        val tRom = VecInit((0 until p.nf).map(n => VecInit((0 until p.thresholdK).map(k => p.thresholds((n * p.pe + i) * p.thresholdK + k).S(tb.W)))))
        val dRom = VecInit((0 until p.nf).map(n => p.directions(n * p.pe + i).B))
        val t = Pick(tRom, resNf)
        val d = Pick(dRom, resNf)
        val a = resAcc(j).pad(tb)
        Cat((0 until p.thresholdK).reverse.map(k => Mux(d, a >= t(k), a <= t(k))))
      }
    }
  }
  // de-skew: group g's lanes wait groups − 1 − g cycles (a triangle of shift registers, a new pass
  // may enter every cycle), so the beat of a neuron fold carries every PE's result at once
  val resValid = RegNext(vA.last && lastA.last, false.B)
  val outLanes: Seq[UInt] = (0 until p.groups).flatMap(g => lanes(g).map(l => ShiftRegister(l, p.groups - 1 - g)))
  val q = Module(new Queue(UInt((p.pe * p.outElemBits).W), p.queueDepth))
  q.io.enq.valid := resValid
  q.io.enq.bits := Cat(outLanes.reverse)
  io.out <> q.io.deq
  val passStart = issue && firstChunk
  credits := credits - passStart.asUInt + io.out.fire.asUInt
}
