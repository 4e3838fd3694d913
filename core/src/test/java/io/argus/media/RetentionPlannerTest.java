package io.argus.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.media.RetentionPlanner.Item;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {
    private static Item item(String kind, String ep, String cam, long ts, long bytes) {
        return new Item(kind, ep, cam, ts, bytes);
    }

    @Test
    void byAgeOldestFirst() {
        List<Item> items = List.of(item("clip", "c", "a", 500, 10), item("snapshot", "a", "a", 100, 10), item("snapshot", "b", "b", 900, 10),
                item("clip", "a", "a", 100, 10));
        // now 1000, max age 400: everything before 600 goes.
        assertThat(RetentionPlanner.plan(items, 1000, 400, 0))
                .containsExactly(item("clip", "a", "a", 100, 10), item("snapshot", "a", "a", 100, 10), item("clip", "c", "a", 500, 10));
    }

    @Test
    void bySizePerCameraOldestFirstUntilItFits() {
        List<Item> items = List.of(item("clip", "1", "a", 100, 50), item("clip", "2", "a", 200, 30), item("clip", "3", "a", 300, 40),
                item("clip", "4", "b", 100, 500));
        // Camera a holds 120 over a limit of 75: 100 (50) goes -> 70 fits. Camera b: 500 > 75, its only item goes.
        assertThat(RetentionPlanner.plan(items, 1000, 0, 75)).extracting(Item::episodeId).containsExactly("1", "4");
    }

    @Test
    void ageAndSizeTogetherCountWhatAgeAlreadyRemoved() {
        List<Item> items = List.of(item("clip", "1", "a", 100, 50), item("clip", "2", "a", 800, 30), item("clip", "3", "a", 900, 40));
        // Age removes 1 (before 500); 70 left, within 75: nothing more.
        assertThat(RetentionPlanner.plan(items, 1000, 500, 75)).extracting(Item::episodeId).containsExactly("1");
        // With a limit of 60, 2 goes as well.
        assertThat(RetentionPlanner.plan(items, 1000, 500, 60)).extracting(Item::episodeId).containsExactly("1", "2");
    }

    @Test
    void noLimitsNothingGoes() {
        assertThat(RetentionPlanner.plan(List.of(item("clip", "1", "a", 0, 1L << 40)), 1000, 0, 0)).isEmpty();
    }
}
