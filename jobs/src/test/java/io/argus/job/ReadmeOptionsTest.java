package io.argus.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the one the code has. */
class ReadmeOptionsTest {
    @Test
    void readmeListsEveryOptionWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("argus.assets")).getParent().resolve("README.md"));
        String table = readme.substring(readme.indexOf("-->", readme.indexOf("<!-- options:begin")) + 4, readme.indexOf("<!-- options:end -->"));
        assertThat(table).isEqualTo(ArgusOptions.markdownTable());
    }
}
