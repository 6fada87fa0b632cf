package org.fleetmesh.rp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.apache.catalina.connector.Connector;
import org.fleetmesh.rp.testing.ContractTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * The local profile mints a token for whoever asks, and the README's "against real Azure" recipe runs it with the
 * developer's own Azure login: so it listens on this machine's loopback address only, unless told otherwise.
 */
class LocalProfileContractIT extends ContractTestSupport {

    @Autowired
    private WebServerApplicationContext context;

    @Test
    void theLocalProfileListensOnLoopbackOnly() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        Object address = connector.getProperty("address");
        assertThat(address).as("the API connector's bind address").isInstanceOf(InetAddress.class);
        assertThat(((InetAddress) address).isLoopbackAddress()).as("bound to %s", address).isTrue();
    }

    @Test
    void aTokenIsMintedForACallerOnThisMachine() {
        Response token = call("POST", "/local/token").withoutToken().send();
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().path("access_token").asString()).isNotBlank();
    }
}
