package org.fleetmesh.rp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.fleetmesh.rp.deploy.Helm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.yaml.snakeyaml.Yaml;

/**
 * The production install must let ARM in: the chart is rendered with values-production.yaml, its environment is
 * bound onto application.yaml by Spring's own binder, and the resulting validation is shown tokens shaped as Entra ID
 * issues them for the resource provider's application (claims as Entra documents them for v1.0 and v2.0 access
 * tokens, app-only, signed by a test key standing in for Entra's published keys).
 */
class EntraTokensTest {

    private static final Instant NOW = Instant.now();

    @TempDir
    static Path helmHome;

    private static AuthProperties production;
    private static String tenant;
    private static String appIdUri;
    private static String clientId;
    private static String arm;
    private static RSAKey entraKey;
    private static JwtIssuerAuthenticationManagerResolver resolver;

    @BeforeAll
    static void bindTheProductionConfiguration() throws Exception {
        Path root = Helm.repoRoot();
        Map<String, Object> values = new Yaml().load(Files.readString(root.resolve("helm/fleetmesh/values-production.yaml")));
        Map<String, Object> auth = map(map(values, "config"), "auth");
        Map<String, Object> entra = map(auth, "entra");
        // The application's identity as the values name it; before config.auth.entra existed, the audience was the
        // App ID URI and no client id was named anywhere.
        tenant = String.valueOf(entra.getOrDefault("tenantId", map(values, "workloadIdentity").get("tenantId")));
        appIdUri = String.valueOf(entra.getOrDefault("appIdUri", auth.get("audience")));
        clientId = (String) entra.get("clientId");
        arm = String.valueOf(((List<?>) auth.get("allowedClientIds")).get(0));

        production = bind(environmentOf(new Helm(helmHome).run("template", "fleetmesh", root.resolve("helm/fleetmesh")
                .toString(), "--namespace", "fleetmesh", "--values",
                root.resolve("helm/fleetmesh/values-production.yaml").toString())), root);
        BearerTokens.checkConfiguration(production);
        entraKey = new RSAKeyGenerator(2048).keyID("entra-signing-key").generate();
        resolver = new JwtIssuerAuthenticationManagerResolver(BearerTokens.byIssuer(production, Optional.empty(),
                issuer -> NimbusJwtDecoder.withPublicKey(publicKey()).build()));
    }

    @Test
    void armsV1TokenForTheAppIdUriIsAccepted() throws Exception {
        assertThat(callerAllowed(v1Token(appIdUri, arm, entraKey))).isTrue();
    }

    @Test
    void armsV2TokenForTheClientIdIsAccepted() throws Exception {
        assertThat(clientId).as("values-production.yaml names no client id of the resource provider's application, "
                + "which v2.0 tokens carry as their audience").isNotBlank();
        assertThat(callerAllowed(v2Token(clientId, arm, entraKey))).isTrue();
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() throws Exception {
        // ARM's own audience was the service's default: a token ARM's application holds for ARM is not one for us.
        assertThatThrownBy(() -> authenticate(v1Token("https://management.azure.com/", arm, entraKey)))
                .hasMessageContaining("aud");
    }

    @Test
    void aTokenFromAnotherTenantIsRefused() throws Exception {
        String otherTenant = "9f9f9f9f-0000-4000-8000-000000000001";
        assertThatThrownBy(() -> authenticate(sign(entraKey, claims("https://sts.windows.net/" + otherTenant + "/",
                appIdUri, "1.0").claim("tid", otherTenant).claim("appid", arm).build())))
                .hasMessageContaining("issuer");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        RSAKey forged = new RSAKeyGenerator(2048).keyID("entra-signing-key").generate();
        assertThatThrownBy(() -> authenticate(v2Token(clientId == null ? appIdUri : clientId, arm, forged)));
    }

    @Test
    void aUsersOwnTokenForTheApplicationIsAuthenticatedButNotAllowed() throws Exception {
        String azureCli = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
        assertThat(callerAllowed(v1Token(appIdUri, azureCli, entraKey))).isFalse();
    }

    // ---- tokens as Entra ID issues them -------------------------------------------------------------------------

    /** v1.0 access token (the default of an app registration): sts.windows.net issuer, appid, ver 1.0. */
    private static String v1Token(String audience, String application, RSAKey key) throws Exception {
        return sign(key, claims("https://sts.windows.net/" + tenant + "/", audience, "1.0")
                .claim("idp", "https://sts.windows.net/" + tenant + "/")
                .claim("appid", application).claim("appidacr", "2").build());
    }

    /** v2.0 access token (accessTokenAcceptedVersion 2): login.microsoftonline.com/.../v2.0 issuer, azp, ver 2.0. */
    private static String v2Token(String audience, String application, RSAKey key) throws Exception {
        return sign(key, claims("https://login.microsoftonline.com/" + tenant + "/v2.0", audience, "2.0")
                .claim("azp", application).claim("azpacr", "2").build());
    }

    private static JWTClaimsSet.Builder claims(String issuer, String audience, String version) {
        String servicePrincipal = UUID.randomUUID().toString();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
                .issueTime(Date.from(NOW.minusSeconds(60))).notBeforeTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.plusSeconds(3600)))
                .subject(servicePrincipal).claim("oid", servicePrincipal).claim("tid", tenant)
                .claim("aio", "E2ZgYJg").claim("rh", "0.AAAA").claim("uti", "x1Y2z3").claim("ver", version);
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    // ---- the service's decision ---------------------------------------------------------------------------------

    private static Authentication authenticate(String token) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", "Bearer " + token);
        return resolver.resolve(request).authenticate(new BearerTokenAuthenticationToken(token));
    }

    private static boolean callerAllowed(String token) {
        return SecurityConfig.allowedCaller(authenticate(token), production).isGranted();
    }

    private static RSAPublicKey publicKey() {
        try {
            return entraKey.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the rendered chart, bound as the pod would bind it ------------------------------------------------------

    /** The ConfigMap's entries: the pod's environment (secrets aside, which carry no auth setting). */
    private static Map<String, Object> environmentOf(String manifests) {
        for (Object doc : new Yaml().loadAll(manifests)) {
            if (doc instanceof Map<?, ?> m && "ConfigMap".equals(m.get("kind"))) {
                Map<String, Object> env = new LinkedHashMap<>();
                ((Map<?, ?>) m.get("data")).forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
                return env;
            }
        }
        throw new AssertionError("the chart rendered no ConfigMap");
    }

    /** application.yaml's defaults overridden by the environment, bound by Spring Boot's binder. */
    private static AuthProperties bind(Map<String, Object> env, Path root) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        // Spring maps FLEETMESH_AUTH_ISSUERS_0_ISSUER onto fleetmesh.auth.issuers[0].issuer only for a source of this name.
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yaml",
                new FileSystemResource(root.resolve("service/src/main/resources/application.yaml")))) {
            if (!source.containsProperty("spring.config.activate.on-profile")) {
                environment.getPropertySources().addLast(source);
            }
        }
        return new Binder(ConfigurationPropertySources.get(environment)).bind("fleetmesh.auth", AuthProperties.class)
                .orElseThrow(() -> new AssertionError("fleetmesh.auth binds to nothing"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
