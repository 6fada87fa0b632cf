package org.fleetmesh.rp.member;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.operation.OperationEntity;
import org.fleetmesh.rp.api.FleetMembersApi;
import org.fleetmesh.rp.api.model.FleetMember;
import org.fleetmesh.rp.api.model.FleetMemberListResult;
import org.fleetmesh.rp.api.model.FleetMemberProperties;
import org.fleetmesh.rp.api.model.FleetMemberUpdate;
import org.fleetmesh.rp.arm.ArmCall;
import org.fleetmesh.rp.arm.ArmCalls;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.arm.Paging;
import org.fleetmesh.rp.arm.Written;
import org.fleetmesh.rp.arm.contract.ApiVersions;
import org.fleetmesh.rp.fleet.FleetService;
import org.fleetmesh.rp.member.domain.MemberFilter;
import org.fleetmesh.rp.member.domain.MemberFilterParser;
import org.fleetmesh.rp.operation.Operations;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
class MemberController implements FleetMembersApi {

    private final MemberService members;
    private final MemberModels memberModels;
    private final FleetService fleets;
    private final Operations operations;
    private final ArmCalls calls;
    private final Paging paging;

    MemberController(MemberService members, MemberModels memberModels, FleetService fleets, Operations operations,
            ArmCalls calls, Paging paging) {
        this.members = members;
        this.memberModels = memberModels;
        this.fleets = fleets;
        this.operations = operations;
        this.calls = calls;
        this.paging = paging;
    }

    @Override
    public ResponseEntity<FleetMember> fleetMembersCreate(String apiVersion, String subscriptionId, String resourceGroupName,
            String fleetName, String fleetMemberName, FleetMember fleetMember, String ifMatch, String ifNoneMatch) {
        FleetMemberProperties properties = fleetMember.getProperties();
        if (properties == null || properties.getClusterResourceId() == null) {
            throw new ArmException(ErrorCode.INVALID_REQUEST_CONTENT, "The property 'properties.clusterResourceId' is required.",
                    "properties.clusterResourceId");
        }
        Map<String, String> labels = ApiVersions.hasMemberLabels(apiVersion) ? properties.getLabels() : null;
        MemberSpec spec = new MemberSpec(properties.getClusterResourceId(), properties.getGroup(), labels,
                properties.getProvisioningState());
        ArmCall call = calls.current();
        Written<MemberEntity> written = members.createOrReplace(subscriptionId, resourceGroupName, fleetName,
                fleetMemberName, spec, members.clusterLocation(spec.clusterResourceId()), call);
        HttpStatus status = written.created() ? HttpStatus.CREATED : HttpStatus.OK;
        // Finished at once: the completed PUT (terminal provisioningState, no Azure-AsyncOperation to poll).
        Optional<MemberEntity> done = completed(written.operation(), subscriptionId, resourceGroupName, fleetName,
                fleetMemberName);
        if (done.isPresent()) {
            return respond(status, done.get());
        }
        return ResponseEntity.status(status)
                .headers(operations.statusHeaders(written.operation(), call))
                .eTag(MemberService.etag(written.resource()))
                .body(memberModels.toModel(written.resource()));
    }

    @Override
    public ResponseEntity<FleetMember> fleetMembersGet(String apiVersion, String subscriptionId, String resourceGroupName,
            String fleetName, String fleetMemberName) {
        return respond(HttpStatus.OK, members.get(subscriptionId, resourceGroupName, fleetName, fleetMemberName));
    }

