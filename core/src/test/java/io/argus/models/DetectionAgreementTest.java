package io.argus.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.vision.Detection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionAgreementTest {
    private static Detection d(String label, float conf, float x, float y) {
        return new Detection(0, label, conf, x, y, 0.2f, 0.2f);
    }

    @Test
    void matchesBoxesOfTheSameLabelOnce() {
        // Active: two people and a car. Shadow: one person on the first (shifted 0.02: IoU = 0.18*0.2/(2*0.04-0.036) = 0.818),
        // one person overlapping neither (x 0.6), and a dog where the car is (another label: no match).
        List<Detection> active = List.of(d("person", 0.9f, 0.1f, 0.1f), d("person", 0.8f, 0.4f, 0.1f), d("car", 0.7f, 0.1f, 0.6f));
        List<Detection> shadow = List.of(d("person", 0.6f, 0.12f, 0.1f), d("person", 0.5f, 0.7f, 0.1f), d("dog", 0.4f, 0.1f, 0.6f));
        Map<String, DetectionAgreement.Label> a = DetectionAgreement.compare(active, shadow);
        assertThat(a).containsOnlyKeys("car", "dog", "person");
        DetectionAgreement.Label p = a.get("person");
        assertThat(p.activeDetections()).isEqualTo(2);
        assertThat(p.shadowDetections()).isEqualTo(2);
        assertThat(p.matched()).isEqualTo(1);
        assertThat(p.activeConfidenceSum()).isCloseTo(1.7, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(p.shadowConfidenceSum()).isCloseTo(1.1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(a.get("car")).isEqualTo(new DetectionAgreement.Label(1, 0.7f, 0, 0, 0));
        assertThat(a.get("dog").matched()).isZero();
    }

    @Test
    void twoShadowBoxesOnOneActiveBoxMatchOnlyOnce() {
        // IoU of the two shifted boxes with the active one: 0.818 and (0.16*0.2)/(0.08-0.032) = 0.667; the more confident wins.
        List<Detection> active = List.of(d("person", 0.9f, 0.1f, 0.1f));
        List<Detection> shadow = List.of(d("person", 0.3f, 0.14f, 0.1f), d("person", 0.7f, 0.12f, 0.1f));
        assertThat(DetectionAgreement.compare(active, shadow).get("person").matched()).isEqualTo(1);
        // Below the threshold (shift 0.1: IoU 0.1*0.2/(0.08-0.02) = 0.333): no match.
        assertThat(DetectionAgreement.compare(active, List.of(d("person", 0.9f, 0.2f, 0.1f))).get("person").matched()).isZero();
    }
}
