package org.fleetmesh.rp.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.fleetmesh.rp.FleetMeshApplication;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.domain.RolloverPhase;
import org.fleetmesh.rp.mesh.pki.KeyEncryption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Key-encryption key rotation end to end, against the machine's PostgreSQL: private keys stored under key A; the
 * service restarted with B current and A decrypt-only re-encrypts them in the background; restarted with B alone,
 * it reads every member's TLS Secrets as they were. Each start is the whole service, in this JVM, on a schema of this
 * test's own, since the re-encryption takes in every stored key. {@link KeyEncryptionKeyRotationIT} runs the same
 * rotation as an operator does, through the packaged service; this one looks at the stored keys, the batches of
 * {@link PrivateKeyReEncryption} and its gauge. (It was KeyEncryptionKeyRotationTest; the IT's name was taken.)
 */
class PrivateKeyReEncryptionIT {

    /** Base64 of the 32 bytes "key-encryption-key-A-rotation-32". */
    private static final String KEY_A = "a2V5LWVuY3J5cHRpb24ta2V5LUEtcm90YXRpb24tMzI=";
    /** Base64 of the 32 bytes "key-encryption-key-B-rotation-32". */
    private static final String KEY_B = "a2V5LWVuY3J5cHRpb24ta2V5LUItcm90YXRpb24tMzI=";
    /** Four keys each: more than a batch of the re-encryption, so it goes on past its first batch. */
    private static final int MEMBERS = 30;
    /** Its own schema, beside the suite's: another test's keys, under the suite's key, must not meet this test's. */
    private static final String SCHEMA = System.getProperty("fleetmesh.database.schema", "fleetmesh_test") + "_kek_rotation";
    private static final JdbcTemplate JDBC = new JdbcTemplate(new SimpleDriverDataSource(new Driver(),
            "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", ""));

    @BeforeAll
    static void freshSchema() {
        JDBC.execute("drop schema if exists " + SCHEMA + " cascade");
    }

    @Test
    void keysStoredUnderAReRotatedToBAreReadWithBAlone() {
        UUID profileId = UUID.randomUUID();
        List<MeshCertificates.Holder> holders = new ArrayList<>();
        Map<UUID, Map<String, MemberMeshConfig.TlsSecret>> underA = new HashMap<>();
        try (ConfigurableApplicationContext service = start(KEY_A, "")) {
            holders.addAll(meshRows(profileId));
            MeshCertificates certificates = service.getBean(MeshCertificates.class);
            MeshCertificates.Issued issued = certificates.issueMissingOrDue(profileId, holders);
            service.getBean(TransactionTemplate.class).executeWithoutResult(status -> issued.store());
            // A CA rollover under way: the next CA's key is stored under A too.
            service.getBean(TransactionTemplate.class).executeWithoutResult(status -> certificates.beginRollover(profileId));
            holders.forEach(h -> underA.put(h.memberId(), certificates.tlsSecrets(profileId, h.memberId())));
            assertThat(notUnderCurrentKey(service)).isZero();
        }
        int stored = 2 + MEMBERS * 4;
        assertThat(stored).as("more keys than a batch").isGreaterThan(PrivateKeyReEncryption.BATCH_SIZE);

        try (ConfigurableApplicationContext service = start(KEY_B, KEY_A)) {
            assertThat(notUnderCurrentKey(service)).isEqualTo(stored);
            // The task already ran when the first start scheduled it, and runs every minute: as if that minute passed.
            JDBC.update("update " + SCHEMA + ".scheduled_tasks set execution_time = now() where task_name = ?",
                    PrivateKeyReEncryption.TASK);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> notUnderCurrentKey(service) == 0);
            byte[] prefixOfB = service.getBean(KeyEncryption.class).currentKeyPrefix();
            assertThat(storedPrivateKeys()).hasSize(stored)
                    .allSatisfy(key -> assertThat(Arrays.copyOf(key, prefixOfB.length)).isEqualTo(prefixOfB));
            System.gc(); // the gauge must outlive a collection: one whose object is collected reads NaN
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> service.getBean(MeterRegistry.class)
                    .get(PrivateKeyReEncryption.GAUGE).gauge().value() == 0.0);
            assertThat(service.getBean(PrivateKeyReEncryption.class).reEncrypt()).as("a second run finds nothing to do")
                    .isEqualTo(new PrivateKeyReEncryption.Outcome(0, 0, 0, stored));
        }

        try (ConfigurableApplicationContext service = start(KEY_B, "")) {
            MeshCertificates certificates = service.getBean(MeshCertificates.class);
            for (MeshCertificates.Holder holder : holders) {
                assertThat(certificates.tlsSecrets(profileId, holder.memberId())).as("member %s", holder.clusterName())
                        .isEqualTo(underA.get(holder.memberId()));
            }
            assertThat(certificates.issueMissingOrDue(profileId, holders).count()).as("nothing to issue again").isZero();
            // The rollover goes on with B alone: the next CA's key, re-encrypted from A, signs every member certificate
            // anew, then becomes the mesh CA's.
            TransactionTemplate transactions = service.getBean(TransactionTemplate.class);
            transactions.executeWithoutResult(status -> certificates.advanceRollover(profileId, RolloverPhase.TrustBoth));
            MeshCertificates.Issued fromNext = certificates.issueMissingOrDue(profileId, holders);
            assertThat(fromNext.count()).as("every member certificate, from the next CA").isEqualTo(MEMBERS * 4);
            transactions.executeWithoutResult(status -> fromNext.store());
            transactions.executeWithoutResult(status -> certificates.advanceRollover(profileId, RolloverPhase.NewLeaves));
            assertThat(certificates.rolloverPhase(profileId)).isEmpty();
            assertThat(certificates.issueMissingOrDue(profileId, holders).count()).as("nothing left to issue").isZero();
        }
    }

    private static ConfigurableApplicationContext start(String keyEncryptionKey, String previousKeyEncryptionKeys) {
        return new SpringApplicationBuilder(FleetMeshApplication.class).profiles("local", "test")
                .run("--server.port=0", "--fleetmesh.database.schema=" + SCHEMA,
                        "--fleetmesh.mesh.key-encryption-key=" + keyEncryptionKey,
                        "--fleetmesh.mesh.previous-key-encryption-keys=" + previousKeyEncryptionKeys);
    }

    private static long notUnderCurrentKey(ConfigurableApplicationContext service) {
        return service.getBean(PrivateKeyReEncryption.class).notUnderCurrentKey();
    }

    private static List<byte[]> storedPrivateKeys() {
        List<byte[]> keys = new ArrayList<>(JDBC.queryForList("select private_key from " + SCHEMA
                + ".mesh_certificate_authorities", byte[].class));
        keys.addAll(JDBC.queryForList("select next_private_key from " + SCHEMA + ".mesh_certificate_authorities "
                + "where next_private_key is not null", byte[].class));
        keys.addAll(JDBC.queryForList("select private_key from " + SCHEMA + ".mesh_member_certificates", byte[].class));
        return keys;
    }

    /** A fleet, a mesh profile and its members as rows: what the certificates' rows refer to. */
    private static List<MeshCertificates.Holder> meshRows(UUID profileId) {
        UUID fleetId = UUID.randomUUID();
        JDBC.update("insert into " + SCHEMA + ".fleets (id, subscription_id, resource_group, resource_group_key, name, "
                + "name_key, location, provisioning_state, version) values (?, ?, 'rg', 'rg', 'f1', 'f1', 'westus', "
                + "'Succeeded', 0)", fleetId, UUID.randomUUID().toString());
        JDBC.update("insert into " + SCHEMA + ".cluster_mesh_profiles (id, fleet_id, name, name_key, member_selector, "
                + "provisioning_state, state, version) values (?, ?, 'mesh', 'mesh', 'all', 'Succeeded', 'Connected', 0)",
                profileId, fleetId);
        List<MeshCertificates.Holder> holders = new ArrayList<>();
        for (int n = 1; n <= MEMBERS; n++) {
            UUID memberId = UUID.randomUUID();
            String cluster = "/subscriptions/s/resourceGroups/c/providers/Microsoft.ContainerService/managedClusters/m"
                    + n + "-" + memberId;
            JDBC.update("insert into " + SCHEMA + ".fleet_members (id, fleet_id, name, name_key, cluster_resource_id, "
                    + "cluster_resource_key, provisioning_state, version) values (?, ?, ?, ?, ?, ?, 'Succeeded', 0)",
                    memberId, fleetId, "m" + n, "m" + n, cluster, cluster.toLowerCase());
            JDBC.update("insert into " + SCHEMA + ".mesh_memberships (member_id, profile_id, state, cilium_cluster_id, "
                    + "cilium_cluster_name) values (?, ?, 'Connected', ?, ?)", memberId, profileId, n, "m" + n);
            holders.add(new MeshCertificates.Holder(memberId, "m" + n));
        }
        return holders;
    }
}
