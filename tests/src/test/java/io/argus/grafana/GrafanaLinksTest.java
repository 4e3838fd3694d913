package io.argus.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dashboards' links open the review page (./argus serve), never a file: URI a browser will not follow. */
class GrafanaLinksTest {
    private static final Path DASHBOARDS = Path.of(System.getProperty("user.dir")).resolveSibling("grafana").resolve("dashboards");

    private static void urls(JsonNode n, List<String> out) {
        if (n.isObject()) {
            if (n.has("url") && n.get("url").isTextual()) out.add(n.get("url").asText());
            n.forEach(c -> urls(c, out));
        } else if (n.isArray()) {
            n.forEach(c -> urls(c, out));
        }
    }

    @Test
    void everyLinkOpensTheReviewPage() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(DASHBOARDS)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(3);
        for (Path f : files) {
            JsonNode d = new ObjectMapper().readTree(f.toFile());
            assertThat(d.path("templating").path("list").findValuesAsText("name")).as(f.toString()).contains("review_url");
            List<String> urls = new ArrayList<>();
            urls(d, urls);
            assertThat(urls).as(f.toString()).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith("${review_url}/"));
        }
        List<String> camera = new ArrayList<>();
        urls(new ObjectMapper().readTree(DASHBOARDS.resolve("camera.json").toFile()), camera);
        assertThat(camera).contains("${review_url}/episodes/${__value.raw}", "${review_url}/api/episodes/${__data.fields.episode}/clip");
    }
}
