package org.fleetmesh.rp.arm;

import java.net.URI;
import java.util.Map;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a resource operation needs to know about the HTTP call that asked for it, free of servlet types.
 *
 * @param publicRequestUri the URL the client called, as the public would see it (ARM's Referer), for links
 * @param systemData       systemData ARM sent with the write, if any; otherwise the change is the caller's
 * @param body             the request body as sent, explicit nulls included (a merge patch needs them)
 */
public record ArmCall(String apiVersion, Actor caller, SystemDataHeader systemData, String ifMatch, String ifNoneMatch,
        URI publicRequestUri, Map<String, List<String>> query, JsonNode body) {

    /** The first value of a query parameter, matched case-insensitively. */
    public String queryParameter(String name) {
        return org.fleetmesh.rp.arm.contract.QueryString.first(query, name);
    }

    /** An absolute URL on the public host the client called, for Location, Azure-AsyncOperation and nextLink. */
    public URI publicUrl(String pathAndQuery) {
        return publicRequestUri.resolve(pathAndQuery);
    }

    /** ARM's systemData header, as sent on writes. */
    public record SystemDataHeader(String createdBy, String createdByType, java.time.Instant createdAt,
            String lastModifiedBy, String lastModifiedByType, java.time.Instant lastModifiedAt) {
    }
}
