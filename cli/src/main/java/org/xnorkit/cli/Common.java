package org.xnorkit.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every command has, and the writers that honour them: results on stdout (one JSON
 * document with {@code --json}), progress and logs on stderr (none with {@code --quiet}).
 */
public final class Common {
  @Option(names = "--json", description = "Print exactly one JSON document on stdout (keys sorted); progress and logs go to stderr.")
  boolean json;

  @Option(names = "--debug", description = "Show stack traces and details of failures.")
  boolean debug;

  @Option(names = {"-q", "--quiet"}, description = "No progress or log lines on stderr (errors are still printed).")
  boolean quiet;

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  public boolean json() { return json; }
  public boolean debug() { return debug; }
  public boolean quiet() { return quiet; }

  /** Where results go. */
  public PrintWriter out() { return spec.commandLine().getOut(); }

  /** Where progress, logs and errors go. */
  public PrintWriter err() { return spec.commandLine().getErr(); }

  /** A log line on stderr, unless --quiet. */
  public void log(String line) {
    if (quiet) return;
    err().println(line);
    err().flush();
  }

  /** A detail line on stderr, only with --debug. */
  public void debugLog(String line) {
    if (!debug) return;
    err().println(line);
    err().flush();
  }

  /** Prints {@code document} as the one JSON document of this run. */
  public void printJson(Object document) {
    out().print(Json.write(document));
    out().flush();
  }

  /** A progress reporter for {@code total} items of a stage. */
  public Progress progress(String stage, long total) {
    return new Progress(quiet ? null : err(), stage, total);
  }
}
