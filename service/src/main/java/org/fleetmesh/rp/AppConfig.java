package org.fleetmesh.rp;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.fleetmesh.rp.arm.ArmErrorWriter;
import org.fleetmesh.rp.arm.contract.ApiContract;
import org.fleetmesh.rp.arm.contract.ContractFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.json.JsonMapper;

@Configuration
class AppConfig implements WebMvcConfigurer {

    /** Runs after Spring Security (order -100), so unauthenticated calls never reach the contract checks. */
    static final int CONTRACT_FILTER_ORDER = 0;

    /** Ticks in microseconds, PostgreSQL's timestamp precision, so a time written and read back is the same. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.of(1, ChronoUnit.MICROS));
    }

    @Bean
    ApiContract apiContract(JsonMapper json) {
        return new ApiContract(json);
    }

    @Bean
    FilterRegistrationBean<ContractFilter> contractFilter(ApiContract contract, ArmErrorWriter errors, JsonMapper json) {
        FilterRegistrationBean<ContractFilter> registration = new FilterRegistrationBean<>(new ContractFilter(contract, errors, json));
        registration.setOrder(CONTRACT_FILTER_ORDER);
        return registration;
    }

    /** ARM matches every path segment case-insensitively, literal ones ("resourceGroups") included. */
    @Override
    public void configurePathMatch(PathMatchConfigurer configurer) {
        PathPatternParser parser = new PathPatternParser();
        parser.setCaseSensitive(false);
        configurer.setPatternParser(parser);
    }
}
