package org.xnorkit.hwgen.rtl

import chisel3._
import chisel3.util._

/**
 * Parameters of a sliding-window unit: an H×W×C tensor arriving as a pixel stream (each pixel
 * ⌈C/inBeatElems⌉ beats of {@code inBeatElems} elements, channel fastest) → one window per output
 * position (oy, ox) in row-major order, each window k² beats of one pixel (C elements), in
 * (ky, kx) order: exactly the conv fan-in order (ky, kx, c). Positions outside the input read the
 * pad element {@code padElem} (its elemBits bits, the same for every channel). {@code rows}: the
 * line buffer's rows ({@link SwuParams#lineRows} unless a test asks for another).
 */
case class SwuParams(name: String, height: Int, width: Int, channels: Int, elemBits: Int, inBeatElems: Int,
                     kernel: Int, stride: Int, padding: Int, padElem: Int, rows: Int) {
  def this(name: String, height: Int, width: Int, channels: Int, elemBits: Int, inBeatElems: Int,
           kernel: Int, stride: Int, padding: Int, padElem: Int) =
    this(name, height, width, channels, elemBits, inBeatElems, kernel, stride, padding, padElem,
      SwuParams.lineRows(height, kernel, stride, padding))
  require(kernel >= 1 && stride >= 1 && padding >= 0 && padding < kernel, s"$name: bad window $kernel/$stride/$padding")
  val outH: Int = (height + 2 * padding - kernel) / stride + 1
  val outW: Int = (width + 2 * padding - kernel) / stride + 1
  require(outH >= 1 && outW >= 1, s"$name: kernel $kernel does not fit ${height}x$width with padding $padding")
  require(rows >= kernel, s"$name: a line buffer of $rows rows cannot hold a window of $kernel rows")
  val pixels: Int = height * width
  val beatsPerPixel: Int = (channels + inBeatElems - 1) / inBeatElems
  val in: StreamShape = StreamShape(elemBits, inBeatElems, channels, 1)
  val out: StreamShape = StreamShape(elemBits, channels, channels, kernel * kernel)
  val pixelBits: Int = channels * elemBits
  /** Output queue entries: a credit comes back 3 cycles after its issue, so 3 keep one beat per cycle. */
  val queueDepth: Int = 3
  /** Cycles per image: the slower of writing the image and reading its windows. */
  val cyclesPerImage: Long = math.max(pixels.toLong * beatsPerPixel, outH.toLong * outW * kernel * kernel)
  /** Pixel words of the line buffer. */
  val bufferWords: Int = rows * width
  /** Input rows output row oy needs written: min(H, oy·s − pad + k). */
  def need(oy: Int): Int = math.min(height, oy * stride - padding + kernel)
  /** The lowest input row output row oy reads: max(0, oy·s − pad). */
  def low(oy: Int): Int = math.max(0, oy * stride - padding)
}

object SwuParams {
  /**
   * Rows R of the line buffer (docs/timing.md, "Sliding-window unit"): the most of
   *  - k: one window's rows;
   *  - min(H, k + s): inside an image, the k rows an output row reads and the s rows of the next
   *    one, written meanwhile;
   *  - (H − max(0, (OH−1)·s − pad)) + min(H, k − pad): at an image's end, the rows its last output
   *    row reads and the rows the next image's first output row needs, written meanwhile;
   * plus pad: with padding the writer may have to run up to pad rows further ahead while the reader
   * walks an image's bottom padding (output rows that need no new input row), or it falls behind
   * in the next image's first rows. At most 2·H (two whole images, what a double buffer holds),
   * at least k. The smallest rule that keeps the unit at its cycles per image in every case of the
   * sweep (alone, and inside random designs).
   */
  def lineRows(height: Int, kernel: Int, stride: Int, padding: Int): Int = {
    val outH = (height + 2 * padding - kernel) / stride + 1
    val inside = math.min(height, kernel + stride)
    val boundary = (height - math.max(0, (outH - 1) * stride - padding)) + math.min(height, kernel - padding)
    math.max(kernel, math.min(2 * height, math.max(inside, boundary) + padding))
  }
}

/**
 * Sliding-window unit (docs/timing.md, "Sliding-window unit"): a line buffer of R rows × W pixel
 * words (one SyncReadMem), written row after row, a row slot reused once no output row left needs
 * its row. Two row counters couple the sides, across image boundaries: {@code written}, the rows
 * complete counted from row 0 of the image the reader is on (negative while the writer finishes
 * rows of the previous image no window reads), and the reader's first row y0 = oy·s − pad.
 *  - writer: in.ready = written − max(0, y0) < R (the slot of the row being written is free).
 *    Beats of a pixel are gathered; the fire of its last beat writes the pixel word at the next
 *    address (mod R·W); the last pixel of a row increments {@code written}.
 *  - reader: loop {@code for oy, ox, ky, kx}: one pixel read per cycle when the output row's rows
 *    are written (written ≥ min(H, y0 + k)) and a credit of the output queue is free (pad element
 *    outside the image); the last read of the image subtracts H from {@code written}. Read data
 *    (registered) enters the output queue the next cycle.
 */
