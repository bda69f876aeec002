package org.xnorkit.model.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xnorkit.model.Folding;
import org.xnorkit.model.Plan;

class PlanJsonTest {
  @Test
  void roundTrip(@TempDir Path dir) throws Exception {
    Plan plan = new Plan(Map.of("fc1", new Folding(4, 16), "conv0", new Folding(1, 3)), Map.of("fc1", 32, "output", 2), 64, 8);
    String json = PlanJson.toJson(plan);
    assertEquals("""
        {
          "format": "xnorkit-plan/1",
          "foldings": {
            "conv0": {"pe": 1, "simd": 3},
            "fc1": {"pe": 4, "simd": 16}
          },
          "fifoDepths": {"fc1": 32, "output": 2},
          "inputBusBits": 64,
          "outputBusBits": 8
        }
        """, json);
    assertEquals(plan, PlanJson.parse(json, "p.json"));
    Path file = dir.resolve("lfc.plan.json");
    PlanJson.write(plan, file);
    assertEquals(plan, PlanJson.read(file));
  }

  @Test
  void optionalPartsDefault() {
    Plan plan = PlanJson.parse("{\"format\": \"xnorkit-plan/1\", \"foldings\": {\"fc0\": {\"pe\": 2, \"simd\": 2}}}", "p.json");
    assertEquals(new Plan(Map.of("fc0", new Folding(2, 2))), plan);
  }

  @Test
  void siblingOfAModel() {
    assertEquals(Path.of("models", "lfc.plan.json"), PlanJson.siblingOf(Path.of("models", "lfc.json")));
    assertEquals(Path.of("lfc.plan.json"), PlanJson.siblingOf(Path.of("lfc.json")));
    assertEquals(Path.of("m", "net.plan.json"), PlanJson.siblingOf(Path.of("m", "net")));
  }
}
