package org.xnorkit.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lint gate finds real warnings, and a waiver silences exactly what it names. */
class VerilatorLintTest {
  @TempDir Path tmp;

  @Test
  void cleanDesignIsClean() throws Exception {
    Path dir = new AccumulatorDut(16, 16, -1, true).writeTo(tmp);
    VerilatorLint.Result r = VerilatorLint.check(DesignFiles.of(dir), "Accelerator");
    assertTrue(r.clean(), r.findings().toString());
  }

  @Test
  void warningsAreFoundAndWaiversApply() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("unused"));
    Files.writeString(dir.resolve("Top.sv"), """
        module Top(input logic clock, input logic [7:0] a, output logic [7:0] q);
          logic [7:0] spare;
          always_ff @(posedge clock) q <= a;
        endmodule
        """);
    VerilatorLint.Result r = VerilatorLint.check(DesignFiles.of(dir), "Top");
    assertFalse(r.clean());
    assertTrue(r.findings().get(0).contains("UNUSED") && r.findings().get(0).contains("spare"), r.findings().toString());
    assertTrue(r.findings().stream().noneMatch(f -> f.contains(tmp.toString())), "paths are relative to the design");
    VerilatorLint.Result waived = VerilatorLint.check(DesignFiles.of(dir), "Top",
        List.of(new VerilatorLint.Waiver("UNUSED", "spare", "test: the spare signal is deliberate")));
    assertEquals(List.of(), waived.findings());
    VerilatorLint.Result otherFile = VerilatorLint.check(DesignFiles.of(dir), "Top",
        List.of(new VerilatorLint.Waiver("UNUSEDSIGNAL", "*Other*", "spare", "test: applies to other files only")));
    assertEquals(r.findings(), otherFile.findings(), "a waiver for other files does not apply");
  }
}
