package org.fleetmesh.rp.security;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ArmErrorWriter;
import org.fleetmesh.rp.arm.ErrorCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every call but health probes and metrics needs a bearer JWT from a configured issuer, for a configured
 * audience, within its lifetime ({@link BearerTokens}), of an allowed application. Failures are ARM error bodies.
 */
@Configuration
class SecurityConfig {

    @Bean
    SecurityFilterChain api(HttpSecurity http, AuthProperties auth, Optional<LocalTokenIssuer> local, ArmErrorWriter errors)
            throws Exception {
        if (local.isPresent() && !auth.issuers().isEmpty()) {
            throw new IllegalStateException("The local profile accepts only the tokens it mints itself, but "
                    + "fleetmesh.auth.issuers names " + auth.issuers().size() + " issuer(s): remove them, or run without the "
                    + "local profile.");
        }
        BearerTokens.checkConfiguration(auth);
        var resolver = new JwtIssuerAuthenticationManagerResolver(BearerTokens.byIssuer(auth, local, BearerTokens::publishedKeys));
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        // Probes and metrics need no token; they exist on the management port only (the API port
                        // answers 404), which is never routed through ARM.
                        .requestMatchers("/actuator/health/**", "/actuator/prometheus", "/error").permitAll()
                        .requestMatchers(LocalTokenIssuer.TOKEN_PATH).permitAll()
                        .anyRequest().access((authentication, context) -> allowedCaller(authentication.get(), auth)))
                .oauth2ResourceServer(o -> o
                        .authenticationManagerResolver(resolver)
                        .authenticationEntryPoint((request, response, failure) -> unauthenticated(errors, response, failure))
                        .accessDeniedHandler((request, response, denied) -> forbidden(errors, response)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, failure) -> unauthenticated(errors, response, failure))
                        .accessDeniedHandler((request, response, denied) -> forbidden(errors, response)));
        return http.build();
    }

    /** The caller is an application the configuration trusts, or, in the local profile, the local issuer's user. */
    static AuthorizationDecision allowedCaller(Authentication authentication, AuthProperties auth) {
        if (!(authentication instanceof JwtAuthenticationToken token) || !authentication.isAuthenticated()) {
            return new AuthorizationDecision(false);
        }
        Jwt jwt = token.getToken();
        if (LocalTokenIssuer.ISSUER.equals(jwt.getClaimAsString(JwtClaimNames.ISS))) {
            return new AuthorizationDecision(true);
        }
        String application = jwt.hasClaim("appid") ? jwt.getClaimAsString("appid") : jwt.getClaimAsString("azp");
        return new AuthorizationDecision(application != null && auth.allowedClientIds().contains(application));
    }

    private static void forbidden(ArmErrorWriter errors, HttpServletResponse response) throws java.io.IOException {
        errors.write(response, 403, ArmError.of(ErrorCode.AUTHORIZATION_FAILED, "The calling application is not allowed to "
                + "call this resource provider directly; call it through Azure Resource Manager.", "Authorization"));
    }

    private static void unauthenticated(ArmErrorWriter errors, HttpServletResponse response, AuthenticationException failure)
            throws java.io.IOException {
        String detail = failure.getMessage() == null ? "" : failure.getMessage();
        ArmError error;
        if (detail.contains("expired") || detail.contains("Jwt expired")) {
            error = ArmError.of(ErrorCode.EXPIRED_AUTHENTICATION_TOKEN,
                    "The access token has expired. Get a new token and retry.", "Authorization");
        } else if (detail.contains("Full authentication is required") || detail.contains("Bearer token")
                && detail.contains("not found")) {
            error = ArmError.of(ErrorCode.AUTHENTICATION_FAILED,
                    "Authentication failed. Send an 'Authorization: Bearer <token>' header with a token for this service.",
                    "Authorization");
        } else {
            error = ArmError.of(ErrorCode.INVALID_AUTHENTICATION_TOKEN, "The access token is not valid for this service: "
                    + "it must be signed by a trusted issuer, for the configured audience, and within its lifetime.",
                    "Authorization");
        }
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        errors.write(response, 401, error);
    }
}
