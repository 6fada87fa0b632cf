package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;

/**
 * Requests broken below the body: oversized or invalid headers, encoded separators in the path, Accept headers
 * the service cannot honour. Each is a 4xx ARM error body, never a 500 or the web server's own page, and a
 * refused write leaves nothing behind.
 */
class MalformedRequestContractIT extends ContractTestSupport {

    private static final String NINE_KILOBYTES = "c".repeat(9 * 1024);

    @Test
    void anOversizedCorrelationIdIsRefusedWithoutBeingEchoedAndTheWriteIsNotCommitted() {
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}")
                .header("x-ms-correlation-request-id", NINE_KILOBYTES).outsideContract().send();

        assertArmError(refused, 400, "HeaderTooLong", "x-ms-correlation-request-id");
        assertThat(refused.json().path("error").path("message").asString()).contains("256");
        assertThat(refused.header("x-ms-correlation-request-id")).isNotEqualTo(NINE_KILOBYTES).hasSizeLessThan(64);
        assertThat(refused.header("x-ms-request-id")).isNotBlank();
        assertThat(call("GET", fleetPath("rg", "f1"), PREVIEW).send().status()).isEqualTo(404);
    }

    @Test
    void anOversizedClientRequestIdIsRefusedEvenWhenTheCallerAsksForItBack() {
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}")
                .header("x-ms-client-request-id", NINE_KILOBYTES).header("x-ms-return-client-request-id", "true")
                .outsideContract().send();

        assertArmError(refused, 400, "HeaderTooLong", "x-ms-client-request-id");
        assertThat(refused.header("x-ms-client-request-id")).isNull();
        assertThat(call("GET", fleetPath("rg", "f1"), PREVIEW).send().status()).isEqualTo(404);
    }

    @Test
    void anOversizedCorrelationIdWithoutATokenIsStillAnArmErrorAndNotAServerError() {
        Response refused = call("GET", fleetPath("rg", "f1"), PREVIEW).withoutToken()
                .header("x-ms-correlation-request-id", NINE_KILOBYTES).outsideContract().send();

        assertArmError(refused, 400, "HeaderTooLong", "x-ms-correlation-request-id");
    }

    @Test
    void aRefererWithAnOversizedHostIsRefusedBecauseLinksAreBuiltOnItAndTheWriteIsNotCommitted() {
        Response refused = call("PUT", fleetPath("rg", "f1"), PREVIEW).body("{\"location\":\"westus\"}")
                .header("Referer", "https://" + "h".repeat(9 * 1024) + ".example.com" + fleetPath("rg", "f1"))
                .outsideContract().send();

        assertArmError(refused, 400, "InvalidRequestHeader", "Referer");
        assertThat(refused.text()).hasSizeLessThan(1024);
        assertThat(call("GET", fleetPath("rg", "f1"), PREVIEW).send().status()).isEqualTo(404);
    }

    @Test
    void aCorrelationIdWithCharactersOutsidePrintableAsciiIsRefusedAndNotEchoed() throws IOException {
        // sent over a raw socket: the JDK's HTTP client will not send such a header
        String response = rawGet(fleetPath("rg", "f1") + "?api-version=" + PREVIEW, "x-ms-correlation-request-id: abc\u00e9\u00ff");

        assertThat(response).startsWith("HTTP/1.1 400").contains("\"code\":\"InvalidRequestHeader\"")
                .contains("\"target\":\"x-ms-correlation-request-id\"").doesNotContain("abc\u00e9");
    }

    @Test
    void aHeaderValueWithAControlCharacterIsRefusedNamingTheHeaderRatherThanFailingWhenTheHeaderIsRead() throws IOException {
        // an emoji sent as UTF-8 where the server reads Latin-1: three of its four bytes are C1 control characters
        for (String header : new String[] {"x-ms-arm-resource-system-data", "If-None-Match", "Referer"}) {
            String response = rawGet("/subscriptions/" + subscription + "/providers/Microsoft.ContainerService/fleets"
                    + "?api-version=" + PREVIEW, header + ": a\u00f0\u009f\u009a\u0080");

            assertThat(response).as(header).startsWith("HTTP/1.1 400").contains("\"code\":\"InvalidRequestHeader\"")
                    .contains("\"target\":\"" + header + "\"");
        }
    }

    @Test
    void aQueryParameterWithoutANameIsAnArmErrorAndTheDeleteItCameWithDoesNotRun() {
        createFleet("rg", "f1");

        for (String malformed : new String[] {"&=", "&=x", "&a=1&&=2"}) {
            Response refused = call("DELETE", fleetPath("rg", "f1") + "?api-version=" + PREVIEW + malformed).outsideContract().send();

            assertArmError(refused, 400, "InvalidRequestUri", null);
            assertThat(refused.json().path("error").path("message").asString()).as(malformed).contains("name=value");
        }
        assertThat(call("GET", fleetPath("rg", "f1"), PREVIEW).send().status()).isEqualTo(200);
    }

    @Test
    void anOversizedHostIsRefusedBecauseLinksAreBuiltOnItAndTheWriteIsNotCommitted() throws IOException {
        String response = raw("PUT", fleetPath("rg", "f1") + "?api-version=" + PREVIEW, "h".repeat(9 * 1024), null,
                "{\"location\":\"westus\"}");

        assertThat(response).startsWith("HTTP/1.1 400").contains("\"code\":\"InvalidRequestHeader\"")
                .contains("\"target\":\"Host\"");
        assertThat(call("GET", fleetPath("rg", "f1"), PREVIEW).send().status()).isEqualTo(404);
    }

    private String rawGet(String pathAndQuery, String headerLine) throws IOException {
        return raw("GET", pathAndQuery, "127.0.0.1", headerLine, null);
    }

    private String raw(String method, String pathAndQuery, String host, String headerLine, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            String request = method + " " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + tokens.mint("contract-tests@fleetmesh.local", Duration.ofMinutes(10)) + "\r\n"
                    + (headerLine == null ? "" : headerLine + "\r\n")
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n")
                    + "\r\n" + (body == null ? "" : body);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aMalformedAcceptHeaderIsAnArmErrorWithABody() {
        Response refused = call("GET", fleetPath("rg", "f1"), PREVIEW).header("Accept", "application/json;q=")
                .outsideContract().send();

        assertArmError(refused, 400, "InvalidRequestHeader", "Accept");
    }

    @Test
    void anAcceptHeaderWithoutJsonIsNotAcceptableAndSaysSo() {
        createFleet("rg", "f1");

        Response refused = call("GET", fleetPath("rg", "f1"), PREVIEW).header("Accept", "text/html").outsideContract().send();

        assertArmError(refused, 406, "NotAcceptable", "Accept");
        assertThat(refused.json().path("error").path("message").asString()).contains("application/json");
    }

    @Test
    void theErrorPageCalledDirectlyWithoutATokenIsNotFound() {
        Response direct = call("GET", "/error").withoutToken().outsideContract().send();

        assertArmError(direct, 404, "InvalidResourceType", null);
    }

    @Test
    void metricsAskedForAsJsonOnTheManagementPortAreNotAcceptableWithAnArmBody() {
        Response refused = call("GET", "/actuator/prometheus").withoutToken().onManagementPort()
                .header("Accept", "application/json").send();

        assertArmError(refused, 406, "NotAcceptable", "Accept");
    }

    @Test
    void encodedSlashBackslashAndNulInThePathAreArmErrorsNotTheWebServersPage() {
        for (String encoded : new String[] {"%2F", "%5C", "%00", "%2f"}) {
            Response refused = call("GET", fleetPath("rg", "a" + encoded + "b"), PREVIEW).outsideContract().send();

            assertThat(refused.status()).as(encoded + " " + refused.text()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).as(encoded).startsWith("application/json");
            assertThat(refused.errorCode()).as(encoded).isEqualTo("InvalidRequestUri");
            assertThat(refused.json().path("error").path("message").asString()).as(encoded).contains("%2F");
            assertThat(refused.text()).as(encoded).doesNotContain("<html").doesNotContain("Tomcat");
        }
    }
}
