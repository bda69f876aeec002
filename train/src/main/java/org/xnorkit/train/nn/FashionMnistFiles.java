package org.xnorkit.train.nn;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Temporary IDX reader until the model module's dataset reader lands. */
public final class FashionMnistFiles {
  private FashionMnistFiles() {}
  public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  public static TrainData load(Path dir, boolean train, int limit) throws IOException {
    String p = train ? "train" : "t10k";
    byte[][] imgs;
    int[] labels;
    try (DataInputStream in = open(dir.resolve(p + "-images-idx3-ubyte.gz"))) {
      if (in.readInt() != 2051) throw new IOException("bad magic");
      int n = in.readInt(), h = in.readInt(), w = in.readInt();
      if (limit >= 0) n = Math.min(n, limit);
      imgs = new byte[n][h * w];
      for (int i = 0; i < n; i++) in.readFully(imgs[i]);
    }
    try (DataInputStream in = open(dir.resolve(p + "-labels-idx1-ubyte.gz"))) {
      if (in.readInt() != 2049) throw new IOException("bad magic");
      in.readInt();
      labels = new int[imgs.length];
      for (int i = 0; i < labels.length; i++) labels[i] = in.readUnsignedByte();
    }
    return new TrainData("fashion-mnist:" + (train ? "train" : "test"), 28, 28, 1, imgs, labels, CLASSES);
  }

  private static DataInputStream open(Path f) throws IOException {
    InputStream s = Files.newInputStream(f);
    return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(s), 1 << 16));
  }
}
