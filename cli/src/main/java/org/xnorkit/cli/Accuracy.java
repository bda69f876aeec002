package org.xnorkit.cli;

import org.xnorkit.model.engine.Inference;

/**
 * Top-1 and top-5 counts of inferences against labels. Top-1 uses the network's own readout
 * ({@link Inference#predicted()}); top-5 asks whether the label is among the five highest scores,
 * ties broken towards the lower class index as the argmax readout does.
 */
record Accuracy(int images, int correct, int top5Correct) {

  static Accuracy of(Inference[] inferences, int[] labels) {
    int correct = 0, top5 = 0;
    for (int i = 0; i < inferences.length; i++) {
      if (inferences[i].predicted() == labels[i]) correct++;
      if (inTopK(inferences[i], labels[i], 5)) top5++;
    }
    return new Accuracy(inferences.length, correct, top5);
  }

  /** True when fewer than {@code k} classes rank above {@code label} (higher score, or equal score and lower index). */
  static boolean inTopK(Inference inf, int label, int k) {
    if (label < 0 || label >= inf.classes()) return false;
    long s = inf.score(label);
    int above = 0;
    for (int c = 0; c < inf.classes(); c++) {
      long t = inf.score(c);
      if (t > s || (t == s && c < label)) above++;
    }
    return above < k;
  }

  double top1() { return images == 0 ? 0 : (double) correct / images; }

  double top5() { return images == 0 ? 0 : (double) top5Correct / images; }
}