    @Override
    public ResponseEntity<FleetMember> fleetMembersUpdate(String apiVersion, String subscriptionId, String resourceGroupName,
            String fleetName, String fleetMemberName, FleetMemberUpdate fleetMemberUpdate, String ifMatch) {
        ArmCall call = calls.current();
        JsonNode properties = call.body() == null ? null : call.body().get("properties");
        MemberPatch patch = new MemberPatch(properties != null && properties.has("group"),
                properties == null ? null : properties.path("group").asString(null), labelChanges(properties));
        Written<MemberEntity> written = members.update(subscriptionId, resourceGroupName, fleetName, fleetMemberName, patch,
                call);
        Optional<MemberEntity> done = completed(written.operation(), subscriptionId, resourceGroupName, fleetName,
                fleetMemberName);
        if (done.isPresent()) {
            return respond(HttpStatus.OK, done.get());
        }
        return ResponseEntity.accepted().headers(operations.pollingHeaders(written.operation(), call)).build();
    }

    /** The labels part of a merge patch, keeping explicit nulls (label removals). */
    private static Map<String, String> labelChanges(JsonNode properties) {
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
        return members.delete(subscriptionId, resourceGroupName, fleetName, fleetMemberName, call)
                .map(operation -> operations.succeededWithinBudget(operation).isPresent() ? ResponseEntity.ok().<Void>build()
                        : ResponseEntity.accepted().headers(operations.pollingHeaders(operation, call)).<Void>build())
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @Override
    public ResponseEntity<FleetMemberListResult> fleetMembersListByFleet(String apiVersion, String subscriptionId,
            String resourceGroupName, String fleetName, Integer top, String skipToken, String filter) {
        ArmCall call = calls.current();
        FleetEntity fleet = fleets.parent(subscriptionId, resourceGroupName, fleetName);
        MemberFilter parsed = parse(filter, apiVersion);
        String scope = "members/" + fleet.getId() + "/" + (filter == null ? "" : filter);
        Paging.Page page = paging.page(call, scope, 1);
        Paging.Listing<MemberEntity> listing = paging.listing(members.page(fleet, parsed, page), page, call, scope,
                last -> List.of(last.getNameKey()));
        return ResponseEntity.ok(new FleetMemberListResult()
                .value(listing.items().stream().map(memberModels::toModel).toList())
                .nextLink(listing.nextLink()));
    }

    private static MemberFilter parse(String filter, String apiVersion) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        try {
            MemberFilter parsed = MemberFilterParser.parse(filter);
            if (parsed.usesMeshFields() && !ApiVersions.hasMesh(apiVersion)) {
                throw new MemberFilterParser.InvalidFilterException("Api-version '" + apiVersion + "' has no meshProperties; "
                        + "filter on them with a preview api-version (" + ApiVersions.V2026_06_02_PREVIEW + ").");
            }
            if (parsed.usesLabels() && !ApiVersions.hasMemberLabels(apiVersion)) {
                throw new MemberFilterParser.InvalidFilterException("Api-version '" + apiVersion + "' has no member labels; "
                        + "use " + ApiVersions.V2026_06_01 + " or later.");
            }
            return parsed;
        } catch (MemberFilterParser.InvalidFilterException invalid) {
            throw new ArmException(ErrorCode.INVALID_FILTER, invalid.getMessage(), "$filter");
        }
    }

    /**
     * The member as its write left it, if the write's operation Succeeded within the synchronous budget; empty when
     * the write is answered asynchronously (still running, failed, or the member has gone since).
     */
    private Optional<MemberEntity> completed(OperationEntity operation, String subscriptionId, String resourceGroupName,
            String fleetName, String memberName) {
        if (operations.succeededWithinBudget(operation).isEmpty()) {
            return Optional.empty();
        }
        try {
            // Another write may have started on it since: then its state is not final, and neither is this answer.
            return Optional.of(members.get(subscriptionId, resourceGroupName, fleetName, memberName)).filter(row -> Operations.TERMINAL_STATES.contains(row.getProvisioningState()));
        } catch (ArmException gone) {
            return Optional.empty();
        }
    }

    private ResponseEntity<FleetMember> respond(HttpStatus status, MemberEntity member) {
        return ResponseEntity.status(status).eTag(MemberService.etag(member)).body(memberModels.toModel(member));
    }
}
