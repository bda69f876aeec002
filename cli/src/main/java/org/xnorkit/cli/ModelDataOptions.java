package org.xnorkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.xnorkit.model.Network;
import org.xnorkit.model.data.Dataset;
import org.xnorkit.model.data.Datasets;
import picocli.CommandLine.Option;

/**
 * The model and data set options of the commands that stream images through a model (infer, sim,
 * verify, bench), and their loading: one wording, one log line each, one shape check.
 */
public final class ModelDataOptions {
  @Option(names = "--model", required = true, paramLabel = "M", description = "Model file (xnorkit-model/1 JSON).")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "D",
      description = "Data set: mnist:test, mnist:train, fashion-mnist:test, fashion-mnist:train, cifar10:test, or a file (IDX images or CIFAR-10 batch).")
  String data;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory holding the named data sets (default: $XNORKIT_DATA, the Debian data set package, ../shared/datasets).")
  Path dataDir;

  Network loadModel(Common common) throws IOException {
    Network net = Workload.loadModel(model);
    common.log("model: " + model + " (" + net.name() + ", " + net.layers().size() + " layers)");
    return net;
  }

  /** The first {@code limit} images (−1: all) of the data set, checked to have the model's input shape. */
  Dataset loadData(Network net, int limit, Common common) throws IOException {
    Dataset set = Datasets.load(data, dataDir, limit);
    common.log("data: " + set.name() + ", " + set.size() + " images " + set.shape());
    Workload.checkFits(net, model, set);
    return set;
  }
}
