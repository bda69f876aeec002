package org.xnorkit.train.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma & Ba) over a fixed list of parameters, with its moments kept beside them so a
 * checkpoint can save and restore the optimizer exactly. Every temporary lives in a per-step
 * sub-manager: gradients are moved there and zeroed in place after the update.
 */
public final class Adam {
  public static final float BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;
  private final List<NDArray> params;
  private final List<NDArray> m = new ArrayList<>(), v = new ArrayList<>();
  private final NDManager owner;
  private long step;

  public Adam(List<NDArray> params, NDManager owner) {
    this.params = List.copyOf(params);
    this.owner = owner;
    for (NDArray p : params) {
      m.add(owner.zeros(p.getShape()));
      v.add(owner.zeros(p.getShape()));
    }
  }

  public long step() { return step; }
  public void setStep(long s) { step = s; }
  public List<NDArray> firstMoments() { return m; }
  public List<NDArray> secondMoments() { return v; }

  /** One update with learning rate {@code lr}; must run outside a gradient collector (no-grad mode). */
  public void update(double lr) {
    step++;
    float bc1 = (float) (1 - Math.pow(BETA1, step)), bc2 = (float) (1 - Math.pow(BETA2, step));
    try (NDManager tmp = owner.newSubManager()) {
      for (int i = 0; i < params.size(); i++) {
        NDArray p = params.get(i);
        NDArray g = p.getGradient();
        g.attach(tmp);
        m.get(i).muli(BETA1).addi(g.mul(1 - BETA1));
        v.get(i).muli(BETA2).addi(g.square().muli(1 - BETA2));
        NDArray mh = BnnNet.local(tmp, m.get(i)).divi(bc1);
        NDArray vh = BnnNet.local(tmp, v.get(i)).divi(bc2).sqrt().addi(EPS);
        p.subi(mh.divi(vh).muli((float) lr));
        g.muli(0);
      }
    }
  }
}
