package org.xnorkit.driver;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.xnorkit.model.io.AtomicFiles;

/**
 * The benchmark's PNG bar chart and self-contained HTML page (the chart embedded as a data URI).
 * Two panels that never share an axis: the accelerator's and the CPU's classification throughput
 * (what the hardware would do), and each simulation backend's speed on this machine (how fast we
 * can check it).
 */
public final class BenchReport {
  /** Everything the page shows. {@code mismatches} is null when results were not checked. */
  public record Summary(String model, String data, String plan, Benchmark.Cpu cpu, Benchmark.Accel accel,
                        List<Benchmark.Simulation> simulations, Integer mismatches, int checkedImages,
                        List<String[]> extraRows) {
    public double speedup() { return accel.imagesPerSecond() / cpu.imagesPerSecond(); }
  }

  private BenchReport() {}

  /** A bar chart of {@code values} (log scale) with labels and a title; null or non-positive values are skipped. */
  record Bar(String label, double value, Color color) {}

  /** Writes {@code bench.png} and {@code bench.html} into {@code dir}; returns the HTML file. */
  public static Path write(Path dir, Summary s) throws IOException {
    Files.createDirectories(dir);
    byte[] png = chart(s);
    AtomicFiles.write(dir.resolve("bench.png"), png);
    Path html = dir.resolve("bench.html");
    AtomicFiles.writeString(html, html(s, png));
    return html;
  }

