package org.fleetmesh.rp.mesh.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemberMeshConfigTest {

    @Test
    void theMemberGetsItsIdentityInCiliumConfig() {
        MeshObjects objects = MemberMeshConfig.apiServer(new MemberMeshConfig.Identity("m1-1", 1), "img",
                Map.of(MemberMeshConfig.SERVER_CERT_SECRET, new MemberMeshConfig.TlsSecret("ca", "crt", "key")));
        assertThat(objects.ciliumConfig()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "cluster-name", "m1-1", "cluster-id", "1", "max-connected-clusters", "255"));
        assertThat(objects.secrets().get(MemberMeshConfig.SERVER_CERT_SECRET).data())
                .containsEntry("ca.crt", "ca").containsEntry("tls.crt", "crt").containsEntry("tls.key", "key");
        assertThat(objects.apiServer().clusterId()).isEqualTo(1);
    }

    @Test
    void agentsReachPeersThroughTheLocalKvStoreMeshAndKvStoreMeshReachesThemDirectly() {
        MeshObjects objects = MemberMeshConfig.peers(List.of(new MemberMeshConfig.Peer("m2-2", List.of("10.0.0.5"))));
        String viaLocal = objects.secrets().get(MemberMeshConfig.CLUSTERMESH_SECRET).data().get("m2-2");
        assertThat(viaLocal).contains("endpoints:\n- https://clustermesh-apiserver.kube-system.svc:2379\n")
                .contains("/var/lib/cilium/clustermesh/local-etcd-client.crt");
        String direct = objects.secrets().get(MemberMeshConfig.KVSTOREMESH_SECRET).data().get("m2-2");
        assertThat(direct).contains("endpoints:\n- https://m2-2.mesh.cilium.io:2379\n")
                .contains("cilium-host-aliases:\n- hostname: m2-2.mesh.cilium.io\n  ips:\n  - 10.0.0.5\n")
                .contains("/var/lib/cilium/clustermesh/common-etcd-client.key");
        assertThat(objects.configMaps().get(MemberMeshConfig.REMOTE_USERS).get("users.yaml"))
                .isEqualTo("users:\n- name: remote-m2-2\n  role: remote\n");
    }

    @Test
    void theSamePeersInAnyOrderRenderTheSameObjects() {
        MemberMeshConfig.Peer a = new MemberMeshConfig.Peer("a-1", List.of("10.0.0.1"));
        MemberMeshConfig.Peer b = new MemberMeshConfig.Peer("b-2", List.of("10.0.0.2"));
        assertThat(MemberMeshConfig.peers(List.of(a, b))).isEqualTo(MemberMeshConfig.peers(List.of(b, a)));
    }

    @Test
    void aMemberAloneHasNoPeers() {
        MeshObjects objects = MemberMeshConfig.peers(List.of());
        assertThat(objects.secrets().get(MemberMeshConfig.KVSTOREMESH_SECRET).data()).isEmpty();
        assertThat(objects.configMaps().get(MemberMeshConfig.REMOTE_USERS).get("users.yaml")).isEqualTo("users: []\n");
    }

    @Test
    void secretDataNeverShowsInToString() {
        MemberMeshConfig.TlsSecret tls = new MemberMeshConfig.TlsSecret("ca", "crt", "PRIVATE-KEY");
        assertThat(tls.toString()).doesNotContain("PRIVATE-KEY");
        MeshObjects objects = MemberMeshConfig.apiServer(new MemberMeshConfig.Identity("m1-1", 1), "img",
                Map.of(MemberMeshConfig.SERVER_CERT_SECRET, tls));
        assertThat(objects.toString()).doesNotContain("PRIVATE-KEY");
    }
}
