package io.argus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlagsTest {
    private static Flags spec() {
        return new Flags("usage: ./argus thing [flags]", "Does a thing.")
                .jdbc(" (default: the dev stack)")
                .kafka("")
                .option("since", "D", "time range")
                .repeatable("camera", "ID", "only this camera")
                .flag("dry-run", "probe, publish nothing")
                .renamed("camera-id", "camera")
                .passThrough(k -> k.startsWith("storage."), "Also the job's --storage.* options.");
    }

    @Test
    void valuesBothWaysRepeatableFlagsAndPassThrough() {
        Flags.Parsed p = spec().parse(new String[] {"--since", "2h", "--camera=a", "--camera", "b", "--dry-run", "--storage.raw-retention", "7d"});
        assertThat(p.get("since", "24h")).isEqualTo("2h");
        assertThat(p.all("camera")).containsExactly("a", "b");
        assertThat(p.has("dry-run")).isTrue();
        assertThat(p.get("jdbc-url", "none")).isEqualTo("none");
        assertThat(p.handedOn()).containsExactly("--storage.raw-retention", "7d");
    }

    @Test
    void aTypoIsAnsweredWithTheNearestFlag() {
        assertThatThrownBy(() -> spec().parse(new String[] {"--sinse", "2h"})).hasMessageStartingWith("unknown flag --sinse; did you mean --since?");
        assertThatThrownBy(() -> spec().parse(new String[] {"--nope"})).hasMessage("unknown flag --nope (./argus COMMAND --help lists them)");
    }

    @Test
    void anEarlierSpellingIsAnsweredWithItsReplacement() {
        assertThatThrownBy(() -> spec().parse(new String[] {"--camera-id", "x"})).hasMessageContaining("did you mean --camera?");
        assertThatThrownBy(() -> spec().parse(new String[] {"--user", "x"})).hasMessageContaining("did you mean --jdbc-user?");
        assertThatThrownBy(() -> spec().parse(new String[] {"--kafka.bootstrap-servers", "h:1"})).hasMessageContaining("did you mean --bootstrap-servers?");
    }

    @Test
    void passwordsAreNeverTakenOnTheCommandLine() {
        for (String flag : new String[] {"--password", "--jdbc.password", "--jdbc-password"}) {
            assertThatThrownBy(() -> spec().parse(new String[] {flag, "secret"})).hasMessageContaining("never taken on the command line")
                    .hasMessageContaining("--jdbc-password-file");
        }
    }

    @Test
    void aMissingValueOrAValueForAFlagIsNamed() {
        assertThatThrownBy(() -> spec().parse(new String[] {"--since"})).hasMessage("--since needs a value (--since D)");
        assertThatThrownBy(() -> spec().parse(new String[] {"--since", "--dry-run"})).hasMessage("--since needs a value (--since D)");
        assertThatThrownBy(() -> spec().parse(new String[] {"--dry-run=yes"})).hasMessage("--dry-run takes no value");
        assertThatThrownBy(() -> spec().parse(new String[] {"--since", "1h", "--since", "2h"})).hasMessage("--since given twice");
        assertThatThrownBy(() -> spec().parse(new String[] {"stray"})).hasMessageContaining("unexpected argument 'stray'");
    }

    @Test
    void thePasswordComesFromTheFile(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("pw"), "s3cret\nignored\n");
        assertThat(spec().parse(new String[] {"--jdbc-password-file", f.toString()}).jdbcPassword()).isEqualTo("s3cret");
        assertThatThrownBy(() -> spec().parse(new String[] {"--jdbc-password-file", dir.resolve("none").toString()}).jdbcPassword())
                .hasMessageContaining("--jdbc-password-file: cannot read");
    }

    @Test
    void usageListsEveryFlagAligned() {
        String u = spec().usage();
        assertThat(u).startsWith("usage: ./argus thing [flags]\n\nDoes a thing.\n\n")
                // Padded to the widest, "--bootstrap-servers HOST:PORT" (29 characters), then two spaces.
                .contains("  --jdbc-url URL" + " ".repeat(15) + "  PostgreSQL/TimescaleDB JDBC URL (default: the dev stack)\n")
                .contains("  --help" + " ".repeat(23) + "  this text\n", "  --version" + " ".repeat(20) + "  the Argus version\n")
                .endsWith("Also the job's --storage.* options.\n");
    }

    @Test
    void editDistance() {
        assertThat(Flags.distance("conf", "confidence")).isEqualTo(6);
        assertThat(Flags.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Flags.nearest("jdbc-usr", java.util.List.of("jdbc-url", "jdbc-user"))).isEqualTo("jdbc-user");
    }
}
