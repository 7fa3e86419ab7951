package org.medmoe.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated from ConfigKeys; run with -Dmedmoe.golden.update=true to rewrite it. */
class ConfigDocsTest {
    private static final Path FILE = Path.of(System.getProperty("medmoe.project.dir", ".")).resolve(
            "docs/configuration.md");

    @Test
    void theConfigurationReferenceListsEveryKeyAsTheCodeDeclaresIt() throws IOException {
        String generated = ConfigDocs.markdown();
        if (Boolean.getBoolean("medmoe.golden.update")) {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, generated);
        }

        assertThat(Files.readString(FILE)).as("docs/configuration.md is up to date").isEqualTo(generated);
        for (ConfigKey key : ConfigKeys.ALL) {
            assertThat(generated).contains("| `" + key.name() + "` |");
        }
    }

    @Test
    void everyKeyHasADefaultOrIsOptionalAndADescription() {
        for (ConfigKey key : ConfigKeys.ALL) {
            assertThat(key.doc()).as(key.name()).isNotBlank().endsWith(".");
            assertThat(key.secret()).as("secrets have no default: %s", key.name())
                    .isEqualTo(key.type() == ConfigKey.Type.PASSWORD);
        }
        assertThat(ConfigKeys.ALL).extracting(ConfigKey::name).doesNotHaveDuplicates();
    }
}
