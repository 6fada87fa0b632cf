package org.fleetmesh.rp.mesh;

import java.util.ArrayList;
import java.util.List;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.rp.api.model.ClusterMeshWhatIfEffect;
import org.fleetmesh.rp.api.model.ClusterMeshWhatIfMember;
import org.fleetmesh.rp.api.model.ClusterMeshWhatIfResult;
import org.fleetmesh.rp.api.model.PrerequisiteCheck;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.springframework.stereotype.Component;

/** What whatIf found as its wire result; apart from the profile's converter, which the apply uses. */
@Component
class ClusterMeshWhatIfModels {

    /** What whatIf found, member by member, as its result. */
    ClusterMeshWhatIfResult toModel(List<ClusterMeshWhatIf.Outcome> outcomes) {
        ClusterMeshWhatIfResult result = new ClusterMeshWhatIfResult().members(new ArrayList<>());
        for (ClusterMeshWhatIf.Outcome outcome : outcomes) {
            MemberEntity member = outcome.member();
            FleetEntity fleet = member.getFleet();
            ClusterMeshWhatIfMember view = new ClusterMeshWhatIfMember()
                    .name(member.getName())
                    .memberResourceId(ResourceIds.member(fleet.getSubscriptionId(), fleet.getResourceGroup(), fleet.getName(),
                            member.getName()))
                    .clusterResourceId(member.getClusterResourceId())
                    .action(outcome.action().name())
                    .ciliumClusterId(outcome.clusterId())
                    .meshState(outcome.otherProfile() == null && member.getMesh() != null
                            ? member.getMesh().getState().name() : null)
                    .ciliumVersion(outcome.ciliumVersion())
                    .effects(outcome.effects().stream().map(effect -> new ClusterMeshWhatIfEffect().code(effect.code())
                            .message(effect.message())).toList())
                    .checks(outcome.checks().stream().map(check -> new PrerequisiteCheck()
                            .code(check.code()).result(check.passed() ? "Passed" : "Failed").message(check.message())
                            .target(check.target()).remediation(check.remediation())).toList());
            if (outcome.otherProfile() != null) {
                view.otherClusterMeshProfileResourceId(ClusterMeshProfileIds.resourceId(outcome.otherProfile()));
            }
            result.addMembersItem(view);
        }
        return result;
    }
}
