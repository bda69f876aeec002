package org.xnorkit.hwgen.rtl

import chisel3._
import chisel3.util._

/**
 * Input unit: AXI4-Stream beats of raw 8-bit pixel values → beats of input codes.
 * A beat carries {@code pixelsPerBeat} whole pixels (channel fastest, byte i·C + c = channel c of
 * pixel i); each byte goes through the model's 256-entry table (a ROM per byte lane), giving a
 * beat of {@code pixelsPerBeat·C} elements of {@code elemBits} bits (1: a bit, 8: an int8 code).
 * TLAST and TKEEP are not needed to find image boundaries: units count beats. Latency 1 (a
 * {@link SkidBuffer} registers the result; its ready is a register).
 */
case class InputParams(busBytes: Int, channels: Int, pixelsPerBeat: Int, elemBits: Int, table: Array[Int]) {
  require(pixelsPerBeat >= 1 && pixelsPerBeat * channels <= busBytes, s"$pixelsPerBeat pixels of $channels channels do not fit $busBytes bytes")
  require(table.length == 256, "the input table has 256 entries")
  val lanes: Int = pixelsPerBeat * channels
}

class InputUnit(p: InputParams) extends Module {
  override def desiredName: String = "InputUnit"
  val io = IO(new Bundle {
    val in = Flipped(Decoupled(UInt((p.busBytes * 8).W)))
    val out = Decoupled(UInt((p.lanes * p.elemBits).W))
  })
  val rom = VecInit(p.table.toSeq.map(v => (v & ((1 << p.elemBits) - 1)).U(p.elemBits.W)))
  val q = Module(new SkidBuffer(p.lanes * p.elemBits))
  q.io.in.valid := io.in.valid
  q.io.in.bits := Cat((0 until p.lanes).reverse.map(i => rom(io.in.bits(8 * i + 7, 8 * i))))
  io.in.ready := q.io.in.ready
  io.out <> q.io.out
}
