package org.xnorkit.testbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xnorkit.hwgen.Manifest;
import org.xnorkit.model.Network;
import org.xnorkit.model.TensorType;

/**
 * The inter-layer streams of a generated design that a debug build records: the output stream of
 * every hidden dense, conv2d and max-pool layer, i.e. the {@code io_out} ready/valid port of its
 * unit.
 *
 * <p>How a stream is found and read follows hwgen's RTL and docs/timing.md ("Internal streams"):
 * a dense or conv layer L is an instance of module {@code Mvtu_L} in the top module, a max-pool
 * layer one of {@code MaxPool_L}. The output is {@code vectors} vectors per image (one per output
 * pixel, HWC order; dense: one), each {@code outputs} elements (channels) of K bits (the K
 * thermometer planes, plane k in bit k), {@code beatElems} elements per beat (element i in bits
 * [i·K, (i+1)·K); an MVTU: pe, a max-pool unit: all channels), ⌈outputs/beatElems⌉ beats per vector,
 * the last one padded.
 */
final class LayerStreams {
  private LayerStreams() {}

  /** One probed stream and how to turn its beats for one image into the layer's HWC levels. */
  record Stream(String layer, int layerIndex, Probe probe, int k, int pe, int outputs, int vectors) {
    // pe: elements per beat (an MVTU's PE lanes; a max-pool unit's channels)
    int beatsPerVector() { return (outputs + pe - 1) / pe; }

    int beatsPerImage() { return vectors * beatsPerVector(); }

    /** Levels of one image, HWC; an element whose planes are not a thermometer code decodes to -1. */
    int[] decode(List<LoggedBeat> beats) {
      int[] out = new int[vectors * outputs];
      int i = 0;
      for (int v = 0; v < vectors; v++)
        for (int b = 0; b < beatsPerVector(); b++) {
          byte[] d = beats.get(i++).data();
          for (int lane = 0; lane < pe && b * pe + lane < outputs; lane++) {
            int planes = 0;
            for (int k = 0; k < this.k; k++) {
              int bit = lane * this.k + k;
              planes |= (d[bit >>> 3] >>> (bit & 7) & 1) << k;
            }
            int level = Integer.bitCount(planes);
            out[v * outputs + b * pe + lane] = planes == (1 << level) - 1 ? level : -1;
          }
        }
      return out;
    }
  }

  /**
   * The streams of every hidden compute layer of {@code net} in {@code design}.
   *
   * @throws IllegalStateException when the top module has no instance for a layer (the reason
   *         names it), so the caller can say precisely why it cannot localize
   */
  static List<Stream> of(Network net, Manifest manifest, DesignFiles design) throws IOException {
    Path topFile = design.sources().stream().filter(p -> p.getFileName().toString().equals(manifest.top() + ".sv")).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + manifest.top() + ".sv among the design's sources"));
    String top = Files.readString(topFile, StandardCharsets.UTF_8);
    List<TensorType> types = net.tensorTypes();
    List<Stream> streams = new ArrayList<>();
    for (Manifest.Layer l : manifest.layers()) {
      boolean pool = l.kind().equals("maxpool");
      if (!pool && (l.pe() <= 0 || l.kind().equals("output"))) continue;
      int index = net.indexOf(l.name());
      if (index < 0) throw new IllegalStateException("the manifest names layer " + l.name() + " that the model does not have");
      TensorType t = types.get(index + 1);
      if (t.domain() != TensorType.Domain.LEVELS) throw new IllegalStateException("layer " + l.name() + " does not output levels");
      String module = (pool ? "MaxPool_" : "Mvtu_") + l.name();
      Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(module) + "\\s+(\\w+)\\s*\\(").matcher(top);
      if (!m.find()) throw new IllegalStateException("no instance of module " + module + " in " + topFile.getFileName());
      int beatElems = pool ? t.channels() : l.pe();
      int outputs = pool ? t.channels() : l.outputs();
      int vectors = pool ? t.height() * t.width() : l.vectors();
      if ((long) vectors * outputs != t.size())
        throw new IllegalStateException("layer " + l.name() + ": " + vectors + " vectors of " + outputs + " elements do not make its "
            + t + " output");
      Probe p = new Probe(l.name(), manifest.top() + "." + m.group(1), module, "io_out_valid", "io_out_ready", "io_out_bits", beatElems * t.k());
      streams.add(new Stream(l.name(), index, p, t.k(), beatElems, outputs, vectors));
    }
    return streams;
  }
}
