package org.xnorkit.model.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnorkit.model.InputSpec;
import org.xnorkit.model.Network;
import org.xnorkit.model.TensorType;
import org.xnorkit.model.layer.ConvLayer;
import org.xnorkit.model.layer.DenseLayer;
import org.xnorkit.model.layer.FlattenLayer;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.layer.LayerVisitor;
import org.xnorkit.model.layer.MaxPoolLayer;
import org.xnorkit.model.layer.OutputLayer;
import org.xnorkit.model.layer.conv.ConvReference;
import org.xnorkit.model.layer.dense.DenseReference;
import org.xnorkit.model.layer.maxpool.MaxPoolReference;
import org.xnorkit.model.layer.output.OutputReference;

/**
 * The golden model of docs/semantics.md and the fast CPU path in one: bit-packed activations,
 * XNOR-popcount over 64-bit words, int8 first layers by add/subtract over bit slices, max-pool as OR
 * of thermometer planes, scores in 64-bit. Every result is exact; the test suite checks it against a
 * naive evaluator written straight from the semantics.
 *
 * <p>At construction each tensor gets a {@link Layout} chosen by the layer that reads it (pixel
 * layouts with a constant pad border for conv2d and maxpool, flat vectors for dense and output;
 * a flatten layer is a view and moves nothing), and each layer a kernel from
 * {@code org.xnorkit.model.layer.<kind>}. Per-thread {@link Scratch} holds all buffers, so
 * inference allocates only its result.
 *
 * <p>Thread-safe. {@link #inferBatch} spreads images over a fixed pool of daemon threads (one per
 * available processor by default); each image is computed independently, so results do not depend
 * on the thread count. {@link #close()} stops the pool.
 */
public final class ReferenceEngine implements AutoCloseable {
  private final Network network;
  private final List<TensorType> types;
  private final Layout[] layouts;      // tensor t (input of layer t), t < layers
  private final int[] bufferOf;        // tensor t → buffer index (a flatten's input shares its output's)
  private final int[] bufferWords;
  private final LayerKernel[] kernels; // null for flatten and for the output layer
  private final OutputReference output;
  private final int[] table;
  private final int pixelsPerImage;
  private final int valuesSize;
  private final int pixelSize;
  private final int windowSize;
  private final int threads;
  private final ThreadLocal<Scratch> scratch;
  private final Object poolLock = new Object();
  private ExecutorService pool;

  /** An engine using all available processors for batches. */
  public ReferenceEngine(Network network) { this(network, Runtime.getRuntime().availableProcessors()); }

  /** An engine using {@code threads} threads for batches (1: the caller's thread only). */
  public ReferenceEngine(Network network, int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads (" + threads + ") must be >= 1");
    this.network = network;
    this.threads = threads;
    this.types = network.tensorTypes();
    List<Layer> layers = network.layers();
    int n = layers.size();
    layouts = new Layout[n];
    bufferOf = new int[n];
    List<Integer> words = new ArrayList<>();
    for (int t = n - 1; t >= 0; t--) {
      final int next = t + 1;
      final TensorType in = types.get(t);
      Layer layer = layers.get(t);
      layouts[t] = layer.accept(new LayerVisitor<Layout>() {
        @Override public Layout visitDense(DenseLayer d) { return Layout.flat(in); }
        @Override public Layout visitConv(ConvLayer c) { return Layout.pixels(in, c.padding(), c.padValue()); }
        @Override public Layout visitMaxPool(MaxPoolLayer p) { return Layout.pixels(in, 0, 0); }
        @Override public Layout visitFlatten(FlattenLayer f) { return layouts[next].flattenedFrom(in); }
        @Override public Layout visitOutput(OutputLayer o) { return Layout.flat(in); }
      });
      if (layer instanceof FlattenLayer) bufferOf[t] = bufferOf[next];
      else { bufferOf[t] = words.size(); words.add(layouts[t].bufferWords()); }
    }
    bufferWords = words.stream().mapToInt(Integer::intValue).toArray();

    kernels = new LayerKernel[n];
    for (int t = 0; t < n - 1; t++) {
      final Layout in = layouts[t], out = layouts[t + 1];
      kernels[t] = layers.get(t).accept(new LayerVisitor<LayerKernel>() {
        @Override public LayerKernel visitDense(DenseLayer d) { return new DenseReference(d, in, out); }
        @Override public LayerKernel visitConv(ConvLayer c) { return new ConvReference(c, in, out); }
        @Override public LayerKernel visitMaxPool(MaxPoolLayer p) { return new MaxPoolReference(p, in, out); }
        @Override public LayerKernel visitFlatten(FlattenLayer f) { return null; }
        @Override public LayerKernel visitOutput(OutputLayer o) { throw new IllegalStateException("output layer before the end"); }
      });
    }
    output = new OutputReference(network.output(), layouts[n - 1]);

    InputSpec spec = network.input();
    table = spec.table();
    pixelsPerImage = spec.height() * spec.width() * spec.channels();
    int values = network.classes(), pixel = 0, window = 0; // values also holds the output rows' disagreements
    for (int t = 0; t < n; t++) {
      values = Math.max(values, types.get(t).size()); // a whole tensor (trace, input, integer weights)
      pixel = Math.max(pixel, layouts[t].pixelWords());
    }
    for (int t = 0; t < n; t++) pixel = Math.max(pixel, Layout.planesOf(types.get(t)) * ((types.get(t).channels() + 63) >>> 6));
    for (LayerKernel k : kernels) if (k != null) window = Math.max(window, k.windowWords());
    valuesSize = values;
    pixelSize = pixel;
    windowSize = window;
    scratch = ThreadLocal.withInitial(this::newScratch);
  }

