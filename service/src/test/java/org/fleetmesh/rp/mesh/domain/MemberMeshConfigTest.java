package org.fleetmesh.rp.mesh.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemberMeshConfigTest {

    private static final MemberMeshConfig.Identity M1 = new MemberMeshConfig.Identity("m1-1", 1);
    private static final MemberMeshConfig.Release RELEASE = new MemberMeshConfig.Release("registry.example/cm",
            CiliumVersion.parse("1.17.18"));
    private static final MemberMeshConfig.TlsSecret LOCAL = new MemberMeshConfig.TlsSecret("ca", "local-crt", "local-key");

    @Test
    void theMemberGetsItsIdentityInCiliumConfig() {
        MeshObjects objects = MemberMeshConfig.apiServer(M1, RELEASE,
                Map.of(MemberMeshConfig.SERVER_CERT_SECRET, new MemberMeshConfig.TlsSecret("ca", "crt", "key")), List.of());
        assertThat(objects.ciliumConfig()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "cluster-name", "m1-1", "cluster-id", "1", "max-connected-clusters", "255"));
        assertThat(objects.secrets().get(MemberMeshConfig.SERVER_CERT_SECRET).data())
                .containsEntry("ca.crt", "ca").containsEntry("tls.crt", "crt").containsEntry("tls.key", "key");
        assertThat(objects.apiServer().clusterId()).isEqualTo(1);
        assertThat(objects.apiServer().image()).isEqualTo("registry.example/cm:v1.17.18");
    }

    @Test
    void agentsReachPeersThroughTheLocalKvStoreMeshAndKvStoreMeshReachesThemDirectly() {
        MeshObjects objects = MemberMeshConfig.peers(M1, RELEASE, LOCAL,
                List.of(new MeshPeer("m2-2", List.of("10.0.0.5"))));
        Map<String, String> agents = objects.secrets().get(MemberMeshConfig.CLUSTERMESH_SECRET).data();
        assertThat(agents.get("m2-2")).contains("endpoints:\n- https://clustermesh-apiserver.kube-system.svc:2379\n")
                .contains("/var/lib/cilium/clustermesh/local-etcd-client.crt");
        // AKS's agents mount this Secret alone: the files their configurations name are in it.
        assertThat(agents).containsEntry("local-etcd-client.crt", "local-crt")
                .containsEntry("local-etcd-client.key", "local-key").containsEntry("local-etcd-client-ca.crt", "ca");
        String direct = objects.secrets().get(MemberMeshConfig.KVSTOREMESH_SECRET).data().get("m2-2");
        assertThat(direct).contains("endpoints:\n- https://m2-2.mesh.cilium.io:2379\n")
                .contains("/var/lib/cilium/clustermesh/common-etcd-client.key")
                // Cilium 1.17/1.18 resolve peers through the pod's hostAliases, not through the etcd config.
                .doesNotContain("host-aliases");
        assertThat(objects.apiServer().peers()).containsExactly(new MeshPeer("m2-2", List.of("10.0.0.5")));
        assertThat(objects.configMaps().get(MemberMeshConfig.REMOTE_USERS).get("users.yaml"))
                .isEqualTo("users:\n- name: remote-m2-2\n  role: remote\n");
    }

    @Test
    void theSamePeersInAnyOrderRenderTheSameObjects() {
        MeshPeer a = new MeshPeer("a-1", List.of("10.0.0.1"));
        MeshPeer b = new MeshPeer("b-2", List.of("10.0.0.2"));
        assertThat(MemberMeshConfig.peers(M1, RELEASE, LOCAL, List.of(a, b)))
                .isEqualTo(MemberMeshConfig.peers(M1, RELEASE, LOCAL, List.of(b, a)));
    }

    @Test
    void aMemberAloneHasNoPeers() {
        MeshObjects objects = MemberMeshConfig.peers(M1, RELEASE, LOCAL, List.of());
        assertThat(objects.secrets().get(MemberMeshConfig.KVSTOREMESH_SECRET).data()).isEmpty();
        assertThat(objects.configMaps().get(MemberMeshConfig.REMOTE_USERS).get("users.yaml")).isEqualTo("users:\n");
        assertThat(objects.apiServer().peers()).isEmpty();
    }

    @Test
    void secretDataNeverShowsInToString() {
        MemberMeshConfig.TlsSecret tls = new MemberMeshConfig.TlsSecret("ca", "crt", "PRIVATE-KEY");
        MeshObjects objects = MemberMeshConfig.apiServer(M1, RELEASE, Map.of(MemberMeshConfig.SERVER_CERT_SECRET, tls),
                List.of());
        assertThat(tls.toString()).doesNotContain("PRIVATE-KEY");
        assertThat(objects.toString()).doesNotContain("PRIVATE-KEY");
        assertThat(MemberMeshConfig.peers(M1, RELEASE, tls, List.of()).toString()).doesNotContain("PRIVATE-KEY");
    }

    @Test
    void versionsParseAndCompareByMinor() {
        CiliumVersion version = CiliumVersion.parse("v1.17.18");
        assertThat(version).isEqualTo(new CiliumVersion(1, 17, 18));
        assertThat(version.tag()).isEqualTo("v1.17.18");
        assertThat(version.atLeast(1, 17)).isTrue();
        assertThat(version.atLeast(1, 18)).isFalse();
        assertThat(CiliumVersion.DEFAULT.atLeast(1, 18)).isTrue();
    }
}
