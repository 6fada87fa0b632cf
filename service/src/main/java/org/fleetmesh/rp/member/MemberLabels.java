package org.fleetmesh.rp.member;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.fleetmesh.rp.member.domain.Labels;

/**
 * A member's labels as the service keeps them: the caller's own, checked, beside the system labels derived from the
 * member and its cluster. A write (MemberService) and a join that read the cluster (MemberOperationTypes) set them.
 */
final class MemberLabels {

    /** The system labels of a member whose cluster Azure described as given (null: as last read). */
    static Map<String, String> systemLabels(MemberEntity member, String clusterLocation) {
        ResourceIds.ManagedCluster cluster = ResourceIds.managedCluster(member.getClusterResourceId()).orElseThrow();
        return Labels.system(member.getName(), member.getGroup(), cluster.subscriptionId(), cluster.resourceGroup(), cluster.name(),
                clusterLocation != null ? clusterLocation : member.getLabels().get(Labels.LOCATION));
    }

    /** Azure has described the member's cluster: its system labels now say where it runs. */
    static void clusterRead(MemberEntity member, String clusterLocation) {
        member.replaceLabels(withSystem(userLabels(member.getLabels()), systemLabels(member, clusterLocation)));
    }

    static Map<String, String> userLabels(Map<String, String> labels) {
        Map<String, String> user = new LinkedHashMap<>();
        labels.forEach((key, value) -> {
            if (!Labels.isSystem(key)) {
                user.put(key, value);
            }
        });
        return user;
    }

    /**
     * Checks labels a caller sent. System labels may be echoed back unchanged (a GET body re-sent with PUT),
     * but not set to anything else.
     */
    static Map<String, String> checkedUserLabels(Map<String, String> labels, Map<String, String> system) {
        checkLabelCount((int) labels.keySet().stream().filter(key -> !Labels.isSystem(key)).count());
        Map<String, String> user = new LinkedHashMap<>();
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String key = label.getKey();
            String target = "properties.labels." + key;
            if (Labels.isSystem(key)) {
                if (label.getValue() == null || !label.getValue().equals(system.get(key))) {
                    throw new ArmException(ErrorCode.RESERVED_LABEL, "Labels under '" + Labels.SYSTEM_PREFIX + "' are set by "
                            + "the service and cannot be changed. Remove '" + key + "' from the request.", target);
                }
                continue;
            }
            Labels.keyProblem(key).or(() -> Labels.valueProblem(key, label.getValue())).ifPresent(problem -> {
                throw new ArmException(ErrorCode.INVALID_LABEL, problem, target);
            });
            user.put(key, label.getValue());
        }
        return user;
    }

    static void checkLabelCount(int userLabels) {
        Labels.countProblem(userLabels).ifPresent(problem -> {
            throw new ArmException(ErrorCode.INVALID_LABEL, problem, "properties.labels");
        });
    }

    static Map<String, String> withSystem(Map<String, String> user, Map<String, String> system) {
        Map<String, String> all = new LinkedHashMap<>(user);
        all.putAll(system);
        return all;
    }

    private MemberLabels() {
    }
}
