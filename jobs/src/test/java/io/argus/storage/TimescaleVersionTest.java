package io.argus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimescaleVersionTest {
    @Test
    void versionsCompareByNumberNotByText() {
        assertThat(TimescaleVersion.compare("2.9.0", "2.13.0")).isNegative();
        assertThat(TimescaleVersion.compare("2.24.0", "2.24")).isZero();
        assertThat(TimescaleVersion.compare("2.24.1", "2.24.0")).isPositive();
        assertThat(TimescaleVersion.compare("2.25.0-dev", "2.25.0")).isZero();
    }

    @Test
    void theSameVersionAsTheServerAndNewEnoughIsFine() {
        assertThat(TimescaleVersion.problem("argus", "2.24.0", "2.24.0")).isNull();
        assertThat(TimescaleVersion.problem("argus", "2.13.0", null)).isNull();
    }

    @Test
    void anExtensionOlderThanTheServersLibraryIsToBeUpdated() {
        assertThat(TimescaleVersion.problem("argus", "2.20.1", "2.24.0"))
                .contains("2.20.1", "2.24.0", "ALTER EXTENSION timescaledb UPDATE", "psql -X -d argus");
    }

    @Test
    void anExtensionNewerThanTheServersLibraryNeedsThatLibrary() {
        assertThat(TimescaleVersion.problem("argus", "2.24.0", "2.20.0")).contains("install TimescaleDB 2.24.0 on the server");
    }

    @Test
    void anExtensionOlderThanTheMinimumIsRefusedEvenWhereItMatchesTheServer() {
        assertThat(TimescaleVersion.problem("argus", "2.9.3", "2.9.3")).contains("older than " + TimescaleVersion.MINIMUM);
    }
}