class Swu(p: SwuParams) extends Module {
  override def desiredName: String = s"Swu_${p.name}"
  val io = IO(new Bundle {
    val in = Flipped(Decoupled(UInt(p.in.beatBits.W)))
    val out = Decoupled(UInt(p.out.beatBits.W))
  })
  val R = p.rows
  val mem = SyncReadMem(p.bufferWords, UInt(p.pixelBits.W))
  val aw = log2Ceil(p.bufferWords max 2)
  // signed counters: rows (−H … H + R), window origins (−pad … (OH−1)·s − pad)
  val cw = log2Ceil((p.height max p.width) + R + 2 * p.kernel + p.stride * ((p.outH max p.outW) + 1)) + 2
  val written = RegInit(0.S(cw.W))
  val y0 = RegInit((-p.padding).S(cw.W)) // oy·stride − padding
  val low = Mux(y0 < 0.S, 0.S, y0)

  // ---- writer ----
  val wAddr = RegInit(0.U(aw.W))
  val wX = RegInit(0.U(log2Ceil(p.width max 2).W))
  val wBeat = RegInit(0.U(log2Ceil(p.beatsPerPixel max 2).W))
  val gathered = Reg(Vec(math.max(1, p.beatsPerPixel - 1), UInt(p.in.beatBits.W)))
  io.in.ready := (written -& low) < R.S
  val lastBeat = wBeat === (p.beatsPerPixel - 1).U
  val lastX = wX === (p.width - 1).U
  val word = (if (p.beatsPerPixel == 1) io.in.bits else Cat(io.in.bits +: gathered.reverse))(p.pixelBits - 1, 0)
  when(io.in.fire) {
    if (p.beatsPerPixel > 1) for (j <- 0 until p.beatsPerPixel - 1) when(wBeat === j.U) { gathered(j) := io.in.bits }
    wBeat := Mux(lastBeat, 0.U, wBeat + 1.U)
    when(lastBeat) {
      mem.write(wAddr, word)
      wAddr := Mux(wAddr === (p.bufferWords - 1).U, 0.U, wAddr + 1.U)
      wX := Mux(lastX, 0.U, wX + 1.U)
    }
  }
  val rowIn = io.in.fire && lastBeat && lastX

  // ---- reader: for oy, ox, ky, kx ----
  val x0 = RegInit((-p.padding).S(cw.W)) // ox·stride − padding
  val ySlot = RegInit(((R - p.padding) % R).U(log2Ceil(R).max(1).W)) // slot of row y0 (mod R)
  val oy = RegInit(0.U(log2Ceil(p.outH max 2).W))
  val ox = RegInit(0.U(log2Ceil(p.outW max 2).W))
  val ky = RegInit(0.U(log2Ceil(p.kernel max 2).W))
  val kx = RegInit(0.U(log2Ceil(p.kernel max 2).W))
  val credits = RegInit(p.queueDepth.U(log2Ceil(p.queueDepth + 1).W))
  val need = Mux(y0 +& p.kernel.S > p.height.S, p.height.S, y0 +& p.kernel.S)
  val issue = written >= need && credits =/= 0.U
  val lastKx = kx === (p.kernel - 1).U
  val lastKy = ky === (p.kernel - 1).U
  val lastOx = ox === (p.outW - 1).U
  val lastOy = oy === (p.outH - 1).U
  val windowDone = lastKx && lastKy
  val rowDone = issue && windowDone && lastOx
  val imageDone = rowDone && lastOy
  /** (slot + c) mod R for a slot < R and a constant 0 ≤ c < R. */
  def slotPlus(slot: UInt, c: Int): UInt = {
    val sum = slot +& c.U
    Mux(sum >= R.U, sum - R.U, sum)(ySlot.getWidth - 1, 0)
  }
  val imageStep = Math.floorMod(p.height - (p.outH - 1) * p.stride, R) // y0's row of the next image − y0's row of the last output row
  when(issue) {
    kx := Mux(lastKx, 0.U, kx + 1.U)
    when(lastKx) { ky := Mux(lastKy, 0.U, ky + 1.U) }
    when(windowDone) {
      ox := Mux(lastOx, 0.U, ox + 1.U)
      x0 := Mux(lastOx, (-p.padding).S, x0 + p.stride.S)
      when(lastOx) {
        oy := Mux(lastOy, 0.U, oy + 1.U)
        y0 := Mux(lastOy, (-p.padding).S, y0 + p.stride.S)
        ySlot := Mux(lastOy, slotPlus(ySlot, imageStep), slotPlus(ySlot, p.stride % R))
      }
    }
  }
  written := written + rowIn.asUInt.zext - Mux(imageDone, p.height.S, 0.S)
  val iy = y0 +& ky.zext
  val ix = x0 +& kx.zext
  val inside = iy >= 0.S && iy < p.height.S && ix >= 0.S && ix < p.width.S
  val slot = { val s = ySlot +& ky; Mux(s >= R.U, s - R.U, s) }
  val addr = (slot * p.width.U +& ix.asUInt)(aw - 1, 0)
  val data = mem.read(Mux(inside, addr, 0.U), issue)
  val v1 = RegNext(issue, false.B)
  val inside1 = RegNext(inside)
  val padWord = Cat(Seq.fill(p.channels)(p.padElem.U(p.elemBits.W)))
  val q = Module(new Queue(UInt(p.pixelBits.W), p.queueDepth))
  q.io.enq.valid := v1
  q.io.enq.bits := Mux(inside1, data, padWord)
  io.out <> q.io.deq
  credits := credits - issue.asUInt + io.out.fire.asUInt
}

