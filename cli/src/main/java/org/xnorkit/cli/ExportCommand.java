package org.xnorkit.cli;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xnorkit.model.MismatchException;
import org.xnorkit.model.Network;
import org.xnorkit.model.Plan;
import org.xnorkit.model.bnnpynq.BnnPynqExporter;
import org.xnorkit.model.json.PlanJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code xnorkit export FORMAT}: a model in another tool's format. */
@Command(name = "export", mixinStandardHelpOptions = true, subcommands = {ExportCommand.BnnPynq.class},
    description = "Exports a model (folded by a plan) in another tool's format.")
public final class ExportCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override public void run() {
    throw new ParameterException(spec.commandLine(), "missing format: try 'xnorkit export bnn-pynq --help'");
  }

  /** {@code xnorkit export bnn-pynq --model M [--plan P] --out DIR [--compare DIR]}. */
  @Command(name = "bnn-pynq", mixinStandardHelpOptions = true,
      description = {"Writes the model in BNN-PYNQ's parameter format, folded by the plan: <L>-<P>-weights.bin,",
          "<L>-<P>-thres.bin, config.h (finnthesizer's format) and classes.txt, with finnthesizer's padding.",
          "top.cpp (hand-written HLS) is not written. The directory is replaced atomically.",
          "--compare DIR checks the written files byte for byte against those in DIR (exit 5 if any differ)."})
  static final class BnnPynq implements Callable<Integer> {
    @Mixin Common common;

    @Option(names = "--model", required = true, paramLabel = "M", description = "Model file (xnorkit-model/1 JSON).")
    Path model;

    @Option(names = "--plan", paramLabel = "P", description = "Plan with PE and SIMD of every compute layer (default: NAME.plan.json beside the model).")
    Path plan;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write (replaced as a whole).")
    Path out;

    @Option(names = "--compare", paramLabel = "DIR", description = "A BNN-PYNQ network directory to compare the written files with, byte for byte.")
    Path compare;

    @Override public Integer call() throws Exception {
      Network net = Workload.loadModel(model);
      Path planFile = plan != null ? plan : PlanJson.siblingOf(model);
      if (plan == null && !Files.exists(planFile))
        throw new NoSuchFileException(planFile.toString(), null, "no --plan given and no plan beside the model: BNN-PYNQ needs PE and SIMD for every layer");
      common.log("plan: " + planFile + (plan == null ? " (beside the model)" : ""));
      Plan p = PlanJson.read(planFile, net);
      BnnPynqExporter.Result r = BnnPynqExporter.export(net, p);
      for (String note : r.notes()) common.log("  " + note);
      BnnPynqExporter.write(r, out);
      common.log("export: " + r.files().size() + " files in " + out);

      List<String> identical = new ArrayList<>(), different = new ArrayList<>(), missing = new ArrayList<>(), notWritten = new ArrayList<>();
      if (compare != null) {
        if (!Files.isDirectory(compare)) throw new NoSuchFileException(compare.toString(), null, "--compare needs a directory");
        for (var e : r.files().entrySet()) {
          Path theirs = compare.resolve(e.getKey());
          if (!Files.exists(theirs)) missing.add(e.getKey());
          else if (Arrays.equals(Files.readAllBytes(theirs), e.getValue())) identical.add(e.getKey());
          else different.add(e.getKey());
        }
        try (var files = Files.list(compare)) {
          for (Path f : files.sorted().toList())
            if (Files.isRegularFile(f) && !r.files().containsKey(f.getFileName().toString())) notWritten.add(f.getFileName().toString());
        }
      }
      if (common.json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model", model.toString());
        doc.put("plan", planFile.toString());
        doc.put("out", out.toString());
        doc.put("files", r.files().size());
        doc.put("notes", r.notes());
        if (compare != null) {
          doc.put("compare", compare.toString());
          doc.put("identical", identical.size());
          doc.put("different", different);
          doc.put("missing", missing);
          doc.put("notWritten", notWritten);
        }
        common.printJson(doc);
      } else {
        var o = common.out();
        o.printf("out      %s (%d files)%n", out, r.files().size());
        if (compare != null) {
          o.printf("compare  %s: %d identical, %d different %s, %d not in it %s, %d not written %s%n", compare, identical.size(),
              different.size(), different, missing.size(), missing, notWritten.size(), notWritten);
        }
        o.flush();
      }
      if (!different.isEmpty() || !missing.isEmpty())
        throw new MismatchException(different.size() + " written files differ from " + compare + " " + different
            + (missing.isEmpty() ? "" : " and " + missing.size() + " are not in it " + missing));
      return ExitCodes.OK;
    }
  }
}