  private Scratch newScratch() {
    long[][] buffers = new long[bufferWords.length][];
    for (int b = 0; b < buffers.length; b++) buffers[b] = new long[bufferWords[b]];
    for (int t = 0; t < layouts.length; t++) layouts[t].initBuffer(buffers[bufferOf[t]]);
    return new Scratch(buffers, valuesSize, pixelSize, windowSize, network.classes());
  }

  public Network network() { return network; }

  /** Threads {@link #inferBatch} uses. */
  public int threads() { return threads; }

  /** Classifies one image: {@code pixels} is H·W·C unsigned bytes in HWC order. */
  public Inference infer(byte[] pixels) {
    checkPixels(pixels, -1);
    Scratch s = scratch.get();
    run(pixels, s);
    return output.readout(s.scores);
  }

  /** Every layer's output for one image. */
  public Trace trace(byte[] pixels) {
    checkPixels(pixels, -1);
    Scratch s = scratch.get();
    run(pixels, s);
    Inference inf = output.readout(s.scores);
    int n = layouts.length;
    int[][] tensors = new int[n][];
    for (int t = 0; t < n; t++) {
      TensorType type = types.get(t);
      int[] v = new int[type.size()];
      int c = type.channels();
      for (int p = 0; p < type.height() * type.width(); p++) layouts[t].readValues(s.buffers[bufferOf[t]], p, v, p * c);
      tensors[t] = v;
    }
    return new Trace(types, tensors, inf);
  }

  /**
   * Classifies many images on the engine's threads. Deterministic: result i is exactly
   * {@code infer(images[i])} whatever the thread count and scheduling.
   */
  public Inference[] inferBatch(byte[][] images) {
    for (int i = 0; i < images.length; i++) checkPixels(images[i], i);
    int n = images.length;
    Inference[] results = new Inference[n];
    if (threads == 1 || n < 2) {
      for (int i = 0; i < n; i++) results[i] = infer(images[i]);
      return results;
    }
    // Chunks small enough to balance the threads, large enough to keep the counter cold.
    int chunk = Math.max(1, Math.min(64, n / (threads * 8)));
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      Scratch s = scratch.get();
      for (int start; (start = next.getAndAdd(chunk)) < n; )
        for (int i = start, end = Math.min(n, start + chunk); i < end; i++) {
          run(images[i], s);
          results[i] = output.readout(s.scores);
        }
    };
    ExecutorService p = pool();
    List<Future<?>> futures = new ArrayList<>(threads - 1);
    for (int t = 0; t < threads - 1; t++) futures.add(p.submit(worker));
    worker.run(); // the caller is one of the threads
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the batch", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException r) throw r;
        if (c instanceof Error err) throw err;
        throw new IllegalStateException(c);
      }
    }
    return results;
  }

  /** Stops the batch threads; the engine stays usable (a later batch starts new ones). */
  @Override public void close() {
    synchronized (poolLock) {
      if (pool != null) pool.shutdown();
      pool = null;
    }
  }

  private ExecutorService pool() {
    synchronized (poolLock) {
      if (pool == null) {
        AtomicInteger id = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads - 1, r -> {
          Thread th = new Thread(r, "xnorkit-engine-" + id.incrementAndGet());
          th.setDaemon(true); // an engine nobody closes must not keep the JVM alive
          return th;
        });
      }
      return pool;
    }
  }

  private void checkPixels(byte[] pixels, int index) {
    if (pixels == null || pixels.length != pixelsPerImage) {
      InputSpec in = network.input();
      throw new IllegalArgumentException((index >= 0 ? "image " + index + ": " : "") + "has "
          + (pixels == null ? "no pixels" : pixels.length + " pixels") + ", expected height*width*channels = "
          + in.height() + "*" + in.width() + "*" + in.channels() + " = " + pixelsPerImage + " (HWC bytes)");
    }
  }

  /** Packs the input, runs the hidden layers, leaves the scores in {@code s.scores}. */
  private void run(byte[] pixels, Scratch s) {
    int[] v = s.values;
    for (int i = 0; i < pixelsPerImage; i++) v[i] = table[pixels[i] & 0xff];
    Layout first = layouts[0];
    long[] buf0 = s.buffers[bufferOf[0]];
    first.writeTensor(buf0, v, s.pixel);
    int n = layouts.length;
    for (int t = 0; t < n - 1; t++) {
      LayerKernel k = kernels[t];
      if (k == null) continue; // flatten: its output is a view of its input
      long[] out = s.buffers[bufferOf[t + 1]];
      layouts[t + 1].prepare(out);
      k.run(s.buffers[bufferOf[t]], out, s);
    }
    output.scores(s.buffers[bufferOf[n - 1]], s.scores, s);
  }
}
