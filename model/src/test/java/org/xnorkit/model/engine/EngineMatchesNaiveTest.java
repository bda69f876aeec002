package org.xnorkit.model.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import org.xnorkit.model.Network;
import org.xnorkit.model.layer.Layer;
import org.xnorkit.model.testing.RandomNetworks;

/**
 * The reference engine against the naive evaluator on random networks of every kind: every
 * layer's output, the scores, the class bits and the prediction must be identical. Fixed seed,
 * no shrinking (a failure prints the generator seed; {@code new RandomNetworks(seed)} replays it).
 */
class EngineMatchesNaiveTest {
  private static final int IMAGES_PER_NETWORK = 3;
  private static final AtomicLong networks = new AtomicLong();
  private static final AtomicLong images = new AtomicLong();
  private static final AtomicLong layersCompared = new AtomicLong();
  private static final AtomicLong elementsCompared = new AtomicLong();
  private static final AtomicLong ties = new AtomicLong();
  private static final long[] kinds = new long[5];

  @Property(tries = 1200, seed = "7215", shrinking = ShrinkingMode.OFF)
  void engineEqualsNaiveOnEveryLayer(@ForAll long seed) {
    RandomNetworks gen = new RandomNetworks(seed);
    RandomNetworks.Family family = RandomNetworks.Family.values()[(int) Math.floorMod(seed, 3L)];
    Network net = gen.network(RandomNetworks.Bounds.defaults().withFamily(family));
    count(net);
    byte[][] imgs = gen.images(net.input(), IMAGES_PER_NETWORK);
    try (ReferenceEngine engine = new ReferenceEngine(net, 2)) {
      for (byte[] img : imgs) {
        NaiveEvaluator.Result want = NaiveEvaluator.evaluate(net, img);
        Trace got = engine.trace(img);
        String where = "seed " + seed + " (" + family + ", " + describe(net) + ")";
        assertArrayEquals(want.tensors().get(0), got.input(), where + ": input codes");
        for (int i = 0; i < net.layers().size() - 1; i++) {
          int[] w = want.tensors().get(i + 1), g = got.output(i);
          if (!Arrays.equals(w, g)) {
            int e = Arrays.mismatch(w, g);
            throw new AssertionError(where + ": layer " + i + " '" + net.layers().get(i).name() + "' output " + got.type(i + 1)
                + " differs first at element " + e + ": naive " + (e < w.length ? w[e] : "-") + ", engine " + (e < g.length ? g[e] : "-"));
          }
          layersCompared.incrementAndGet();
          elementsCompared.addAndGet(w.length);
        }
        Inference inf = got.inference();
        assertArrayEquals(want.scores(), inf.scores(), where + ": scores");
        assertArrayEquals(want.classBits(), inf.classBits(), where + ": class bits");
        assertEquals(want.predicted(), inf.predicted(), where + ": predicted class");
        assertEquals(inf, engine.infer(img), where + ": infer() differs from trace()");
        ties.addAndGet(want.ties());
        images.incrementAndGet();
      }
      assertEquals(List.of(engine.inferBatch(imgs)), Arrays.stream(imgs).map(engine::infer).toList(), "seed " + seed + ": batch");
    }
    networks.incrementAndGet();
  }

  private static void count(Network net) {
    for (Layer l : net.layers()) {
      switch (l.kind()) {
        case "dense" -> kinds[0]++;
        case "conv2d" -> kinds[1]++;
        case "maxpool" -> kinds[2]++;
        case "flatten" -> kinds[3]++;
        default -> kinds[4]++;
      }
    }
  }

  private static String describe(Network net) {
    StringBuilder sb = new StringBuilder(net.input().toString());
    List<org.xnorkit.model.TensorType> types = net.tensorTypes();
    for (int i = 0; i < net.layers().size(); i++) sb.append(" -> ").append(net.layers().get(i).kind()).append(' ').append(types.get(i + 1));
    return sb.toString();
  }

  @AfterContainer
  static void report() {
    System.out.printf("engine vs naive: %d networks, %d images, %d layer outputs (%d elements) compared, 0 mismatches; "
            + "%d exact threshold ties; layers: %d dense, %d conv2d, %d maxpool, %d flatten, %d output%n",
        networks.get(), images.get(), layersCompared.get(), elementsCompared.get(), ties.get(),
        kinds[0], kinds[1], kinds[2], kinds[3], kinds[4]);
  }
}
