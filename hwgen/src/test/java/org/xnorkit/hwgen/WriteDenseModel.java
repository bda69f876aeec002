package org.xnorkit.hwgen;

import java.nio.file.Path;
import org.xnorkit.model.Network;
import org.xnorkit.model.json.ModelJson;

/** Test tool: writes a seeded random dense model, e.g. LFC-shaped: {@code OUT SEED H W C W1,W2,.. K1,K2,.. CLASSES THRESHOLDS}. */
public final class WriteDenseModel {
  public static void main(String[] a) throws Exception {
    int[] widths = java.util.Arrays.stream(a[5].split(",")).mapToInt(Integer::parseInt).toArray();
    int[] ks = java.util.Arrays.stream(a[6].split(",")).mapToInt(Integer::parseInt).toArray();
    Network net = DenseNets.random(Long.parseLong(a[1]), Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]), false,
        widths, ks, Integer.parseInt(a[7]), Boolean.parseBoolean(a[8]));
    ModelJson.write(net, Path.of(a[0]));
  }
}
