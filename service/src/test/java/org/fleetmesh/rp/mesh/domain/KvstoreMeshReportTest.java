package org.fleetmesh.rp.mesh.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.fleetmesh.rp.mesh.domain.KvstoreMeshReport.PeerReadiness;
import org.junit.jupiter.api.Test;

class KvstoreMeshReportTest {

    private static final String METRICS = """
            # HELP cilium_kvstoremesh_remote_clusters The total number of remote clusters meshed with the local cluster
            # TYPE cilium_kvstoremesh_remote_clusters gauge
            cilium_kvstoremesh_remote_clusters{source_cluster="a1"} 3
            # TYPE cilium_kvstoremesh_remote_cluster_readiness_status gauge
            cilium_kvstoremesh_remote_cluster_readiness_status{source_cluster="a1",target_cluster="b2"} 1
            cilium_kvstoremesh_remote_cluster_readiness_status{source_cluster="a1",target_cluster="c3"} 0
            cilium_kvstoremesh_remote_cluster_readiness_status{source_cluster="a1",target_cluster="d4"} 0
            cilium_kvstoremesh_remote_cluster_failures{source_cluster="a1",target_cluster="d4"} 7
            """;

    @Test
    void readinessComesFromTheMetricAndTheReasonFromTheLastLogLineAboutThePeer() {
        String log = """
                time=2026-12-02T05:00:00Z level=warn msg="Unable to establish etcd connection to remote cluster" module=kvstoremesh clusterName=c3 error="dial tcp: lookup c3.mesh.cilium.io on 10.0.0.10:53: no such host"
                time=2026-12-02T05:00:09Z level=warn msg="Unable to establish etcd connection to remote cluster" module=kvstoremesh clusterName=c3 error="tls: failed to verify certificate: x509: certificate signed by unknown authority"
                time=2026-12-02T05:00:09Z level=info msg="Connection to remote cluster established" module=kvstoremesh clusterName=b2
                """;

        assertThat(KvstoreMeshReport.parse(METRICS, log)).containsOnly(
                java.util.Map.entry("b2", new PeerReadiness("b2", true, null)),
                java.util.Map.entry("c3", new PeerReadiness("c3", false,
                        "tls: failed to verify certificate: x509: certificate signed by unknown authority")),
                java.util.Map.entry("d4", new PeerReadiness("d4", false, "KVStoreMesh reports it not ready after 7 failure(s)")));
        assertThat(KvstoreMeshReport.anyNotReady(METRICS)).isTrue();
    }

    @Test
    void aPeerWhosePacketsAreDroppedIsReportedByTheLastThingKvstoremeshLoggedOfIt() {
        // As Cilium 1.18's kvstoremesh logs a peer behind a firewall that drops its SYNs: no error line, ever.
        String log = """
                time=2026-12-02T13:24:47.590733322Z level=info msg="Connecting to remote cluster" module=kvstoremesh.kvstoremesh clusterName=d4
                time=2026-12-02T13:24:47.594337109Z level=info msg="Connecting to etcd server..." module=kvstoremesh.kvstoremesh clusterName=d4 endpoints=[https://d4.mesh.cilium.io:2379] config=/var/lib/cilium/clustermesh/d4
                """;

        assertThat(KvstoreMeshReport.parse(METRICS, log).get("d4").reason()).isEqualTo("KVStoreMesh reports it not ready "
                + "after 7 failure(s); the last it logged of it: \"Connecting to etcd server...\" at 2026-12-02T13:24:47.594337109Z");
    }

    @Test
    void durationsReadAsGoPrintsThem() {
        assertThat(KvstoreMeshReport.goDuration(Duration.ofMinutes(15))).isEqualTo("15m0s");
        assertThat(KvstoreMeshReport.goDuration(Duration.ofSeconds(3))).isEqualTo("3s");
        assertThat(KvstoreMeshReport.goDuration(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(KvstoreMeshReport.goDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(KvstoreMeshReport.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(KvstoreMeshReport.goDuration(Duration.ofMillis(500))).isEqualTo("500ms");
    }
}
