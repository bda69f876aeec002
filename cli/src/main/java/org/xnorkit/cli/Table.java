package org.xnorkit.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: left-aligned text, right-aligned numbers, two spaces between columns. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... header) {
    columns = header.length;
    rows.add(header);
  }

  Table row(Object... cells) {
    if (cells.length != columns) throw new IllegalArgumentException("row has " + cells.length + " cells, the table " + columns + " columns");
    String[] r = new String[columns];
    for (int i = 0; i < columns; i++) r[i] = String.valueOf(cells[i]);
    rows.add(r);
    return this;
  }

  void print(PrintWriter out) {
    int[] width = new int[columns];
    boolean[] numeric = new boolean[columns];
    java.util.Arrays.fill(numeric, true);
    for (int k = 0; k < rows.size(); k++)
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], rows.get(k).length == 0 ? 0 : rows.get(k)[i].length());
        if (k > 0 && !rows.get(k)[i].matches("-?[0-9][0-9,.]*( [a-zA-Z]+)?|-")) numeric[i] = false;
      }
    for (String[] r : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        if (i > 0) sb.append("  ");
        String pad = " ".repeat(width[i] - r[i].length());
        sb.append(numeric[i] ? pad + r[i] : r[i] + (i == columns - 1 ? "" : pad));
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}
