package org.xnorkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.NoSuchFileException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.xnorkit.model.ExternalToolException;
import org.xnorkit.model.MismatchException;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class ExitCodesTest {

  /** A command that fails the way it is told to, to check the mapping end to end. */
  @Command(name = "fail")
  static final class Fail implements Callable<Integer> {
    @Mixin Common common;
    @Option(names = "--with", required = true) String with;

    @Override public Integer call() throws Exception {
      switch (with) {
        case "model" -> throw new ModelException("m.json", "/layers/2/weights", "fc1", "weights are 3x4, expected 4x4", null);
        case "data" -> throw new DataException("x.gz: truncated");
        case "missing" -> throw new NoSuchFileException("models/none.json");
        case "wrapped-missing" -> throw new DataException("mnist:test: not found", new NoSuchFileException("mnist/x.gz"));
        case "unchecked-missing" -> throw new UncheckedIOException(new NoSuchFileException("a/b"));
        case "mismatch" -> throw new MismatchException("image 3: scores differ");
        case "tool" -> throw new ExternalToolException("verilator not found on PATH");
        case "bug" -> throw new IllegalStateException("oops");
        default -> { return 0; }
      }
    }
  }

  private static Cli fail(String... args) {
    CommandLine cl = Main.commandLine();
    cl.addSubcommand(new Fail());
    String[] all = new String[args.length + 1];
    all[0] = "fail";
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.run(cl, all);
  }

  @Test
  void eachFailureHasItsCode() {
    assertEquals(ExitCodes.OK, fail("--with", "nothing").code());
    assertEquals(3, fail("--with", "model").code());
    assertEquals(3, fail("--with", "data").code());
    assertEquals(4, fail("--with", "missing").code());
    assertEquals(4, fail("--with", "wrapped-missing").code());
    assertEquals(4, fail("--with", "unchecked-missing").code());
    assertEquals(5, fail("--with", "mismatch").code());
    assertEquals(6, fail("--with", "tool").code());
    assertEquals(1, fail("--with", "bug").code());
    assertEquals(2, fail().code());
    assertEquals(2, fail("--with", "model", "--no-such-option").code());
    assertEquals(2, Cli.run("no-such-command").code());
    assertEquals(2, Cli.run().code());
  }

  @Test
  void anErrorIsOneLineOnStderrNamingThePlace() {
    Cli r = fail("--with", "model");
    assertEquals("", r.out());
    assertEquals("xnorkit fail: error: m.json: /layers/2/weights: layer 'fc1': weights are 3x4, expected 4x4" + System.lineSeparator(), r.err());
    assertEquals("xnorkit fail: error: file not found: models/none.json" + System.lineSeparator(), fail("--with", "missing").err());
  }

  @Test
  void debugAddsTheStackTrace() {
    Cli plain = fail("--with", "bug");
    assertEquals(1, plain.err().lines().count(), plain.toString());
    assertTrue(plain.err().contains("internal error: java.lang.IllegalStateException: oops"), plain.toString());
    Cli debug = fail("--with", "bug", "--debug");
    assertTrue(debug.err().lines().count() > 3, debug.toString());
    assertTrue(debug.err().contains("at org.xnorkit.cli.ExitCodesTest$Fail.call"), debug.toString());
  }

  @Test
  void usageErrorsSayWhatIsWrongAndWhereToLook() {
    Cli r = Cli.run("no-such-command");
    assertTrue(r.err().startsWith("xnorkit: error: Unmatched argument at index 0: 'no-such-command'"), r.toString());
    assertTrue(r.err().contains("Try 'xnorkit --help'"), r.toString());
    Cli none = Cli.run();
    assertTrue(none.err().contains("missing command"), none.toString());
    assertFalse(none.err().contains("Exception"), none.toString());
  }

  @Test
  void helpListsTheExitCodes() {
    Cli r = Cli.run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("Exit codes:"), r.toString());
    assertTrue(r.out().contains("4  a file was not found"), r.toString());
  }
}
