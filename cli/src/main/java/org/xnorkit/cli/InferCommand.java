package org.xnorkit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.engine.Inference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xnorkit infer}: accuracy and throughput of the bit-exact reference engine on a data set. */
@Command(name = "infer", mixinStandardHelpOptions = true,
    description = {"Runs the bit-exact reference engine on a data set: top-1, top-5, images per second.",
        "All cores; progress on stderr. With --scores, every image's label, predicted class and integer scores."})
public final class InferCommand implements Callable<Integer> {
  @Mixin Common common;
  @Mixin ModelDataOptions io;




  @Option(names = "--limit", paramLabel = "N", defaultValue = "-1", description = "Only the first N images (default: all).")
  int limit;

  @Option(names = "--scores", description = "Also list every image's label, predicted class and integer scores.")
  boolean scores;

  @Override public Integer call() throws Exception {
    Network net = io.loadModel(common);
    Dataset set = io.loadData(net, limit, common);
    Workload.Run run = Workload.infer(net, set, common, "infer");
    Accuracy acc = Accuracy.of(run.inferences(), set.labels());
    ClassBitStats bits = ClassBitStats.of(run.inferences(), set.labels());

    if (common.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", io.model.toString());
      doc.put("name", net.name());
      doc.put("data", io.data);
      doc.put("images", acc.images());
      doc.put("correct", acc.correct());
      doc.put("top1", Workload.round6(acc.top1()));
      doc.put("top5", Workload.round6(acc.top5()));
      if (bits != null) {
        doc.put("top1Argmax", Workload.round6(bits.top1Argmax()));
        doc.put("exactlyOneBitFraction", Workload.round6(bits.exactlyOneBitFraction()));
        doc.put("noBitFraction", Workload.round6(bits.noBitFraction()));
      }
      doc.put("seconds", Workload.round3(run.seconds()));
      doc.put("imagesPerSecond", Workload.round1(run.imagesPerSecond()));
      doc.put("threads", run.threads());
      if (scores) doc.put("results", results(run.inferences(), set));
      common.printJson(doc);
      return ExitCodes.OK;
    }
    var out = common.out();
    if (scores) {
      out.println("index  label  predicted  class  scores");
      Inference[] inf = run.inferences();
      for (int i = 0; i < inf.length; i++)
        out.printf("%d  %d  %d  %s  %s%n", i, set.labels()[i], inf[i].predicted(), className(set, inf[i].predicted()), java.util.Arrays.toString(inf[i].scores()));
    }
    out.printf("model    %s (%s)%n", io.model, net.name());
    out.printf("data     %s: %d images %s%n", set.name(), set.size(), set.shape());
    out.printf("top-1    %.2f %%  (%d/%d)%n", 100 * acc.top1(), acc.correct(), acc.images());
    out.printf("top-5    %.2f %%  (%d/%d)%n", 100 * acc.top5(), acc.top5Correct(), acc.images());
    if (bits != null) {
      out.printf("argmax   %.2f %%  (%d/%d): top-1 under argmax of the scores instead of the class bits%n", 100 * bits.top1Argmax(), bits.argmaxCorrect(), acc.images());
      out.printf("bits     exactly one class bit set on %.2f %% (%d), none on %.2f %% (%d)%n",
          100 * bits.exactlyOneBitFraction(), bits.exactlyOneBit(), 100 * bits.noBitFraction(), bits.noBit());
    }
    out.printf("speed    %.0f images/s  (%.3f s on %d threads, reference engine)%n", run.imagesPerSecond(), run.seconds(), run.threads());
    out.flush();
    return ExitCodes.OK;
  }

  static List<Map<String, Object>> results(Inference[] inf, Dataset set) {
    List<Map<String, Object>> list = new ArrayList<>(inf.length);
    for (int i = 0; i < inf.length; i++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("index", i);
      r.put("label", set.labels()[i]);
      r.put("predicted", inf[i].predicted());
      r.put("class", className(set, inf[i].predicted()));
      r.put("scores", inf[i].scores());
      if (inf[i].classBits() != null) r.put("classBits", inf[i].classBits());
      list.add(r);
    }
    return list;
  }

  /** The data set's name for a class the model predicts (a model may have more classes than the data set names). */
  static String className(Dataset set, int c) {
    return c >= 0 && c < set.classNames().size() ? set.className(c) : Integer.toString(c);
  }
}
