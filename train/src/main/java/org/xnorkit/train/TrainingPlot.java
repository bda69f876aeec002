package org.xnorkit.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG of a training log, drawn headless with java.awt: left panel train/test loss per epoch,
 * right panel train/test top-1 per epoch (test = the float binarized model), and the integer
 * engine's final top-1 as a dashed line when known.
 */
public final class TrainingPlot {
  private TrainingPlot() {}

  public static byte[] png(String title, List<EpochStats> log, double integerTop1) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int w = 900, h = 400;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, 20, 22);
    int n = log.size();
    double[] ep = new double[n], trL = new double[n], teL = new double[n], trA = new double[n], teA = new double[n];
    for (int i = 0; i < n; i++) {
      EpochStats s = log.get(i);
      ep[i] = s.epoch(); trL[i] = s.trainLoss(); teL[i] = s.testLoss(); trA[i] = 100 * s.trainTop1(); teA[i] = 100 * s.testTop1();
    }
    double lossMax = 0, accMin = 100, accMax = 0;
    for (int i = 0; i < n; i++) {
      lossMax = Math.max(lossMax, Math.max(trL[i], teL[i]));
      accMin = Math.min(accMin, Math.min(trA[i], teA[i]));
      accMax = Math.max(accMax, Math.max(trA[i], teA[i]));
    }
    if (integerTop1 >= 0) { accMin = Math.min(accMin, 100 * integerTop1); accMax = Math.max(accMax, 100 * integerTop1); }
    accMin = Math.floor(accMin - 1); accMax = Math.min(100, Math.ceil(accMax + 1));
    Panel left = new Panel(60, 40, 360, 280, 1, Math.max(2, n), 0, lossMax * 1.05 + 1e-9);
    Panel right = new Panel(510, 40, 360, 280, 1, Math.max(2, n), accMin, accMax);
    left.axes(g, "epoch", "loss (cross-entropy)");
    right.axes(g, "epoch", "top-1 (%)");
    left.line(g, ep, trL, new Color(0x1f77b4), false);
    left.line(g, ep, teL, new Color(0xd62728), false);
    right.line(g, ep, trA, new Color(0x1f77b4), false);
    right.line(g, ep, teA, new Color(0xd62728), false);
    if (integerTop1 >= 0) right.line(g, new double[] {1, Math.max(2, n)}, new double[] {100 * integerTop1, 100 * integerTop1}, new Color(0x2ca02c), true);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    legend(g, 80, 385, new Color(0x1f77b4), "train");
    legend(g, 180, 385, new Color(0xd62728), "test (float binarized model)");
    if (integerTop1 >= 0) legend(g, 420, 385, new Color(0x2ca02c), String.format("integer engine, final: %.2f %%", 100 * integerTop1));
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static void legend(Graphics2D g, int x, int y, Color c, String text) {
    g.setColor(c);
    g.fillRect(x, y - 9, 18, 4);
    g.setColor(Color.BLACK);
    g.drawString(text, x + 24, y - 3);
  }

  private record Panel(int x, int y, int w, int h, double x0, double x1, double y0, double y1) {
    int px(double v) { return x + (int) Math.round((v - x0) / (x1 - x0) * w); }
    int py(double v) { return y + h - (int) Math.round((v - y0) / (y1 - y0) * h); }

    void axes(Graphics2D g, String xl, String yl) {
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1));
      g.drawRect(x, y, w, h);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      for (int i = 0; i <= 4; i++) {
        double v = y0 + (y1 - y0) * i / 4;
        g.setColor(new Color(0xdddddd));
        g.drawLine(x, py(v), x + w, py(v));
        g.setColor(Color.BLACK);
        g.drawString(String.format(Math.abs(y1 - y0) < 5 ? "%.2f" : "%.1f", v), x - 45, py(v) + 4);
      }
      int step = Math.max(1, (int) Math.ceil((x1 - x0) / 10));
      for (int e = (int) x0; e <= x1; e += step) g.drawString(Integer.toString(e), px(e) - 4, y + h + 14);
      g.drawString(xl, x + w / 2 - 15, y + h + 30);
      g.drawString(yl, x, y - 6);
    }

    void line(Graphics2D g, double[] xs, double[] ys, Color c, boolean dashed) {
      g.setColor(c);
      g.setStroke(dashed ? new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0) : new BasicStroke(2));
      for (int i = 1; i < xs.length; i++) g.drawLine(px(xs[i - 1]), py(ys[i - 1]), px(xs[i]), py(ys[i]));
      for (int i = 0; i < xs.length && !dashed; i++) g.fillOval(px(xs[i]) - 3, py(ys[i]) - 3, 6, 6);
    }
  }
}
