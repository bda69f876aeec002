package org.xnorkit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code xnorkit} command. Each subcommand is a class of its own in this package, registered
 * in {@code subcommands} below; exit codes are decided in one place, {@link ExitCodes}.
 */
@Command(name = "xnorkit", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Trained binarized neural networks to verified FPGA hardware, on the JVM.",
    subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, InfoCommand.class, InferCommand.class, TrainCommand.class,
        ImportCommand.class, ExportCommand.class, GenCommand.class, VerifyCommand.class, BenchCommand.class, SynthCommand.class, SimCommand.class},
    footerHeading = "%nExit codes:%n", footer = {
        "  0  success",
        "  1  internal error (a bug: please report it, with --debug output)",
        "  2  usage error (unknown option, missing or bad argument)",
        "  3  bad model, plan or data file",
        "  4  a file was not found",
        "  5  verification mismatch (outputs or cycles differ from the reference)",
        "  6  external tool missing or failed (Verilator, Yosys, a simulator process)"})
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: what {@link #main} runs, and what tests drive. */
  public static CommandLine commandLine() {
    return ExitCodes.configure(new CommandLine(new Main()));
  }

  @Override public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: try 'xnorkit demo', or 'xnorkit --help' for the list");
  }

  /** Version from the jar manifest, when run from a jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"xnorkit " + (v == null ? "(development build)" : v)};
    }
  }
}
