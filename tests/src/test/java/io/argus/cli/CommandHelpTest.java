package io.argus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.ingest.IngestMain;
import io.argus.job.ArgusJob;
import io.argus.job.DetectMain;
import io.argus.job.MaintainMain;
import io.argus.job.MigrateMain;
import io.argus.notify.NotifyMain;
import io.argus.report.ReportMain;
import io.argus.serve.ServeMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code ./argus COMMAND --help} prints bin/help/COMMAND.txt without building; each file must be the
 * command's own usage. With -Dargus.help.write=true the test writes them instead (after a flag change).
 */
class CommandHelpTest {
    private static final Path HELP = Path.of(System.getProperty("argus.assets", "assets")).toAbsolutePath().getParent().resolve("bin/help");

    private static Map<String, String> usages() {
        Map<String, String> m = new TreeMap<>();
        m.put("ingest", IngestMain.FLAGS.usage());
        m.put("run", ArgusJob.usage());
        m.put("detect", DetectMain.FLAGS.usage());
        m.put("model", io.argus.job.ModelMain.FLAGS.usage());
        m.put("migrate", MigrateMain.FLAGS.usage());
        m.put("maintain", MaintainMain.FLAGS.usage());
        m.put("report", ReportMain.FLAGS.usage());
        m.put("notify", NotifyMain.FLAGS.usage());
        m.put("serve", ServeMain.FLAGS.usage());
        return m;
    }

    @Test
    void everyHelpFileIsItsCommandsUsage() throws Exception {
        boolean write = Boolean.getBoolean("argus.help.write");
        for (Map.Entry<String, String> e : usages().entrySet()) {
            Path f = HELP.resolve(e.getKey() + ".txt");
            if (write) {
                Files.createDirectories(HELP);
                Files.writeString(f, e.getValue());
            }
            assertThat(f).as("bin/help/%s.txt (regenerate: mvn verify -pl tests -Dtest=CommandHelpTest -Dargus.help.write=true)", e.getKey())
                    .exists();
            assertThat(Files.readString(f)).as(f.toString()).isEqualTo(e.getValue());
        }
    }

    @Test
    void theSameThingHasTheSameFlagInEveryCommand() {
        for (Map.Entry<String, String> e : usages().entrySet()) {
            String u = e.getValue();
            assertThat(u).as(e.getKey()).doesNotContain("--user ", "--password ", "--password-file", "--camera-id", "--conf ",
                    "--config CAMERAS", "--jdbc.url", "--kafka.bootstrap-servers");
            if (u.contains("JDBC URL")) assertThat(u).as(e.getKey()).contains("--jdbc-url URL", "--jdbc-user USER", "--jdbc-password-file FILE");
        }
        assertThat(usages().get("ingest")).contains("--bootstrap-servers HOST:PORT", "--cameras FILE", "--camera ID");
        assertThat(usages().get("run")).contains("--bootstrap-servers HOST:PORT", "--cameras FILE", "--model FILE", "--confidence C");
        assertThat(usages().get("detect")).contains("--model FILE", "--confidence C");
    }
}
