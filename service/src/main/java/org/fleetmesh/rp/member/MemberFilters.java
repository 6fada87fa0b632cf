package org.fleetmesh.rp.member;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.MapJoin;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.fleetmesh.rp.member.domain.MemberFilter;
import org.springframework.data.jpa.domain.Specification;

/**
 * Translates a {@link MemberFilter} into a database query, so filtering happens in PostgreSQL rather than
 * in memory. OData's null semantics hold: {@code ne 'x'} also matches members without the property.
 */
final class MemberFilters {

    private MemberFilters() {
    }

    static Specification<MemberEntity> inFleet(UUID fleetId) {
        return (root, query, cb) -> cb.equal(root.get("fleet").get("id"), fleetId);
    }

    static Specification<MemberEntity> after(String nameKey) {
        return (root, query, cb) -> cb.greaterThan(root.get("nameKey"), nameKey);
    }

    /** @param fleet the fleet being listed; a profile id from another fleet matches no member */
    static Specification<MemberEntity> matching(MemberFilter filter, FleetEntity fleet) {
        return (root, query, cb) -> predicate(filter, fleet, root, query, cb);
    }

    private static Predicate predicate(MemberFilter filter, FleetEntity fleet, Root<MemberEntity> root,
            CriteriaQuery<?> query, CriteriaBuilder cb) {
        if (filter instanceof MemberFilter.And and) {
            return cb.and(predicate(and.left(), fleet, root, query, cb), predicate(and.right(), fleet, root, query, cb));
        }
        if (filter instanceof MemberFilter.Or or) {
            return cb.or(predicate(or.left(), fleet, root, query, cb), predicate(or.right(), fleet, root, query, cb));
        }
        MemberFilter.Comparison comparison = (MemberFilter.Comparison) filter;
        Predicate equal = switch (comparison.field()) {
            case GROUP -> equalOrNull(cb, root.get("group"), comparison.value());
            case LABEL -> labelEquals(comparison.labelKey(), comparison.value(), root, query, cb);
            case MESH_STATE -> equalOrNull(cb, root.get("meshState"), comparison.value());
            case CLUSTER_MESH_PROFILE_ID -> profileEquals(comparison.value(), fleet, root, cb);
        };
        return comparison.equal() ? equal : cb.not(equal);
    }

    /** A label comparison is an EXISTS over the label table, so a missing label is "not equal" to any value. */
    private static Predicate labelEquals(String key, String value, Root<MemberEntity> root,
            CriteriaQuery<?> query, CriteriaBuilder cb) {
        Subquery<UUID> labelled = query.subquery(UUID.class);
        Root<MemberEntity> member = labelled.from(MemberEntity.class);
        MapJoin<MemberEntity, String, String> labels = member.joinMap("labels");
        Predicate keyMatches = cb.equal(labels.key(), key);
        Predicate valueMatches = value == null ? keyMatches : cb.and(keyMatches, cb.equal(labels.value(), value));
        labelled.select(member.get("id")).where(cb.equal(member.get("id"), root.get("id")), valueMatches);
        Predicate exists = cb.exists(labelled);
        return value == null ? cb.not(exists) : exists;
    }

    private static Predicate profileEquals(String profileId, FleetEntity fleet, Root<MemberEntity> root, CriteriaBuilder cb) {
        if (profileId == null) {
            return cb.isNull(root.get("meshProfile"));
        }
        Optional<ResourceIds.ClusterMeshProfile> id = ResourceIds.clusterMeshProfile(profileId)
                .filter(p -> p.subscriptionId().equalsIgnoreCase(fleet.getSubscriptionId())
                        && p.resourceGroup().equalsIgnoreCase(fleet.getResourceGroup())
                        && p.fleet().equalsIgnoreCase(fleet.getName()));
        if (id.isEmpty()) {
            return cb.disjunction();
        }
        Join<MemberEntity, ClusterMeshProfileEntity> profile = root.join("meshProfile", JoinType.LEFT);
        return equalOrNull(cb, profile.get("nameKey"), id.get().name().toLowerCase(Locale.ROOT));
    }

    /**
     * SQL's {@code column = value} is unknown, not false, for a null column, and NOT of unknown stays unknown;
     * the explicit null check makes the comparison two-valued, so its negation includes nulls as OData says.
     */
    private static Predicate equalOrNull(CriteriaBuilder cb, Expression<String> column,
            String value) {
        return value == null ? cb.isNull(column) : cb.and(cb.isNotNull(column), cb.equal(column, value));
    }

}
