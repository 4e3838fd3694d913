package io.argus.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digest ./argus test prints last when the suite fails (bin/test-digest.py), on a Surefire report
 * shaped like a real one: a test stopped by its timeout, with JUnit's thread dump in its output.
 */
class TestDigestTest {
    private static final Path ROOT = Path.of(System.getProperty("argus.assets", "assets")).toAbsolutePath().getParent();

    private static final String REPORT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite name="io.argus.it.BacklogTest" tests="2" errors="1" failures="0">
              <testcase name="passes" classname="io.argus.it.BacklogTest" time="1.0"/>
              <testcase name="everyCameraKeepsEveryFrame(Path)" classname="io.argus.it.BacklogTest" time="480.1">
                <error message="everyCameraKeepsEveryFrame(java.nio.file.Path) timed out after 8 minutes" type="java.util.concurrent.TimeoutException"><![CDATA[java.util.concurrent.TimeoutException: everyCameraKeepsEveryFrame(java.nio.file.Path) timed out after 8 minutes
            \tat java.base/java.lang.Object.wait(Native Method)
            \tat org.apache.flink.runtime.minicluster.MiniCluster.executeJobBlocking(MiniCluster.java:1000)
            \tat io.argus.job.ArgusJob.run(ArgusJob.java:120)
            ]]></error>
                <system-out><![CDATA[12:00:00,000 INFO  ArgusJob - submitting Argus: frames from backlog.frames
            12:00:01,000 INFO  OnnxDetector - Loaded model yolov8n
            \tat some.stack.Frame(Frame.java:1)
            Thread "main" prio=5 Id=1 TIMED_WAITING will be interrupted.

            "Reference Handler" daemon prio=10 Id=2 RUNNABLE
            \tat java.base@17/java.lang.ref.Reference.waitForReferencePendingList(Native Method)

            "detect objects -> route inference failures (1/2)#0" prio=5 Id=90 WAITING
            \tat java.base@17/jdk.internal.misc.Unsafe.park(Native Method)
            \tat app//io.argus.udf.inference.BatchingInferenceFunction.asyncInvoke(BatchingInferenceFunction.java:200)

            "argus-model-loader-0" daemon prio=5 Id=91 BLOCKED
            \tat app//io.argus.inference.SharedDetectors.acquire(SharedDetectors.java:30)
            ]]></system-out>
              </testcase>
            </testsuite>
            """;

    @Test
    void saysWhatFailedAndWhereItHung(@TempDir Path dir) throws Exception {
        Path reports = Files.createDirectories(dir.resolve("tests/target/surefire-reports"));
        Files.writeString(reports.resolve("TEST-io.argus.it.BacklogTest.xml"), REPORT);
        // A report left by an earlier run: not this run's failure.
        Path old = Files.writeString(reports.resolve("TEST-io.argus.it.OldTest.xml"), REPORT.replace("BacklogTest", "OldTest"));
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));

        String out = digest(dir, "--since", Long.toString(System.currentTimeMillis() / 1000 - 60));
        assertThat(out).contains("what failed: 1 test(s)")
                .contains("FAILED io.argus.it.BacklogTest.everyCameraKeepsEveryFrame(Path) after 480 s")
                .contains("at io.argus.job.ArgusJob.run(ArgusJob.java:120)")
                .contains("INFO  OnnxDetector - Loaded model yolov8n")
                .contains("\"detect objects -> route inference failures (1/2)#0\" prio=5 Id=90 WAITING")
                .contains("BatchingInferenceFunction.asyncInvoke")
                .contains("\"argus-model-loader-0\" daemon prio=5 Id=91 BLOCKED")
                .contains("SharedDetectors.acquire")
                .doesNotContain("Reference Handler").doesNotContain("OldTest").doesNotContain("passes")
                .doesNotContain("some.stack.Frame");
        // The message once, not again as the stack trace's first line.
        assertThat(out.split("timed out after 8 minutes", -1)).hasSize(2);

        assertThat(digest(dir, "--since", Long.toString(System.currentTimeMillis() / 1000 + 60)))
                .contains("no failed test in the reports");
    }

    private static String digest(Path root, String... args) throws Exception {
        String[] cmd = new String[3 + args.length];
        cmd[0] = "/usr/bin/python3";
        cmd[1] = ROOT.resolve("bin/test-digest.py").toString();
        cmd[2] = root.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
