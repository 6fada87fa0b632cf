package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.fleetmesh.rp.testing.MigrationSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Migration V14 on a database that already holds a mesh: each member in a mesh keeps everything the mesh knew of it,
 * now in its own membership row; members in no mesh get none; the applied digest becomes its two parts.
 */
class MeshMembershipMigrationIT {

    private final MigrationSchema schema = new MigrationSchema("mesh_membership_migration");
    private final JdbcTemplate jdbc = schema.jdbc();

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    @Test
    void membersInAMeshKeepTheirPlaceThereAndOthersGetNone() {
        schema.migrateTo("13");
        UUID fleet = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        UUID connected = UUID.randomUUID();
        UUID failed = UUID.randomUUID();
        UUID outside = UUID.randomUUID();
        jdbc.update("insert into fleets (id, subscription_id, resource_group, resource_group_key, name, name_key, location, "
                + "provisioning_state, version) values (?, 's', 'rg', 'rg', 'f', 'f', 'westus', 'Succeeded', 0)", fleet);
        jdbc.update("insert into cluster_mesh_profiles (id, fleet_id, name, name_key, member_selector, provisioning_state, "
                + "state, version) values (?, ?, 'p', 'p', 'mesh=blue', 'Succeeded', 'Degraded', 0)", profile, fleet);
        jdbc.update("insert into fleet_members (id, fleet_id, name, name_key, cluster_resource_id, cluster_resource_key, "
                + "provisioning_state, version, mesh_profile_id, mesh_state, cilium_cluster_id, cilium_cluster_name, "
                + "mesh_last_operation_id, mesh_last_updated_at, mesh_apiserver_addresses, mesh_cluster_snapshot, "
                + "mesh_applied_digest, cilium_version, mesh_certificates_not_after) values (?, ?, 'a', 'a', 'ca', 'ca', "
                + "'Succeeded', 3, ?, 'Connected', 7, 'a-7', 'op-1', '2026-11-01T10:00:00Z', '10.0.0.1:2379,10.0.0.2:2379', "
                + "'{\"id\":\"ca\"}', 'apiserver-digest peers-digest', '1.18.6', '2029-11-01T10:00:00Z')",
                connected, fleet, profile);
        jdbc.update("insert into fleet_members (id, fleet_id, name, name_key, cluster_resource_id, cluster_resource_key, "
                + "provisioning_state, version, mesh_profile_id, mesh_state, cilium_cluster_id, cilium_cluster_name, "
                + "mesh_error) values (?, ?, 'b', 'b', 'cb', 'cb', 'Succeeded', 0, ?, 'Failed', 8, 'b-8', "
                + "'{\"code\":\"CiliumNotInstalled\"}')", failed, fleet, profile);
        jdbc.update("insert into fleet_members (id, fleet_id, name, name_key, cluster_resource_id, cluster_resource_key, "
                + "provisioning_state, version) values (?, ?, 'c', 'c', 'cc', 'cc', 'Succeeded', 0)", outside, fleet);

        schema.migrateToLatest();

        Map<String, Object> a = jdbc.queryForMap("select * from mesh_memberships where member_id = ?", connected);
        assertThat(a).containsEntry("profile_id", profile).containsEntry("state", "Connected")
                .containsEntry("cilium_cluster_id", 7).containsEntry("cilium_cluster_name", "a-7")
                .containsEntry("last_operation_id", "op-1").containsEntry("apiserver_addresses", "10.0.0.1:2379,10.0.0.2:2379")
                .containsEntry("cluster_snapshot", "{\"id\":\"ca\"}").containsEntry("applied_apiserver_digest", "apiserver-digest")
                .containsEntry("applied_peers_digest", "peers-digest").containsEntry("cilium_version", "1.18.6");
        assertThat(a.get("certificates_not_after")).hasToString("2029-11-01 10:00:00.0");
        Map<String, Object> b = jdbc.queryForMap("select * from mesh_memberships where member_id = ?", failed);
        assertThat(b).containsEntry("state", "Failed").containsEntry("error", "{\"code\":\"CiliumNotInstalled\"}")
                .containsEntry("applied_apiserver_digest", null).containsEntry("applied_peers_digest", null);
        assertThat(jdbc.queryForObject("select count(*) from mesh_memberships where member_id = ?", Integer.class, outside))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from information_schema.columns where table_schema = ? and "
                + "table_name = 'fleet_members' and column_name like 'mesh%'", Integer.class, schema.name())).isZero();

        // A Cilium identity stays unique within the mesh, and a membership ends with its member.
        assertThatThrownBy(() -> jdbc.update("insert into mesh_memberships (member_id, profile_id, state, cilium_cluster_id, "
                + "cilium_cluster_name) values (?, ?, 'Connecting', 7, 'c-7')", outside, profile))
                .hasMessageContaining("mesh_memberships_cilium_id_unique");
        jdbc.update("delete from fleet_members where id = ?", failed);
        assertThat(jdbc.queryForObject("select count(*) from mesh_memberships", Integer.class)).isEqualTo(1);
    }
}
