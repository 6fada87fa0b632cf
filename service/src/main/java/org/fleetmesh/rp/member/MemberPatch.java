package org.fleetmesh.rp.member;

import java.util.Map;

/**
 * A JSON merge patch of a member's properties.
 *
 * @param groupPresent whether the patch mentions group at all (a null group then removes it)
 * @param labels       label changes; a null value removes that label. Null when the patch has no labels
 */
public record MemberPatch(boolean groupPresent, String group, Map<String, String> labels) {
}
