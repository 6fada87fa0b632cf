package org.fleetmesh.rp.arm;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Collapses empty path segments before anything else reads the path. The Azure SDKs append a resource id to an
 * endpoint that ends in a slash ({@code //subscriptions/...}) and leave an empty parent path for top-level resources
 * ({@code providers/Microsoft.ContainerService//fleets/...}); ARM accepts both, so the service must, while Spring
 * Security's firewall would refuse any path that is not normalised.
 */
@Configuration
class EmptySegmentsFilter {

    private static final Pattern EMPTY_SEGMENTS = Pattern.compile("/{2,}");

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> emptySegments() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (!EMPTY_SEGMENTS.matcher(request.getRequestURI()).find()) {
                    chain.doFilter(request, response);
                    return;
                }
                chain.doFilter(new HttpServletRequestWrapper(request) {
                    @Override
                    public String getRequestURI() {
                        return collapse(super.getRequestURI());
                    }

                    @Override
                    public StringBuffer getRequestURL() {
                        StringBuffer url = super.getRequestURL();
                        int path = url.indexOf("/", url.indexOf("//") + 2);
                        return path < 0 ? url : new StringBuffer(url.substring(0, path)).append(collapse(url.substring(path)));
                    }

                    @Override
                    public String getServletPath() {
                        return collapse(super.getServletPath());
                    }

                    @Override
                    public String getPathInfo() {
                        return collapse(super.getPathInfo());
                    }
                }, response);
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private static @Nullable String collapse(String path) {
        return path == null ? null : EMPTY_SEGMENTS.matcher(path).replaceAll("/");
    }
}
