package org.fleetmesh.rp.member;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fleetmesh.rp.api.FleetMembersApi;
import org.fleetmesh.rp.api.model.FleetMember;
import org.fleetmesh.rp.api.model.FleetMemberListResult;
import org.fleetmesh.rp.api.model.FleetMemberProperties;
import org.fleetmesh.rp.api.model.FleetMemberUpdate;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmCalls;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.arm.Written;
import org.fleetmesh.rp.arm.contract.ApiContract;
import org.fleetmesh.rp.operation.Operations;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
class MemberController implements FleetMembersApi {

    private final MemberService members;
    private final MemberModels memberModels;
    private final Operations operations;
    private final ArmCalls calls;
    private final ApiContract contract;

    MemberController(MemberService members, MemberModels memberModels, Operations operations, ArmCalls calls,
            ApiContract contract) {
        this.contract = contract;
        this.members = members;
        this.memberModels = memberModels;
        this.operations = operations;
        this.calls = calls;
    }

    @Override
    public ResponseEntity<FleetMember> fleetMembersCreate(String apiVersion, String subscriptionId, String resourceGroupName,
            String fleetName, String fleetMemberName, FleetMember fleetMember, String ifMatch, String ifNoneMatch) {
        FleetMemberProperties properties = fleetMember.getProperties();
        if (properties == null || properties.getClusterResourceId() == null) {
            throw new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "The property 'properties.clusterResourceId' is required.",
                    "properties.clusterResourceId");
        }
        Map<String, String> labels = contract.hasMemberLabels(apiVersion) ? properties.getLabels() : null;
        MemberSpec spec = new MemberSpec(properties.getClusterResourceId(), properties.getGroup(), labels,
                properties.getProvisioningState());
        ArmCall call = calls.current();
        Written<FleetMember> written = members.createOrReplace(subscriptionId, resourceGroupName, fleetName,
                fleetMemberName, spec, members.clusterLocation(spec.clusterResourceId()), call).map(memberModels::toModel);
        HttpStatus status = written.created() ? HttpStatus.CREATED : HttpStatus.OK;
        return operations.written(written, written.resource().geteTag(), call, () -> members.settled(subscriptionId,
                resourceGroupName, fleetName, fleetMemberName).map(memberModels.responder(status)));
    }

    @Override
    public ResponseEntity<FleetMember> fleetMembersGet(String apiVersion, String subscriptionId, String resourceGroupName,
            String fleetName, String fleetMemberName) {
        return memberModels.respond(HttpStatus.OK, members.get(subscriptionId, resourceGroupName, fleetName, fleetMemberName));
    }

    @Override
    public ResponseEntity<FleetMember> fleetMembersUpdate(String apiVersion, String subscriptionId, String resourceGroupName,
            String fleetName, String fleetMemberName, FleetMemberUpdate fleetMemberUpdate, String ifMatch) {
        ArmCall call = calls.current();
        JsonNode properties = call.body() == null ? null : call.body().get("properties");
        MemberPatch patch = new MemberPatch(properties != null && properties.has("group"),
                properties == null ? null : properties.path("group").asString(null), labelChanges(properties));
        return operations.accepted(members.update(subscriptionId, resourceGroupName, fleetName, fleetMemberName, patch, call),
                call, () -> members.settled(subscriptionId, resourceGroupName, fleetName, fleetMemberName)
                        .map(memberModels.responder(HttpStatus.OK)));
    }

    /** The labels part of a merge patch, keeping explicit nulls (label removals). */
    private static @Nullable Map<String, String> labelChanges(JsonNode properties) {
        if (properties == null || !properties.has("labels")) {
            return null;
        }
        Map<String, String> changes = new LinkedHashMap<>();
        properties.get("labels").properties().forEach(e -> changes.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asString()));
        return changes;
    }

    @Override
    public ResponseEntity<Void> fleetMembersDelete(String apiVersion, String subscriptionId, String resourceGroupName,
            String fleetName, String fleetMemberName, String ifMatch) {
        ArmCall call = calls.current();
        return operations.deleted(members.delete(subscriptionId, resourceGroupName, fleetName, fleetMemberName, call), call);
    }

    @Override
    public ResponseEntity<FleetMemberListResult> fleetMembersListByFleet(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName, Integer top, String skipToken, String filter) {
        return ResponseEntity.ok(memberModels.list(members.list(subscriptionId, resourceGroupName, fleetName, filter,
                apiVersion, calls.current())));
    }

}
