package org.fleetmesh.rp.mesh.checks.domain;

import org.fleetmesh.rp.member.domain.AksCluster;
import org.fleetmesh.rp.mesh.domain.CiliumAgents;
import org.jspecify.annotations.Nullable;

/**
 * A member the profile's selector selects: what {@link MeshPrerequisites#check} is given. A top-level record (it was
 * {@code MeshPrerequisites.Member}) so that {@link CheckedMember}, which wraps it, does not import back the class that
 * runs the checks.
 *
 * @param connected whether the member is already Connected in this profile's mesh
 * @param otherMeshProfile the name of the other profile whose mesh holds the member, or null
 * @param agents the cluster's Cilium agents when it {@link MeshPrerequisites#runsCiliumAgents runs Cilium}; null when
 *        it has none, and for a cluster that does not run Cilium, whose agents are not read
 */
public record SelectedMember(String name, boolean connected, AksCluster cluster, @Nullable String otherMeshProfile,
        @Nullable CiliumAgents agents) {
}
