package org.fleetmesh.rp.mesh;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.member.MeshMembership;
import org.fleetmesh.rp.mesh.domain.CiliumVersion;
import org.fleetmesh.rp.mesh.domain.MemberMeshConfig;
import org.fleetmesh.rp.mesh.domain.MeshObjects;
import org.fleetmesh.rp.mesh.domain.MeshPeer;
import org.fleetmesh.rp.mesh.domain.Sha256;
import org.springframework.stereotype.Component;

/**
 * What the apply gives a member (its Cilium identity, the release its objects follow, its peers) and the digests of
 * it, by which a member that already holds what it would be given is left alone.
 */
@Component
class DesiredMemberConfig {

    private final MeshCertificates certificates;
    private final MeshSettings settings;

    DesiredMemberConfig(MeshCertificates certificates, MeshSettings settings) {
        this.certificates = certificates;
        this.settings = settings;
    }

    /** What the member holds once this apply has left it Connected. */
    AppliedDigest desiredDigest(MemberEntity member, Map<UUID, String> material, List<MeshPeer> peers) {
        return new AppliedDigest(apiServerDigest(member, material), peersDigest(member, material, peers));
    }

    String apiServerDigest(MemberEntity member, Map<UUID, String> material) {
        MemberMeshConfig.Release release = release(member);
        MeshMembership mesh = member.getMesh();
        return Sha256.hex(mesh.getCiliumClusterName() + "\n" + mesh.getCiliumClusterId() + "\n" + release.repository() + "\n"
                + release.version() + "\n" + material.getOrDefault(member.getId(), ""));
    }

    /**
     * What the peers step writes: the peers, and with them the Deployment (its {@code hostAliases}) and the local
     * certificate in {@code cilium-clustermesh}, which follow the apiserver's state.
     */
    String peersDigest(MemberEntity member, Map<UUID, String> material, List<MeshPeer> peers) {
        return Sha256.hex(apiServerDigest(member, material) + "\n" + peers.stream()
                .sorted(Comparator.comparing(MeshPeer::clusterName))
                .map(peer -> peer.clusterName() + "=" + String.join(",", peer.addresses())).collect(Collectors.joining("\n")));
    }

    MeshObjects peerObjects(UUID profileId, MemberEntity member, List<MeshPeer> peers) {
        return MemberMeshConfig.peers(identity(member), release(member),
                certificates.tlsSecrets(profileId, member.getId()).get(MemberMeshConfig.LOCAL_CERT_SECRET), peers);
    }

    /** Everything the member holds of the mesh once an apply left it Connected with these peers. */
    MeshObjects everything(UUID profileId, MemberEntity member, List<MeshPeer> peers) {
        Map<String, MemberMeshConfig.TlsSecret> tls = certificates.tlsSecrets(profileId, member.getId());
        MemberMeshConfig.Identity identity = identity(member);
        MemberMeshConfig.Release release = release(member);
        return MemberMeshConfig.apiServer(identity, release, tls, peers)
                .with(MemberMeshConfig.peers(identity, release, tls.get(MemberMeshConfig.LOCAL_CERT_SECRET), peers));
    }

    /**
     * The release whose chart the member's objects follow: the supported release of the minor version its agents run,
     * as the prerequisite step read them (which excluded every member on another minor version).
     */
    MemberMeshConfig.Release release(MemberEntity member) {
        String version = member.getMesh().getCiliumVersion();
        CiliumVersion running = version == null ? CiliumVersion.DEFAULT : CiliumVersion.parse(version);
        return new MemberMeshConfig.Release(settings.apiserverImage(), running.supportedRelease().orElse(CiliumVersion.DEFAULT));
    }

    static List<MeshPeer> peersOf(MemberEntity member, List<MemberEntity> exposed) {
        return exposed.stream().filter(other -> !other.getId().equals(member.getId()))
                .map(other -> new MeshPeer(other.getMesh().getCiliumClusterName(), other.getMesh().getApiServerAddresses()))
                .toList();
    }

    static MemberMeshConfig.Identity identity(MemberEntity member) {
        MeshMembership mesh = member.getMesh();
        return new MemberMeshConfig.Identity(mesh.getCiliumClusterName(), mesh.getCiliumClusterId());
    }
}