  static byte[] chart(Summary s) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Bar> speed = new ArrayList<>();
    speed.add(new Bar("CPU (" + s.cpu().threads() + " threads)", s.cpu().imagesPerSecond(), new Color(0x4c72b0)));
    speed.add(new Bar(String.format(Locale.ROOT, "accelerator @ %.0f MHz", s.accel().clockMhz()), s.accel().imagesPerSecond(), new Color(0xdd8452)));
    if (s.accel().clockMhz() != 200) speed.add(new Bar("accelerator @ 200 MHz (assumed)", s.accel().imagesPerSecondAt200(), new Color(0xf0b27a)));
    List<Bar> sims = new ArrayList<>();
    for (Benchmark.Simulation sim : s.simulations()) sims.add(new Bar(sim.backend() + " simulation", sim.imagesPerSecond(), new Color(0x55a868)));
    int w = 1100, h = 460;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    panel(g, 20, 20, 640, 420, "Classification throughput, images/s (log scale)", speed);
    panel(g, 690, 20, 390, 420, "Simulation speed on this machine, images/s (log)", sims);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static void panel(Graphics2D g, int x, int y, int w, int h, String title, List<Bar> bars) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, x, y + 14);
    int top = y + 40, bottom = y + h - 90, left = x + 50, right = x + w - 10;
    double max = 1, min = Double.MAX_VALUE;
    for (Bar b : bars) if (b.value() > 0) { max = Math.max(max, b.value()); min = Math.min(min, b.value()); }
    if (min == Double.MAX_VALUE) min = 1;
    int lo = (int) Math.floor(Math.log10(Math.max(min, 1e-3))) - 1, hi = (int) Math.ceil(Math.log10(max));
    if (hi <= lo) hi = lo + 1;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.setStroke(new BasicStroke(1));
    for (int e = lo; e <= hi; e++) {
      int yy = bottom - (int) ((e - lo) / (double) (hi - lo) * (bottom - top));
      g.setColor(new Color(0xdddddd));
      g.drawLine(left, yy, right, yy);
      g.setColor(Color.DARK_GRAY);
      g.drawString("1e" + e, x + 10, yy + 4);
    }
    g.setColor(Color.BLACK);
    g.drawLine(left, top, left, bottom);
    g.drawLine(left, bottom, right, bottom);
    if (bars.isEmpty()) {
      g.drawString("(none ran)", left + 20, (top + bottom) / 2);
      return;
    }
    int slot = (right - left) / bars.size(), bw = Math.min(90, slot * 3 / 5);
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int cx = left + slot * i + slot / 2;
      if (b.value() > 0) {
        double frac = (Math.log10(b.value()) - lo) / (hi - lo);
        int bh = (int) Math.max(1, frac * (bottom - top));
        g.setColor(b.color());
        g.fillRect(cx - bw / 2, bottom - bh, bw, bh);
        g.setColor(Color.BLACK);
        String v = human(b.value());
        g.drawString(v, cx - g.getFontMetrics().stringWidth(v) / 2, bottom - bh - 4);
      }
      g.setColor(Color.BLACK);
      int ly = bottom + 16;
      for (String part : wrap(b.label(), 18)) {
        g.drawString(part, cx - g.getFontMetrics().stringWidth(part) / 2, ly);
        ly += 14;
      }
    }
  }

  private static List<String> wrap(String s, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : s.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) line.append(' ');
      line.append(word);
    }
    if (line.length() > 0) lines.add(line.toString());
    return lines;
  }

  static String human(double v) {
    if (v >= 1e9) return String.format(Locale.ROOT, "%.2f G", v / 1e9);
    if (v >= 1e6) return String.format(Locale.ROOT, "%.2f M", v / 1e6);
    if (v >= 1e4) return String.format(Locale.ROOT, "%.1f k", v / 1e3);
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** The rows of the comparison table: figure, value, how it was obtained. */
  public static List<String[]> rows(Summary s) {
    List<String[]> r = new ArrayList<>(s.extraRows());
    Benchmark.Cpu c = s.cpu();
    Benchmark.Accel a = s.accel();
    r.add(new String[] {"CPU images/s", fmt("%.0f", c.imagesPerSecond()), "reference engine, " + c.threads() + " threads, batched, " + c.images() + " images timed"});
    r.add(new String[] {"CPU latency", fmt("%.1f us", c.latencyMicros()), "one image on one thread (median)"});
    r.add(new String[] {"CPU binary ops/s", fmt("%.3g", c.binaryOpsPerSecond()), c.binaryOpsPerImage() + " BOPs per image"});
    r.add(new String[] {"XNOR-popcount peak", fmt("%.3g BOP/s", c.peakBinaryOpsPerSecond()), "native microbenchmark (gcc -O3 -march=native), " + c.peakThreads() + " threads, same run"});
    r.add(new String[] {"CPU fraction of peak", fmt("%.1f %%", 100 * c.popcountPeakFraction()), "CPU binary ops/s / peak"});
    r.add(new String[] {"accelerator cycles/image", fmt("%.1f", a.cyclesPerImage()), a.source().equals("analytical") ? "analytical estimate (no simulation ran)"
        : "steady state measured in the " + a.source() + " run (analytical " + a.analyticalCyclesPerImage() + ")"});
    r.add(new String[] {"accelerator latency", a.latencyCycles() + " cycles", "first input beat to last result beat, empty pipeline"});
    r.add(new String[] {fmt("accelerator images/s @ %.0f MHz", a.clockMhz()), fmt("%.0f", a.imagesPerSecond()), fmt("f_clk / cycles per image; latency %.2f us", a.latencyMicros())});
    if (a.clockMhz() != 200)
      r.add(new String[] {"accelerator images/s @ 200 MHz", fmt("%.0f", a.imagesPerSecondAt200()), "ASSUMPTION: no timing report supports 200 MHz"});
    r.add(new String[] {"speedup", fmt("%.2fx", s.speedup()), fmt("accelerator @ %.0f MHz / CPU", a.clockMhz())});
    for (Benchmark.Simulation sim : s.simulations())
      r.add(new String[] {sim.backend() + " simulation speed", fmt("%.1f images/s", sim.imagesPerSecond()),
          fmt("SIMULATION speed on this machine: %d images, %.2f s wall, %.3g cycles/s", sim.images(), sim.wallSeconds(), sim.cyclesPerSecond())});
    r.add(new String[] {"mismatches", s.mismatches() == null ? "not checked" : s.mismatches().toString(),
        s.mismatches() == null ? "run with --check" : "every simulated result against the CPU path (" + s.checkedImages() + " results)"});
    return r;
  }

  static String html(Summary s, byte[] png) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>xnorkit bench: ").append(esc(s.model())).append("</title>\n");
    sb.append("<style>body{font-family:sans-serif;max-width:1150px;margin:2em auto;color:#222}table{border-collapse:collapse}"
        + "td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}"
        + ".note{color:#555;font-size:90%}</style></head><body>\n");
    sb.append("<h1>xnorkit bench: ").append(esc(s.model())).append("</h1>\n");
    sb.append("<p>Data: ").append(esc(s.data())).append(". Plan: ").append(esc(s.plan())).append(".</p>\n");
    sb.append("<img alt=\"throughput chart\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append("\">\n");
    sb.append("<table><tr><th>figure</th><th>value</th><th>how</th></tr>\n");
    for (String[] row : rows(s))
      sb.append("<tr><td>").append(esc(row[0])).append("</td><td class=\"n\">").append(esc(row[1])).append("</td><td>").append(esc(row[2])).append("</td></tr>\n");
    sb.append("</table>\n<p class=\"note\">The accelerator's throughput is its clock frequency divided by the cycles per image that a "
        + "cycle-accurate simulation of the generated RTL measured; it is what the hardware would do, not how fast the simulation ran. "
        + "Simulation speeds are wall-clock figures of the simulators on this machine and are shown apart.</p>\n</body></html>\n");
    return sb.toString();
  }

  private static String fmt(String f, Object... a) { return String.format(Locale.ROOT, f, a); }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
