package org.xnorkit.hwgen.rtl

import chisel3._
import chisel3.util._

/**
 * How a tensor travels on a stream between two units. A tensor is a sequence of vectors; a vector
 * is {@code rows} rows of {@code rowElems} elements (row r, element e is element r·rowElems + e of
 * the vector, HWC order); each row travels as ⌈rowElems/beatElems⌉ beats of {@code beatElems}
 * elements of {@code elemBits} bits (element i of a beat in bits [i·elemBits, (i+1)·elemBits)).
 * The last beat of a row is padded: its lanes past the row's end carry don't-care values.
 * A levels element holds its K thermometer planes (plane k in bit k); an int8 element its code.
 */
case class StreamShape(elemBits: Int, beatElems: Int, rowElems: Int, rows: Int) {
  require(elemBits >= 1 && beatElems >= 1 && rowElems >= 1 && rows >= 1, s"bad stream shape $this")
  val beatsPerRow: Int = (rowElems + beatElems - 1) / beatElems
  val beatsPerVector: Int = rows * beatsPerRow
  val beatBits: Int = elemBits * beatElems
  val vectorElems: Int = rows * rowElems
}

/** Dynamic index into a Vec that may have one element (Chisel warns about a too-wide index then). */
object Pick {
  def apply[T <: Data](v: Vec[T], i: UInt): T = if (v.size == 1) v(0) else v(i)
}

/** Pipelined adder trees: a register after every {@code levelsPerStage} adder levels and at the output. */
object AdderTree {
  def levels(n: Int): Int = if (n <= 1) 0 else log2Ceil(n)

  /** Cycles from leaves to sum. */
  def latency(n: Int, levelsPerStage: Int): Int = math.max(1, (levels(n) + levelsPerStage - 1) / levelsPerStage)

  def sumU(xs: Seq[UInt], levelsPerStage: Int): UInt = build[UInt](xs, (a, b) => a +& b, levelsPerStage)
  def sumS(xs: Seq[SInt], levelsPerStage: Int): SInt = build[SInt](xs, (a, b) => a +& b, levelsPerStage)

  private def build[T <: Data](xs: Seq[T], add: (T, T) => T, lps: Int): T = {
    var cur = xs
    var level = 0
    var registered = false
    while (cur.size > 1) {
      cur = cur.grouped(2).map(g => if (g.size == 2) add(g(0), g(1)) else g(0)).toSeq
      level += 1
      registered = level % lps == 0
      if (registered) cur = cur.map(x => RegNext(x))
    }
    if (!registered) RegNext(cur.head) else cur.head
  }
}

/**
 * A 2-entry skid buffer: {@code in.ready} and {@code out.valid} are registers (no combinational
 * path between the two sides) and it still moves one beat per cycle. The beat on {@code out}
 * comes straight from a register (main); a beat that arrives while main is held goes into the
 * skid register, and in.ready drops. Cycle for cycle it is {@code Queue(2)} (enq.ready =
 * occupancy < 2, deq.valid = occupancy > 0, a beat taken at edge c is offered from cycle c+1),
 * with the output taken from a register instead of a 2-word memory.
 */
class SkidBuffer(width: Int) extends Module {
  override def desiredName: String = s"SkidBuffer$width"
  val io = IO(new Bundle { val in = Flipped(Decoupled(UInt(width.W))); val out = Decoupled(UInt(width.W)) })
  val mainValid = RegInit(false.B)
  val skidValid = RegInit(false.B)
  val mainBits = Reg(UInt(width.W))
  val skidBits = Reg(UInt(width.W))
  io.in.ready := !skidValid
  io.out.valid := mainValid
  io.out.bits := mainBits
  when(!mainValid || io.out.ready) {
    // main is free at this edge: refill it from skid, else from in
    when(skidValid) {
      mainBits := skidBits
      skidValid := false.B
    }.otherwise {
      mainBits := io.in.bits
      mainValid := io.in.valid
    }
  }.elsewhen(io.in.fire) {
    skidBits := io.in.bits
    skidValid := true.B
  }
}
