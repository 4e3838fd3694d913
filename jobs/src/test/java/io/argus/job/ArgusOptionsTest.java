package io.argus.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgusOptionsTest {
    @Test
    void defaultsAreTheDocumentedOnes() throws Exception {
        ArgusJobConfig c = ArgusJobConfig.from(ArgusOptions.parse(new String[0]));
        assertThat(c.framesTopic()).isEqualTo("argus.frames");
        assertThat(c.dlqTopic()).isEqualTo("argus.frames.dlq");
        assertThat(c.startingOffsets()).isEqualTo("committed");
        assertThat(c.inference().batchSize()).isEqualTo(4);
        assertThat(c.inference().provider()).isEqualTo("auto");
        assertThat(c.inference().decoder()).isEqualTo("auto");
        assertThat(c.jdbc().batchIntervalMs()).isEqualTo(1000);
        assertThat(c.inferenceTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.envelopeRules().maxPayloadBytes()).isEqualTo(8 * 1024 * 1024);
    }

    @Test
    void acceptsBothSpellingsAndBothForms() throws Exception {
        ArgusJobConfig c = ArgusJobConfig.from(ArgusOptions.parse(new String[] {
            "--kafka.bootstrap-servers", "h:1", "--argus.inference.batch-size=8", "--watermark.idleness", "5 s", "--inference.decoder", "imageio"}));
        assertThat(c.inference().decoder()).isEqualTo("imageio");
        assertThat(c.bootstrapServers()).isEqualTo("h:1");
        assertThat(c.inference().batchSize()).isEqualTo(8);
        assertThat(c.idleness()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsAConfigFileAndArgumentsAfterItWin(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("argus.yaml");
        Files.writeString(f, "# comment\nargus.kafka.group-id: from-file\ninference.batch-size: 2\n");
        ArgusJobConfig c = ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--config", f.toString(), "--inference.batch-size", "3"}));
        assertThat(c.groupId()).isEqualTo("from-file");
        assertThat(c.inference().batchSize()).isEqualTo(3);
    }

    @Test
    void mistakesNameTheOption() {
        assertThatThrownBy(() -> ArgusOptions.parse(new String[] {"--kafka.bootstrap-server", "x"}))
                .hasMessageContaining("unknown option 'argus.kafka.bootstrap-server'");
        assertThatThrownBy(() -> ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--kafka.starting-offsets", "yesterday"})))
                .hasMessageStartingWith("argus.kafka.starting-offsets:");
        assertThatThrownBy(() -> ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--inference.batch-size", "0"})))
                .hasMessageStartingWith("argus.inference.batch-size:");
        assertThatThrownBy(() -> ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--inference.provider", "tpu"})))
                .hasMessageStartingWith("argus.inference.provider:");
        assertThatThrownBy(() -> ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--inference.decoder", "libjpeg"})))
                .hasMessageStartingWith("argus.inference.decoder:");
        assertThatThrownBy(() -> ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--jdbc.url", "jdbc:mysql://x/y"})))
                .hasMessageStartingWith("argus.jdbc.url:");
        assertThatThrownBy(() -> ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--kafka.dlq-topic", "argus.frames"})))
                .hasMessageStartingWith("argus.kafka.dlq-topic:");
        assertThatThrownBy(() -> ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--model.path", "/nope.onnx"})).inference().requireModelFile())
                .hasMessageStartingWith("argus.model.path: no model file at /nope.onnx");
    }

    @Test
    void passwordFileWinsAndIsNeverPrinted(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pw");
        Files.writeString(f, "s3cret\n");
        ArgusJobConfig c = ArgusJobConfig.from(ArgusOptions.parse(new String[] {"--jdbc.password-file", f.toString()}));
        assertThat(c.jdbc().password()).isEqualTo("s3cret");
        assertThat(c.jdbc().toString()).doesNotContain("s3cret");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        String h = ArgusOptions.help();
        for (var o : ArgusOptions.all()) assertThat(h).contains("--" + o.key());
        assertThat(h).contains("default: argus.frames.dlq");
    }
}
