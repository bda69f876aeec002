package org.xnorkit.simulator.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.xnorkit.model.io.AtomicFiles;
import org.xnorkit.simulator.LayerReport;
import org.xnorkit.simulator.PipelineReport;

/**
 * The per-layer utilization of a run as a chart: one stacked bar per unit (busy, starved,
 * blocked, as fractions of the run's cycles), the bottleneck marked. Written as a standalone HTML
 * page (inline SVG plus the report as a table) or as a PNG, by the target's extension; atomically.
 */
public final class UtilizationChart {
  private UtilizationChart() {}

  private static final String BUSY = "#2f7d32", STARVED = "#f2b134", BLOCKED = "#c0392b";

  /** Writes {@code report} to {@code target}: {@code .png} gives an image, anything else HTML. */
  public static void write(PipelineReport report, String title, Path target) throws IOException {
    String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".png")) AtomicFiles.write(target, png(report, title));
    else AtomicFiles.writeString(target, html(report, title));
  }

  // ---- HTML ----

  static String html(PipelineReport r, String title) {
    List<LayerReport> rows = r.layers();
    int barW = 560, rowH = 26, left = 110, top = 30;
    int h = top + rows.size() * rowH + 30;
    StringBuilder s = new StringBuilder();
    s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:3px 8px;text-align:right;border-bottom:1px solid #ddd}")
        .append("td:first-child,th:first-child{text-align:left}.b{font-weight:bold}</style></head><body>\n")
        .append("<h1>").append(esc(title)).append("</h1>\n<p>").append(r.images()).append(" images, ").append(r.cycles()).append(" cycles, ")
        .append(fmt(r.cyclesPerImage())).append(" cycles per image (steady state), latency ").append(r.latencyCycles())
        .append(" cycles. Bottleneck: <span class=\"b\">").append(esc(String.valueOf(r.bottleneck()))).append("</span>.</p>\n");
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(left + barW + 80).append("\" height=\"").append(h).append("\">\n");
    legend(s, left, 12);
    for (int i = 0; i < rows.size(); i++) {
      LayerReport l = rows.get(i);
      int y = top + i * rowH;
      double total = Math.max(1, l.busy() + l.starved() + l.blocked());
      int wb = (int) Math.round(barW * l.busy() / total), ws = (int) Math.round(barW * l.starved() / total);
      int wk = barW - wb - ws;
      boolean bn = l.name().equals(r.bottleneck());
      s.append("<text x=\"").append(left - 8).append("\" y=\"").append(y + 16).append("\" text-anchor=\"end\" font-size=\"13\"")
          .append(bn ? " font-weight=\"bold\"" : "").append(">").append(esc(l.name())).append("</text>\n");
      rect(s, left, y + 3, wb, BUSY);
      rect(s, left + wb, y + 3, ws, STARVED);
      rect(s, left + wb + ws, y + 3, wk, BLOCKED);
      s.append("<text x=\"").append(left + barW + 6).append("\" y=\"").append(y + 16).append("\" font-size=\"12\">")
          .append(String.format(Locale.ROOT, "%.1f %%", 100 * l.utilization())).append("</text>\n");
    }
    s.append("</svg>\n<table>\n<tr><th>unit</th><th>pe</th><th>simd</th><th>nf</th><th>sf</th><th>busy</th><th>starved</th><th>blocked</th>")
        .append("<th>utilization</th><th>est. cycles/image</th><th>cycles/image</th><th>latency</th><th>FIFO depth</th><th>FIFO max</th>")
        .append("<th>FIFO needed</th><th>FIFO stalls</th></tr>\n");
    for (LayerReport l : rows)
      s.append("<tr").append(l.name().equals(r.bottleneck()) ? " class=\"b\"" : "").append("><td>").append(esc(l.name())).append("</td><td>")
          .append(l.pe()).append("</td><td>").append(l.simd()).append("</td><td>").append(l.nf()).append("</td><td>").append(l.sf())
          .append("</td><td>").append(l.busy()).append("</td><td>").append(l.starved()).append("</td><td>").append(l.blocked())
          .append("</td><td>").append(String.format(Locale.ROOT, "%.3f", l.utilization())).append("</td><td>").append(l.estimatedCyclesPerImage())
          .append("</td><td>").append(fmt(l.initiationInterval())).append("</td><td>").append(fmt(l.latencyCycles()))
          .append("</td><td>").append(l.fifoDepth()).append("</td><td>").append(l.fifoMaxOccupancy()).append("</td><td>")
          .append(l.fifoNeededDepth()).append("</td><td>").append(l.fifoStallCycles()).append("</td></tr>\n");
    s.append("</table>\n</body></html>\n");
    return s.toString();
  }

  private static void legend(StringBuilder s, int x, int y) {
    String[][] items = {{BUSY, "busy"}, {STARVED, "starved (no input)"}, {BLOCKED, "blocked (no room downstream)"}};
    for (String[] it : items) {
      s.append("<rect x=\"").append(x).append("\" y=\"").append(y - 9).append("\" width=\"10\" height=\"10\" fill=\"").append(it[0]).append("\"/>")
          .append("<text x=\"").append(x + 14).append("\" y=\"").append(y).append("\" font-size=\"12\">").append(it[1]).append("</text>\n");
      x += 30 + 7 * it[1].length();
    }
  }

  private static void rect(StringBuilder s, int x, int y, int w, String color) {
    if (w <= 0) return;
    s.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w).append("\" height=\"18\" fill=\"").append(color).append("\"/>\n");
  }

  private static String fmt(double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v); }

  private static String esc(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;"); }

  // ---- PNG ----

  static byte[] png(PipelineReport r, String title) throws IOException {
    System.setProperty("java.awt.headless", "true"); // a chart needs no display
    List<LayerReport> rows = r.layers();
    int barW = 560, rowH = 28, left = 120, top = 70;
    int w = left + barW + 90, h = top + rows.size() * rowH + 20;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, 10, 20);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString(String.format(Locale.ROOT, "%d images, %.1f cycles/image, bottleneck %s", r.images(), r.cyclesPerImage(), r.bottleneck()), 10, 38);
      int lx = left;
      String[][] items = {{BUSY, "busy"}, {STARVED, "starved"}, {BLOCKED, "blocked"}};
      for (String[] it : items) {
        g.setColor(Color.decode(it[0]));
        g.fillRect(lx, 48, 10, 10);
        g.setColor(Color.BLACK);
        g.drawString(it[1], lx + 14, 58);
        lx += 90;
      }
      for (int i = 0; i < rows.size(); i++) {
        LayerReport l = rows.get(i);
        int y = top + i * rowH;
        double total = Math.max(1, l.busy() + l.starved() + l.blocked());
        int wb = (int) Math.round(barW * l.busy() / total), ws = (int) Math.round(barW * l.starved() / total);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, l.name().equals(r.bottleneck()) ? Font.BOLD : Font.PLAIN, 12));
        g.drawString(l.name(), 10, y + 15);
        g.setColor(Color.decode(BUSY));
        g.fillRect(left, y, wb, 20);
        g.setColor(Color.decode(STARVED));
        g.fillRect(left + wb, y, ws, 20);
        g.setColor(Color.decode(BLOCKED));
        g.fillRect(left + wb + ws, y, barW - wb - ws, 20);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawString(String.format(Locale.ROOT, "%.1f %%", 100 * l.utilization()), left + barW + 6, y + 15);
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
