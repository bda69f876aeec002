package org.xnorkit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import org.xnorkit.model.ExternalToolException;
import org.xnorkit.model.MismatchException;
import org.xnorkit.model.ModelException;
import org.xnorkit.model.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The one place where failures become exit codes and error lines (documented in README.md).
 * A failure prints one line, {@code xnorkit CMD: error: MESSAGE}, on stderr; {@code --debug} adds
 * the stack trace.
 */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;
  public static final int INTERNAL = 1;
  public static final int USAGE = 2;
  public static final int BAD_INPUT = 3;
  public static final int MISSING_FILE = 4;
  public static final int MISMATCH = 5;
  public static final int EXTERNAL_TOOL = 6;

  static CommandLine configure(CommandLine cl) {
    cl.setExecutionExceptionHandler(ExitCodes::onExecutionException);
    cl.setParameterExceptionHandler(ExitCodes::onParameterException);
    return cl;
  }

  /**
   * The exit code for a failure. A missing file anywhere in the cause chain wins (a model reader
   * may wrap it), then the exception's own type.
   */
  public static int of(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof NoSuchFileException) return MISSING_FILE;
    if (t instanceof CommandLine.ParameterException) return USAGE;
    if (t instanceof ModelException || t instanceof DataException) return BAD_INPUT;
    if (t instanceof MismatchException) return MISMATCH;
    if (t instanceof ExternalToolException) return EXTERNAL_TOOL;
    return INTERNAL;
  }

  /** The one-line message a user sees for a failure. */
  public static String message(Throwable t) {
    if (t instanceof NoSuchFileException n) return "file not found: " + n.getFile() + (n.getReason() == null ? "" : " (" + oneLine(n.getReason()) + ")");
    if (t instanceof ModelException || t instanceof DataException || t instanceof MismatchException || t instanceof ExternalToolException)
      return oneLine(t.getMessage());
    if (t instanceof java.io.IOException) return oneLine(t.getClass().getSimpleName() + ": " + t.getMessage());
    return "internal error: " + oneLine(t.toString()) + " (run with --debug for the stack trace, and please report it)";
  }

  private static int onExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": error: " + message(e));
    if (debug(parsed)) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      err.print(trace);
    }
    err.flush();
    return of(e);
  }

  private static int onParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": error: " + oneLine(e.getMessage()));
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return USAGE;
  }

  /** True when --debug was given to the command that failed (or any command on the way to it). */
  private static boolean debug(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand())
      if (p.hasMatchedOption("--debug")) return true;
    return false;
  }

  private static String oneLine(String s) {
    return s == null ? "(no message)" : s.replace("\r", "").replace("\n", " | ");
  }
}