/**
 * Max-pool unit: a sliding-window unit without padding feeding an OR of the k² pixels of each
 * window (per element and thermometer plane = the max level). Output: one beat per output pixel,
 * all C elements. The OR stage takes one window beat per cycle; the fire of a window's last beat
 * enqueues the result into a 2-entry queue (on {@code out} the next cycle).
 */
class MaxPool(p: SwuParams) extends Module {
  override def desiredName: String = s"MaxPool_${p.name}"
  require(p.padding == 0, s"${p.name}: max-pool has no padding")
  val io = IO(new Bundle {
    val in = Flipped(Decoupled(UInt(p.in.beatBits.W)))
    val out = Decoupled(UInt(p.pixelBits.W))
  })
  val swu = Module(new Swu(p))
  swu.io.in <> io.in
  val n = p.kernel * p.kernel
  val acc = Reg(UInt(p.pixelBits.W))
  val cnt = RegInit(0.U(log2Ceil(n max 2).W))
  val last = cnt === (n - 1).U
  val q = Module(new Queue(UInt(p.pixelBits.W), 2))
  val merged = Mux(cnt === 0.U, swu.io.out.bits, acc | swu.io.out.bits)
  swu.io.out.ready := !last || q.io.enq.ready
  q.io.enq.valid := swu.io.out.valid && last
  q.io.enq.bits := merged
  when(swu.io.out.fire) {
    acc := merged
    cnt := Mux(last, 0.U, cnt + 1.U)
  }
  io.out <> q.io.deq
}

/**
 * Pixel serializer: input-unit beats of {@code pixelsPerBeat} pixels → one beat per pixel (C
 * elements). A beat is held in a register while its pixels leave, one per cycle; the next beat is
 * taken in the cycle its last pixel leaves (no bubble). The image's last beat holds
 * H·W − (beats−1)·P pixels.
 */
case class SerializerParams(pixels: Int, channels: Int, elemBits: Int, pixelsPerBeat: Int) {
  val in: StreamShape = StreamShape(elemBits, pixelsPerBeat * channels, pixels * channels, 1)
  val out: StreamShape = StreamShape(elemBits, channels, channels, 1)
  val beatsPerImage: Int = (pixels + pixelsPerBeat - 1) / pixelsPerBeat
  val lastBeatPixels: Int = pixels - (beatsPerImage - 1) * pixelsPerBeat
}

class Serializer(p: SerializerParams) extends Module {
  override def desiredName: String = "PixelSerializer"
  val io = IO(new Bundle {
    val in = Flipped(Decoupled(UInt(p.in.beatBits.W)))
    val out = Decoupled(UInt(p.out.beatBits.W))
  })
  val pb = p.channels * p.elemBits
  val held = Reg(Vec(p.pixelsPerBeat, UInt(pb.W)))
  val busy = RegInit(false.B)
  val idx = RegInit(0.U(log2Ceil(p.pixelsPerBeat max 2).W))
  val beat = RegInit(0.U(log2Ceil(p.beatsPerImage max 2).W))
  val lastBeat = beat === (p.beatsPerImage - 1).U
  val lastIdx = idx === Mux(lastBeat, (p.lastBeatPixels - 1).U, (p.pixelsPerBeat - 1).U)
  io.out.valid := busy
  io.out.bits := Pick(held, idx)
  val leaving = io.out.fire && lastIdx
  io.in.ready := !busy || leaving
  when(io.out.fire) {
    idx := Mux(lastIdx, 0.U, idx + 1.U)
    when(lastIdx) { beat := Mux(lastBeat, 0.U, beat + 1.U) }
  }
  when(leaving) { busy := false.B }
  when(io.in.fire) {
    busy := true.B
    for (j <- 0 until p.pixelsPerBeat) held(j) := io.in.bits((j + 1) * pb - 1, j * pb)
  }
}
