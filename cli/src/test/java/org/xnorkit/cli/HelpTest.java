package org.xnorkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {
  /** Every command path below the root ("demo", "import bnn-pynq", ...), help excluded. */
  private static void collect(CommandLine cl, List<String> prefix, List<List<String>> into, List<CommandLine> commands) {
    for (var e : cl.getSubcommands().entrySet()) {
      if (e.getKey().equals("help")) continue;
      List<String> path = new ArrayList<>(prefix);
      path.add(e.getKey());
      into.add(path);
      commands.add(e.getValue());
      collect(e.getValue(), path, into, commands);
    }
  }

  @Test
  void everyCommandHasHelpAndEveryLeafTheCommonOptions() {
    List<List<String>> paths = new ArrayList<>();
    List<CommandLine> commands = new ArrayList<>();
    collect(Main.commandLine(), List.of(), paths, commands);
    assertFalse(paths.isEmpty());
    for (int i = 0; i < paths.size(); i++) {
      List<String> path = paths.get(i);
      String name = String.join(" ", path);
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      Cli r = Cli.run(args.toArray(new String[0]));
      assertEquals(0, r.code(), name + ": " + r);
      assertTrue(r.out().startsWith("Usage: xnorkit " + name), name + ": " + r);
      assertEquals("", r.err(), name);
      if (!commands.get(i).getSubcommands().isEmpty()) continue;
      var options = commands.get(i).getCommandSpec().optionsMap();
      for (String common : new String[] {"--json", "--debug", "--quiet"})
        assertTrue(options.containsKey(common), name + " lacks the common option " + common + " (mix in Common)");
    }
  }
}
