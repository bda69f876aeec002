// Hand-written stand-in DUT for the harness tests: an AXI4-Stream accumulator with the ports of
// a generated xnorkit Accelerator. Each image is the run of input beats up to and including the
// one with tlast; its single output beat carries the byte sum of those beats (bytes masked by
// tkeep) in the low bits and the image's beat count in the top byte.
//
// Timing (what the Java model in the tests predicts cycle by cycle): an input beat that fires at
// edge c updates the accumulator at c; the last beat of an image loads the output register, so
// its output beat can fire at c+1 at the earliest. s_axis_tready = !out_valid || m_axis_tready:
// with no back-pressure an image of B beats takes B cycles (no bubbles).
//
// Parameters used by the tests: HANG_AFTER >= 0 stops producing output after that many images
// (a hung design); RESET_ACC = 0 leaves the accumulator out of reset, a bug Verilator's 2-state
// model hides and Icarus' 4-state model shows as X.
module Accelerator #(
    parameter int IN = 16,
    parameter int OUT = 16,
    parameter int HANG_AFTER = -1,
    parameter bit RESET_ACC = 1
) (
    input  logic               clock,
    input  logic               aresetn,
    input  logic [IN-1:0]      s_axis_tdata,
    input  logic               s_axis_tvalid,
    output logic               s_axis_tready,
    input  logic               s_axis_tlast,
    input  logic [IN/8-1:0]    s_axis_tkeep,
    output logic [OUT-1:0]     m_axis_tdata,
    output logic               m_axis_tvalid,
    input  logic               m_axis_tready,
    output logic               m_axis_tlast,
    output logic [OUT/8-1:0]   m_axis_tkeep
);
  logic [OUT-9:0] acc;          // byte sum so far (mod 2^(OUT-8))
  logic [7:0]     beats;        // beats of the current image so far
  logic           out_valid;
  logic [OUT-1:0] out_data;
  logic [31:0]    images_done;  // output beats produced, for HANG_AFTER
  logic           in_fire;
  logic [OUT-9:0] beat_sum;
  logic           stuck;

  always_comb begin
    beat_sum = '0;
    for (int i = 0; i < IN / 8; i++)
      if (s_axis_tkeep[i]) beat_sum = beat_sum + (OUT - 8)'(s_axis_tdata[i*8 +: 8]);
  end

  assign stuck = HANG_AFTER >= 0 && images_done >= 32'(HANG_AFTER);
  assign s_axis_tready = !stuck && (!out_valid || m_axis_tready);
  assign in_fire = s_axis_tvalid && s_axis_tready;

  always_ff @(posedge clock) begin
    if (!aresetn) begin
      beats <= '0;
      out_valid <= 1'b0;
      images_done <= '0;
      if (RESET_ACC) acc <= '0;
    end else begin
      if (out_valid && m_axis_tready) out_valid <= 1'b0;
      if (in_fire) begin
        if (s_axis_tlast) begin
          out_data <= {beats + 8'd1, acc + beat_sum};
          out_valid <= 1'b1;
          images_done <= images_done + 32'd1;
          acc <= '0;
          beats <= '0;
        end else begin
          acc <= acc + beat_sum;
          beats <= beats + 8'd1;
        end
      end
    end
  end

  assign m_axis_tvalid = out_valid;
  assign m_axis_tdata = out_data;
  assign m_axis_tlast = 1'b1;
  assign m_axis_tkeep = '1;
endmodule
