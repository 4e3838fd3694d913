package io.argus.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The configuration reference's options table is the one the code generates ({@link ArgusOptions#markdownTable()}). */
class ConfigurationDocTest {
    @Test
    void theReferenceListsEveryOptionWithItsDefault() throws Exception {
        Path doc = Path.of(System.getProperty("argus.assets")).getParent().resolve("docs/configuration.md");
        String text = Files.readString(doc);
        String table = text.substring(text.indexOf("-->", text.indexOf("<!-- options:begin")) + 4, text.indexOf("<!-- options:end -->"));
        assertThat(table).as("docs/configuration.md between the options markers; paste ArgusOptions.markdownTable() there")
                .isEqualTo(ArgusOptions.markdownTable());
    }
}
