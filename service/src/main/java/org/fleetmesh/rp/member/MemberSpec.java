package org.fleetmesh.rp.member;

import java.util.Map;

/**
 * What a PUT asks a member to be.
 *
 * @param labels null when the api-version has no labels: the member keeps the labels it has
 */
public record MemberSpec(String clusterResourceId, String group, Map<String, String> labels, String provisioningState) {
}
