package org.fleetmesh.rp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

@SpringBootApplication
@ConfigurationPropertiesScan
@EntityScan("org.fleetmesh.persistence")
@EnableJpaRepositories("org.fleetmesh.persistence")
public class FleetMeshApplication {

    public static void main(String[] args) {
        SpringApplication.run(FleetMeshApplication.class, args);
    }
}
