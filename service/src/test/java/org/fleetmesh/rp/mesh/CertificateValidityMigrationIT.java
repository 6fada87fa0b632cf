package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.fleetmesh.rp.mesh.pki.IssuedCertificate;
import org.fleetmesh.rp.mesh.pki.MemberCertificateKind;
import org.fleetmesh.rp.mesh.pki.MeshCertificateAuthority;
import org.fleetmesh.rp.testing.MigrationSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Migration V11 on a database that already holds a mesh: the certificates stored before it get their validity columns
 * from the certificates themselves, and each member its earliest expiry, so renewal sees them like new ones.
 */
class CertificateValidityMigrationIT {

    private final MigrationSchema schema = new MigrationSchema("certificate_validity_migration");
    private final JdbcTemplate jdbc = schema.jdbc();

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    @Test
    void certificatesStoredBeforeGetTheirValidityFromTheCertificates() {
        schema.migrateTo("10");
        Instant issued = Instant.parse("2026-01-10T08:00:00Z");
        Clock then = Clock.fixed(issued, ZoneOffset.UTC);
        MeshCertificateAuthority authority = MeshCertificateAuthority.generate("mesh", then);
        UUID fleet = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        jdbc.update("insert into fleets (id, subscription_id, resource_group, resource_group_key, name, name_key, location, "
                + "provisioning_state, version) values (?, 's', 'rg', 'rg', 'f', 'f', 'westus', 'Succeeded', 0)", fleet);
        jdbc.update("insert into cluster_mesh_profiles (id, fleet_id, name, name_key, member_selector, provisioning_state, "
                + "state, version) values (?, ?, 'p', 'p', 'mesh=blue', 'Succeeded', 'Connected', 0)", profile, fleet);
        jdbc.update("insert into fleet_members (id, fleet_id, name, name_key, cluster_resource_id, cluster_resource_key, "
                + "provisioning_state, version, mesh_profile_id, mesh_state, cilium_cluster_id, cilium_cluster_name) values (?, ?, "
                + "'m', 'm', 'c', 'c', 'Succeeded', 0, ?, 'Connected', 1, 'm')",
                member, fleet, profile);
        jdbc.update("insert into mesh_certificate_authorities (profile_id, certificate, private_key, created_at) "
                + "values (?, ?, ?, ?)", profile, authority.certificatePem(), new byte[] {1}, Timestamp.from(issued));
        Instant earliest = null;
        for (MemberCertificateKind kind : MemberCertificateKind.values()) {
            // Each kind a day apart, so the member's earliest expiry is one of them and not just any.
            IssuedCertificate certificate = authority.issue(kind, "m", Duration.ofDays(1095 + kind.ordinal()), then);
            jdbc.update("insert into mesh_member_certificates (member_id, kind, profile_id, certificate, private_key) "
                    + "values (?, ?, ?, ?, ?)", member, kind.name(), profile, certificate.certificatePem(), new byte[] {1});
            earliest = earliest == null ? certificate.notAfter() : earliest;
        }

        schema.migrateToLatest();

        assertThat(jdbc.queryForObject("select not_after from mesh_member_certificates where kind = 'SERVER'",
                Timestamp.class).toInstant()).isEqualTo(earliest);
        assertThat(jdbc.queryForObject("select not_before from mesh_member_certificates where kind = 'LOCAL'",
                Timestamp.class).toInstant()).isEqualTo(issued.minus(Duration.ofMinutes(5)));
        assertThat(jdbc.queryForObject("select not_after from mesh_certificate_authorities", Timestamp.class).toInstant())
                .isEqualTo(authority.notAfter());
        assertThat(jdbc.queryForObject("select certificates_not_after from mesh_memberships", Timestamp.class).toInstant())
                .isEqualTo(earliest);
    }
}
