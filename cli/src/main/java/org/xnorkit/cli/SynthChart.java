package org.xnorkit.cli;

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
import javax.imageio.ImageIO;
import org.xnorkit.hwgen.synth.SynthReport;
import org.xnorkit.model.io.AtomicFiles;

/**
 * Resources per unit as a PNG bar chart (java.awt, headless) and an HTML page that shows it with
 * the figures as a table. Three panels: LUTs, flip-flops, block RAM; measured bars solid, the
 * estimate as an outlined bar beside it.
 */
final class SynthChart {
  private SynthChart() {}

  static void write(SynthReport r, Path html) throws IOException {
    System.setProperty("java.awt.headless", "true");
    String name = html.getFileName().toString();
    String base = name.endsWith(".html") ? name.substring(0, name.length() - 5) : name;
    Path png = html.resolveSibling(base + ".png");
    AtomicFiles.write(png, png(r));
    AtomicFiles.writeString(html, html(r, png.getFileName().toString()));
  }

  private record Metric(String title, java.util.function.ToLongFunction<SynthReport.Unit> measured,
                        java.util.function.ToLongFunction<SynthReport.Unit> estimate) {}

  static byte[] png(SynthReport r) throws IOException {
    List<SynthReport.Unit> units = r.units();
    List<Metric> metrics = List.of(
        new Metric("LUTs", u -> u.measured().luts(), u -> u.estimate() == null ? -1 : u.estimate().luts()),
        new Metric("flip-flops", u -> u.measured().ffs(), u -> u.estimate() == null ? -1 : u.estimate().ffs()),
        new Metric(r.target().id().equals("ice40") ? "RAM4K blocks" : "block RAM (RAMB18)", u -> u.measured().bram18(),
            u -> u.estimate() == null ? -1 : u.estimate().bram18()));
    int panelW = Math.max(300, 60 + units.size() * 44), panelH = 300, w = panelW * metrics.size(), h = panelH + 70;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11), bold = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    Color bar = new Color(0x3b6ea5), est = new Color(0xd08a2c);
    for (int mi = 0; mi < metrics.size(); mi++) {
      Metric m = metrics.get(mi);
      int x0 = mi * panelW + 50, y0 = 30, plotW = panelW - 70, plotH = panelH - 60;
      long max = 1;
      for (SynthReport.Unit u : units) max = Math.max(max, Math.max(m.measured.applyAsLong(u), m.estimate.applyAsLong(u)));
      g.setColor(Color.BLACK);
      g.setFont(bold);
      g.drawString(m.title, x0, 20);
      g.setFont(small);
      g.drawLine(x0, y0 + plotH, x0 + plotW, y0 + plotH);
      g.drawLine(x0, y0, x0, y0 + plotH);
      g.drawString(Long.toString(max), x0 - 45, y0 + 10);
      g.drawString("0", x0 - 12, y0 + plotH);
      int slot = plotW / Math.max(1, units.size());
      for (int i = 0; i < units.size(); i++) {
        SynthReport.Unit u = units.get(i);
        int bx = x0 + i * slot + 4, bw = Math.max(4, (slot - 8) / 2);
        long v = m.measured.applyAsLong(u), e = m.estimate.applyAsLong(u);
        int bh = (int) Math.round((double) v / max * plotH);
        g.setColor(bar);
        g.fillRect(bx, y0 + plotH - bh, bw, bh);
        if (e >= 0) {
          int eh = (int) Math.round((double) e / max * plotH);
          g.setColor(est);
          g.setStroke(new BasicStroke(2));
          g.drawRect(bx + bw, y0 + plotH - eh, bw, eh);
        }
        g.setColor(Color.BLACK);
        String label = u.name().length() > 7 ? u.name().substring(0, 7) : u.name();
        g.drawString(label, bx, y0 + plotH + 14);
      }
    }
    g.setFont(small);
    g.setColor(bar);
    g.fillRect(50, h - 22, 12, 12);
    g.setColor(Color.BLACK);
    g.drawString("measured (Yosys " + r.target().command() + ")", 66, h - 12);
    g.setColor(est);
    g.drawRect(330, h - 22, 12, 12);
    g.setColor(Color.BLACK);
    g.drawString("estimate (cost model; MVTUs only)", 346, h - 12);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static String esc(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); }

  static String html(SynthReport r, String png) {
    StringBuilder s = new StringBuilder();
    s.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>xnorkit synth: ").append(esc(r.design()))
        .append("</title>\n<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:right}td:first-child{text-align:left}</style></head><body>\n");
    s.append("<h1>").append(esc(r.design())).append("</h1>\n<p>").append(esc(r.target().command())).append(", ").append(esc(r.yosys())).append("</p>\n");
    s.append("<img src=\"").append(esc(png)).append("\" alt=\"resources per unit\">\n<table>\n<tr><th>unit</th><th>LUT</th><th>est</th><th>FF</th><th>est</th><th>BRAM</th><th>est</th><th>LUTRAM</th><th>DSP</th><th>carry</th><th>levels</th></tr>\n");
    for (SynthReport.Unit u : r.units()) {
      s.append("<tr><td>").append(esc(u.name())).append("</td><td>").append(u.measured().luts()).append("</td><td>").append(u.estimate() == null ? "-" : u.estimate().luts())
          .append("</td><td>").append(u.measured().ffs()).append("</td><td>").append(u.estimate() == null ? "-" : u.estimate().ffs())
          .append("</td><td>").append(u.measured().bram18()).append("</td><td>").append(u.estimate() == null ? "-" : u.estimate().bram18())
          .append("</td><td>").append(u.measured().lutram()).append("</td><td>").append(u.measured().dsps()).append("</td><td>").append(u.measured().carry())
          .append("</td><td>").append(u.logicLevels()).append("</td></tr>\n");
    }
    s.append("<tr><th>total</th><th>").append(r.total().luts()).append("</th><th>").append(r.estimate().luts()).append("</th><th>").append(r.total().ffs())
        .append("</th><th>").append(r.estimate().ffs()).append("</th><th>").append(r.total().bram18()).append("</th><th>").append(r.estimate().bram18())
        .append("</th><th>").append(r.total().lutram()).append("</th><th>").append(r.total().dsps()).append("</th><th>").append(r.total().carry()).append("</th><th></th></tr>\n");
    s.append("</table>\n</body></html>\n");
    return s.toString();
  }
}
