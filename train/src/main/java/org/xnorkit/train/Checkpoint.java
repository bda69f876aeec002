package org.xnorkit.train;

import ai.djl.ndarray.NDArray;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.xnorkit.train.nn.Adam;
import org.xnorkit.train.nn.BnnNet;

/**
 * Per-epoch training state: config key, epoch log, optimizer step, every parameter, running
 * statistic and Adam moment, as float32. Written atomically; restored only for the same config.
 */
final class Checkpoint {
  private static final int MAGIC = 0x584e4b43; // "XNKC"
  private Checkpoint() {}

  static void save(Path file, TrainConfig cfg, BnnNet net, Adam adam, List<EpochStats> log) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeUTF(cfg.key());
      out.writeInt(log.size());
      for (EpochStats s : log) {
        out.writeInt(s.epoch());
        out.writeDouble(s.lr()); out.writeDouble(s.trainLoss()); out.writeDouble(s.trainTop1());
        out.writeDouble(s.testLoss()); out.writeDouble(s.testTop1()); out.writeDouble(s.seconds());
      }
      out.writeLong(adam.step());
      for (NDArray a : arrays(net, adam)) {
        float[] v = a.toFloatArray();
        out.writeInt(v.length);
        for (float f : v) out.writeFloat(f);
      }
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    Files.write(tmp, bytes.toByteArray());
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static void restore(Path file, TrainConfig cfg, BnnNet net, Adam adam, List<EpochStats> log) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC) throw new IOException(file + ": not a training checkpoint");
      String key = in.readUTF();
      if (!key.equals(cfg.key()))
        throw new IOException(file + ": checkpoint of another run (" + key + "); delete it or train with the same options (" + cfg.key() + ")");
      int epochs = in.readInt();
      log.clear();
      for (int i = 0; i < epochs; i++)
        log.add(new EpochStats(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
      adam.setStep(in.readLong());
      for (NDArray a : arrays(net, adam)) {
        int n = in.readInt();
        if (n != a.size()) throw new IOException(file + ": array of " + n + " values where " + a.size() + " were expected");
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = in.readFloat();
        a.set(v);
      }
    }
  }

  private static List<NDArray> arrays(BnnNet net, Adam adam) {
    List<NDArray> all = new ArrayList<>(net.trainable());
    all.addAll(net.buffers());
    all.addAll(adam.firstMoments());
    all.addAll(adam.secondMoments());
    return all;
  }
}
