// Test-only Icarus/Verilator testbench of a generated Accelerator: streams stim.hex (one beat per
// line: {tlast, tkeep, tdata}) into s_axis with random gaps, takes m_axis with random back-pressure,
// writes each output beat as "tdata tlast tkeep cycle" to resp.txt. Run in the design folder.
`timescale 1ns/1ps
module tb;
  parameter IN_BITS = 64, OUT_BITS = 64, N_IN = 1, N_OUT = 1, STALL = 0, SEED = 1, MAX_CYCLES = 1000000;
  localparam W = IN_BITS + IN_BITS / 8 + 1;
  reg clock = 0, aresetn = 0;
  reg [W-1:0] stim [0:N_IN-1];
  reg [IN_BITS-1:0] s_tdata = 0;
  reg [IN_BITS/8-1:0] s_tkeep = 0;
  reg s_tvalid = 0, s_tlast = 0, m_tready = 0;
  wire s_tready, m_tvalid, m_tlast;
  wire [OUT_BITS-1:0] m_tdata;
  wire [OUT_BITS/8-1:0] m_tkeep;
  Accelerator dut(.clock(clock), .aresetn(aresetn),
    .s_axis_tdata(s_tdata), .s_axis_tvalid(s_tvalid), .s_axis_tready(s_tready), .s_axis_tlast(s_tlast), .s_axis_tkeep(s_tkeep),
    .m_axis_tdata(m_tdata), .m_axis_tvalid(m_tvalid), .m_axis_tready(m_tready), .m_axis_tlast(m_tlast), .m_axis_tkeep(m_tkeep));
  integer i = 0, o = 0, cycle = 0, f, seed;
  always #5 clock = ~clock;
  initial begin
    $readmemh("stim.hex", stim);
    f = $fopen("resp.txt", "w");
    seed = SEED;
    repeat (4) @(posedge clock);
    aresetn = 1;
  end
  // Inputs change on the falling edge, away from the sampling edge.
  always @(negedge clock) if (aresetn) begin
    s_tvalid = (i < N_IN) && (($random(seed) & 32'h7fffffff) % 100 >= STALL);
    {s_tlast, s_tkeep, s_tdata} = i < N_IN ? stim[i] : 0;
    m_tready = ($random(seed) & 32'h7fffffff) % 100 >= STALL;
  end
  always @(posedge clock) if (aresetn) begin
    cycle = cycle + 1;
    if (s_tvalid && s_tready) i = i + 1;
    if (m_tvalid && m_tready) begin
      $fwrite(f, "%h %0d %h %0d\n", m_tdata, m_tlast, m_tkeep, cycle);
      o = o + 1;
      if (o == N_OUT) begin $fclose(f); $finish; end
    end
    if (cycle > MAX_CYCLES) begin $display("TIMEOUT after %0d cycles: %0d of %0d input beats, %0d of %0d output beats", cycle, i, N_IN, o, N_OUT); $fclose(f); $finish; end
  end
endmodule
