package io.argus.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLedgerTest {
    @Test
    void deliveredFilesStayDeliveredAndClaimsKeepTheirFrameId(@TempDir Path dir) throws Exception {
        String a = FolderLedger.key("a.jpg", 100, 1), b = FolderLedger.key("b.jpg", 200, 2);
        try (FolderLedger l = new FolderLedger(dir, "cam")) {
            l.claim(a, 7);
            l.delivered(a);
            l.claim(b, 8); // crash before the broker acknowledged b
        }
        try (FolderLedger l = new FolderLedger(dir, "cam")) {
            assertThat(l.isDelivered(a)).isTrue();
            assertThat(l.isDelivered(b)).isFalse();
            assertThat(l.claimedFrameId(b)).isEqualTo(8L); // resent with the same id: the same row downstream
            assertThat(l.isDelivered(FolderLedger.key("a.jpg", 101, 1))).isFalse(); // rewritten file = new file
        }
    }
}
