package org.xnorkit.hwgen.rtl

import chisel3._
import chisel3.util._

/**
 * Parameters of a sliding-window unit: an H×W×C tensor arriving as a pixel stream (each pixel
 * ⌈C/inBeatElems⌉ beats of {@code inBeatElems} elements, channel fastest) → one window per output
 * position (oy, ox) in row-major order, each window k² beats of one pixel (C elements), in
 * (ky, kx) order: exactly the conv fan-in order (ky, kx, c). Positions outside the input read the
 * pad element {@code padElem} (its elemBits bits, the same for every channel).
 */
case class SwuParams(name: String, height: Int, width: Int, channels: Int, elemBits: Int, inBeatElems: Int,
                     kernel: Int, stride: Int, padding: Int, padElem: Int) {
  require(kernel >= 1 && stride >= 1 && padding >= 0 && padding < kernel, s"$name: bad window $kernel/$stride/$padding")
  val outH: Int = (height + 2 * padding - kernel) / stride + 1
  val outW: Int = (width + 2 * padding - kernel) / stride + 1
  require(outH >= 1 && outW >= 1, s"$name: kernel $kernel does not fit ${height}x$width with padding $padding")
  val pixels: Int = height * width
  val beatsPerPixel: Int = (channels + inBeatElems - 1) / inBeatElems
  val in: StreamShape = StreamShape(elemBits, inBeatElems, channels, 1)
  val out: StreamShape = StreamShape(elemBits, channels, channels, kernel * kernel)
  val pixelBits: Int = channels * elemBits
  /** Output queue entries: a credit comes back 3 cycles after its issue, so 3 keep one beat per cycle. */
  val queueDepth: Int = 3
  /** Cycles per image: the slower of writing the image and reading its windows. */
  val cyclesPerImage: Long = math.max(pixels.toLong * beatsPerPixel, outH.toLong * outW * kernel * kernel)
}

/**
 * Sliding-window unit (docs/timing.md, "Sliding-window unit"). A frame buffer of 2 banks × H·W
 * pixel words (a SyncReadMem): the writer fills one bank while the reader walks the windows of the
 * other, so an image's windows start once the whole image is in and the next image streams in
 * meanwhile.
 *  - writer: in.ready = the write bank is not full (a register). Beats of a pixel are gathered; the
 *    fire of its last beat writes the pixel word; the last pixel marks the bank full and switches.
 *  - reader: loop {@code for oy, ox, ky, kx}: one pixel read per cycle from the full read bank when a
 *    credit of the output queue is free (pad element outside the image); the last read frees the
 *    bank and switches. Read data (registered) enters the output queue the next cycle.
 */
class Swu(p: SwuParams) extends Module {
  override def desiredName: String = s"Swu_${p.name}"
  val io = IO(new Bundle {
    val in = Flipped(Decoupled(UInt(p.in.beatBits.W)))
    val out = Decoupled(UInt(p.out.beatBits.W))
  })
  val mem = SyncReadMem(2 * p.pixels, UInt(p.pixelBits.W))
  def bankAddr(bank: UInt, pix: UInt): UInt = Mux(bank === 1.U, p.pixels.U +& pix, pix.pad(log2Ceil(2 * p.pixels + 1)))

  // ---- writer ----
  val full = RegInit(VecInit(Seq.fill(2)(false.B)))
  val wBank = RegInit(0.U(1.W))
  val wPix = RegInit(0.U(log2Ceil(p.pixels max 2).W))
  val wBeat = RegInit(0.U(log2Ceil(p.beatsPerPixel max 2).W))
  val gathered = Reg(Vec(math.max(1, p.beatsPerPixel - 1), UInt(p.in.beatBits.W)))
  io.in.ready := !full(wBank)
  val lastBeat = wBeat === (p.beatsPerPixel - 1).U
  val lastPix = wPix === (p.pixels - 1).U
  val word = (if (p.beatsPerPixel == 1) io.in.bits else Cat(io.in.bits +: gathered.reverse))(p.pixelBits - 1, 0)
  when(io.in.fire) {
    if (p.beatsPerPixel > 1) for (j <- 0 until p.beatsPerPixel - 1) when(wBeat === j.U) { gathered(j) := io.in.bits }
    wBeat := Mux(lastBeat, 0.U, wBeat + 1.U)
    when(lastBeat) {
      mem.write(bankAddr(wBank, wPix), word)
      wPix := Mux(lastPix, 0.U, wPix + 1.U)
      when(lastPix) { wBank := ~wBank }
    }
  }
  val imageIn = io.in.fire && lastBeat && lastPix

  // ---- reader: for oy, ox, ky, kx ----
  val cw = log2Ceil((p.height max p.width) + 2 * p.kernel + p.stride * ((p.outH max p.outW) + 1)) + 2
  val rBank = RegInit(0.U(1.W))
  val y0 = RegInit((-p.padding).S(cw.W)) // oy·stride − padding
  val x0 = RegInit((-p.padding).S(cw.W)) // ox·stride − padding
  val oy = RegInit(0.U(log2Ceil(p.outH max 2).W))
  val ox = RegInit(0.U(log2Ceil(p.outW max 2).W))
  val ky = RegInit(0.U(log2Ceil(p.kernel max 2).W))
  val kx = RegInit(0.U(log2Ceil(p.kernel max 2).W))
  val credits = RegInit(p.queueDepth.U(log2Ceil(p.queueDepth + 1).W))
  val issue = full(rBank) && credits =/= 0.U
  val lastKx = kx === (p.kernel - 1).U
  val lastKy = ky === (p.kernel - 1).U
  val lastOx = ox === (p.outW - 1).U
  val lastOy = oy === (p.outH - 1).U
  val windowDone = lastKx && lastKy
  val imageDone = issue && windowDone && lastOx && lastOy
  when(issue) {
    kx := Mux(lastKx, 0.U, kx + 1.U)
    when(lastKx) { ky := Mux(lastKy, 0.U, ky + 1.U) }
    when(windowDone) {
      ox := Mux(lastOx, 0.U, ox + 1.U)
      x0 := Mux(lastOx, (-p.padding).S, x0 + p.stride.S)
      when(lastOx) {
        oy := Mux(lastOy, 0.U, oy + 1.U)
        y0 := Mux(lastOy, (-p.padding).S, y0 + p.stride.S)
      }
    }
    when(imageDone) { rBank := ~rBank }
  }
  for (b <- 0 until 2) {
    when(imageIn && wBank === b.U) { full(b) := true.B }
    when(imageDone && rBank === b.U) { full(b) := false.B }
  }
  val iy = y0 +& ky.zext
  val ix = x0 +& kx.zext
  val inside = iy >= 0.S && iy < p.height.S && ix >= 0.S && ix < p.width.S
  val pix = (iy.asUInt * p.width.U +& ix.asUInt)(log2Ceil(p.pixels max 2) - 1, 0)
  val data = mem.read(bankAddr(rBank, Mux(inside, pix, 0.U)), issue)
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
