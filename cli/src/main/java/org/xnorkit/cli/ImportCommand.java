package org.xnorkit.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xnorkit.model.Network;
import org.xnorkit.model.bnnpynq.BnnPynqImporter;
import org.xnorkit.model.json.ModelJson;
import org.xnorkit.model.json.PlanJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code xnorkit import FORMAT}: trained networks from other tools, as xnorkit models. */
@Command(name = "import", mixinStandardHelpOptions = true, subcommands = {ImportCommand.BnnPynq.class},
    description = "Imports a trained network from another tool's format as an xnorkit model (and the plan it ran with).")
public final class ImportCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override public void run() {
    throw new ParameterException(spec.commandLine(), "missing format: try 'xnorkit import bnn-pynq --help'");
  }

  /** {@code xnorkit import bnn-pynq --net DIR --out M}. */
  @Command(name = "bnn-pynq", mixinStandardHelpOptions = true,
      description = {"Imports a BNN-PYNQ network directory (config.h, top.cpp, <L>-<P>-weights.bin, <L>-<P>-thres.bin,",
          "classes.txt) exactly: the folded PE memories unpacked, padding dropped, thresholds converted to the",
          "model's comparison rule, the host's preprocessing as the input table. Writes the model to M and",
          "the board's plan (PE, SIMD per layer) to its sibling NAME.plan.json."})
  static final class BnnPynq implements Callable<Integer> {
    @Mixin Common common;

    @Option(names = "--net", required = true, paramLabel = "DIR", description = "BNN-PYNQ network directory, e.g. ../shared/bnn-pynq/lfcW1A1.")
    Path net;

    @Option(names = "--out", required = true, paramLabel = "M", description = "Model file to write (NAME.json); the plan goes to NAME.plan.json beside it.")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name (default: the --out file name without .json).")
    String name;

    @Override public Integer call() throws Exception {
      String file = out.getFileName().toString();
      String modelName = name != null ? name : file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
      common.log("import: BNN-PYNQ network " + net);
      BnnPynqImporter.Result r = BnnPynqImporter.importNet(net, modelName);
      for (String note : r.notes()) common.log("  " + note);
      Path planFile = PlanJson.siblingOf(out);
      Network model = r.network();
      ModelJson.write(model, out);
      PlanJson.write(r.plan(), planFile);
      String hash = ModelJson.contentHash(model);
      if (common.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model", out.toString());
        doc.put("plan", planFile.toString());
        doc.put("name", model.name());
        doc.put("hash", hash);
        doc.put("classes", model.classes());
        doc.put("notes", r.notes());
        common.printJson(doc);
      } else {
        var o = common.out();
        o.printf("model    %s (%s, %d layers, %d classes)%n", out, model.name(), model.layers().size(), model.classes());
        o.printf("plan     %s%n", planFile);
        o.printf("hash     %s%n", hash);
        o.flush();
      }
      return ExitCodes.OK;
    }
  }
}
