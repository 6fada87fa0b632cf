package org.fleetmesh.rp.arm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@code src/site/markdown/errors.md} is the catalogue of every error code, generated from {@link ErrorCode}: a code
 * added or changed without the page fails here. {@code -Derrors.write=true} writes the page anew.
 */
class ErrorCatalogueTest {

    private static final Path PAGE = Path.of("..", "src", "site", "markdown", "errors.md");

    @Test
    void theErrorCataloguePageIsGeneratedFromTheCode() throws IOException {
        String generated = render();
        if (Boolean.getBoolean("errors.write")) {
            Files.writeString(PAGE, generated);
        }
        assertThat(Files.readString(PAGE)).as("%s is generated from ErrorCode: run this test with -Derrors.write=true", PAGE)
                .isEqualTo(generated);
    }

    @Test
    void everyCodeSaysWhoMustActAndWhatToDo() {
        assertThat(ErrorCode.values()).allSatisfy(code -> {
            assertThat(code.remediation()).as(code.code()).isNotBlank().endsWith(".");
            assertThat(code.kind()).as(code.code()).isEqualTo(code.status() < 500 ? ErrorCode.Kind.CALLER
                    : code == ErrorCode.INTERNAL_SERVER_ERROR || code == ErrorCode.OPERATION_TIMED_OUT ? ErrorCode.Kind.SERVICE
                    : ErrorCode.Kind.DEPENDENCY);
        });
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).distinct()).hasSize(ErrorCode.values().length);
    }

    private static String render() {
        StringBuilder page = new StringBuilder("""
                # Error codes

                <!-- Generated from org.fleetmesh.rp.arm.ErrorCode by ErrorCatalogueTest: edit the code, not this page. -->

                Every error reaches the caller as an ARM error body, `{"error": {"code", "message", "target", "details"}}`,
                with the code also in the `x-ms-error-code` header. Codes never change once shipped. The kind says who must act:

                - **caller**: the request, or the clusters it names, must change; final. The message says how.
                - **dependency**: Azure Resource Manager, Entra ID, a member's API server or the database failed or was slow.
                  A long-running operation tries again with backoff until its deadline (a mesh member within
                  `fleetmesh.mesh.member-retry-window`) and ends with this error only when no retry fits; a synchronous
                  request can be retried as it is.
                - **service**: this service failed; final, and logged with the request's `x-ms-correlation-request-id`.

                | code | HTTP status | kind | what to do |
                |---|---|---|---|
                """);
        Arrays.stream(ErrorCode.values()).sorted(Comparator.comparingInt(ErrorCode::status).thenComparing(ErrorCode::code))
                .forEach(code -> page.append("| `").append(code.code()).append("` | ").append(code.status()).append(" | ")
                        .append(code.kind().name().toLowerCase(Locale.ROOT)).append(" | ")
                        .append(code.remediation().replace("|", "\\|")).append(" |\n"));
        return page.toString();
    }
}
