package org.fleetmesh.rp.arm.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The contract filter sends responses in {@link ApiVersions#MODELS} without cutting them: that holds only while the
 * wire models are generated from that version's Swagger.
 */
class ApiVersionsTest {

    @Test
    void theModelsVersionIsTheOneTheWireModelsAreGeneratedFrom() throws IOException {
        String pom = Files.readString(Path.of("..", "api-spec", "pom.xml"));
        Matcher source = Pattern.compile("<api-spec\\.java-source-version>([^<]+)</api-spec\\.java-source-version>")
                .matcher(pom);

        assertThat(source.find()).as("api-spec/pom.xml names the version it generates the models from").isTrue();
        assertThat(ApiVersions.MODELS).isEqualTo(source.group(1)).isIn(ApiVersions.ALL);
    }
}
