package org.fleetmesh.rp.member;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.MapJoin;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.fleetmesh.domain.MeshMemberState;
import org.fleetmesh.persistence.fleet.FleetEntity;
import org.fleetmesh.persistence.member.MemberEntity;
import org.fleetmesh.persistence.mesh.ClusterMeshProfileEntity;
import org.fleetmesh.rp.arm.ArmException;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.arm.contract.ApiContract;
import org.fleetmesh.rp.arm.contract.ApiVersions;
import org.fleetmesh.rp.arm.domain.ResourceIds;
import org.fleetmesh.rp.member.domain.LabelSelector;
import org.fleetmesh.rp.member.domain.MemberFilter;
import org.fleetmesh.rp.member.domain.MemberFilterParser;
import org.jspecify.annotations.Nullable;
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

    /**
     * @param fleet the fleet being listed; a profile id from another fleet matches no member
     * @param selectors the current selector of each profile the filter names by {@code clusterMeshProfile.Selector},
     *                  by lower-case profile name; a profile missing here (none of that name) selects no member
     */
    static Specification<MemberEntity> matching(MemberFilter filter, FleetEntity fleet, Map<String, LabelSelector> selectors) {
        return (root, query, cb) -> new Translation(fleet, selectors, root, query, cb).predicate(filter);
    }

    /** The names of the profiles whose selectors the filter evaluates, to be read before the query is built. */
    static Set<String> selectorProfiles(MemberFilter filter) {
        Set<String> names = new LinkedHashSet<>();
        collectSelectorProfiles(filter, names);
        return names;
    }

    private static void collectSelectorProfiles(MemberFilter filter, Set<String> names) {
        if (filter instanceof MemberFilter.And and) {
            collectSelectorProfiles(and.left(), names);
            collectSelectorProfiles(and.right(), names);
        } else if (filter instanceof MemberFilter.Or or) {
            collectSelectorProfiles(or.left(), names);
            collectSelectorProfiles(or.right(), names);
        } else if (filter instanceof MemberFilter.Comparison comparison
                && comparison.field() == MemberFilter.Field.CLUSTER_MESH_PROFILE_SELECTOR) {
            names.add(comparison.value().toLowerCase(Locale.ROOT));
        }
    }

    /** One filter translated for one query. */
    private record Translation(FleetEntity fleet, Map<String, LabelSelector> selectors, Root<MemberEntity> root,
            CriteriaQuery<?> query, CriteriaBuilder cb) {

        Predicate predicate(MemberFilter filter) {
            if (filter instanceof MemberFilter.And and) {
                return cb.and(predicate(and.left()), predicate(and.right()));
            }
            if (filter instanceof MemberFilter.Or or) {
                return cb.or(predicate(or.left()), predicate(or.right()));
            }
            MemberFilter.Comparison comparison = (MemberFilter.Comparison) filter;
            Predicate equal = switch (comparison.field()) {
                case GROUP -> equalOrNull(cb, root.get("group"), comparison.value());
                case LABEL -> labelEquals(comparison.labelKey(), comparison.value());
                case MESH_STATE -> equalOrNull(cb, root.get("mesh").get("state"),
                        comparison.value() == null ? null : MeshMemberState.valueOf(comparison.value()));
                case CLUSTER_MESH_PROFILE_ID -> profileIdEquals(comparison.value());
                case CLUSTER_MESH_PROFILE -> profileNamed(comparison.value());
                case CLUSTER_MESH_PROFILE_SELECTOR -> selectedBy(selectors.get(comparison.value().toLowerCase(Locale.ROOT)));
            };
            return comparison.equal() ? equal : cb.not(equal);
        }

        /** A label comparison is an EXISTS over the label table, so a missing label is "not equal" to any value. */
        private Predicate labelEquals(String key, String value) {
            Subquery<UUID> labelled = query.subquery(UUID.class);
            Root<MemberEntity> member = labelled.from(MemberEntity.class);
            MapJoin<MemberEntity, String, String> labels = member.joinMap("labels");
            Predicate keyMatches = cb.equal(labels.key(), key);
            Predicate valueMatches = value == null ? keyMatches : cb.and(keyMatches, cb.equal(labels.value(), value));
            labelled.select(member.get("id")).where(cb.equal(member.get("id"), root.get("id")), valueMatches);
            Predicate exists = cb.exists(labelled);
            return value == null ? cb.not(exists) : exists;
        }

        /** Every pair of the selector, as the label comparisons above; a selector that selects nothing matches none. */
        private Predicate selectedBy(LabelSelector selector) {
            if (selector == null || selector.selectsNothing()) {
                return cb.disjunction();
            }
            return cb.and(selector.requirements().entrySet().stream()
                    .map(requirement -> labelEquals(requirement.getKey(), requirement.getValue()))
                    .toArray(Predicate[]::new));
        }

        private Predicate profileIdEquals(String profileId) {
            if (profileId == null) {
                return cb.isNull(meshProfileId());
            }
            Optional<ResourceIds.ClusterMeshProfile> id = ResourceIds.clusterMeshProfile(profileId)
                    .filter(p -> p.subscriptionId().equalsIgnoreCase(fleet.getSubscriptionId())
                            && p.resourceGroup().equalsIgnoreCase(fleet.getResourceGroup())
                            && p.fleet().equalsIgnoreCase(fleet.getName()));
            return id.isEmpty() ? cb.disjunction() : profileNamed(id.get().name());
        }

        /** A subquery rather than a join, so that members in no mesh stay in the rows a negation keeps. */
        private Predicate profileNamed(String profileName) {
            if (profileName == null) {
                return cb.isNull(meshProfileId());
            }
            Subquery<UUID> named = query.subquery(UUID.class);
            Root<ClusterMeshProfileEntity> profile = named.from(ClusterMeshProfileEntity.class);
            named.select(profile.get("id")).where(cb.equal(profile.get("fleet").get("id"), fleet.getId()),
                    cb.equal(profile.get("nameKey"), profileName.toLowerCase(Locale.ROOT)));
            return cb.and(cb.isNotNull(meshProfileId()), meshProfileId().in(named));
        }

        private Expression<UUID> meshProfileId() {
            return root.get("mesh").get("profile").get("id");
        }
    }

    /**
     * SQL's {@code column = value} is unknown, not false, for a null column, and NOT of unknown stays unknown;
     * the explicit null check makes the comparison two-valued, so its negation includes nulls as OData says.
     */
    private static <T> Predicate equalOrNull(CriteriaBuilder cb, Expression<T> column, @Nullable T value) {
        return value == null ? cb.isNull(column) : cb.and(cb.isNotNull(column), cb.equal(column, value));
    }

    /** The caller's {@code $filter}, refused when it names what the api-version does not have; null for none. */
    static @Nullable MemberFilter parse(String filter, String apiVersion, ApiContract contract) {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        try {
            MemberFilter parsed = MemberFilterParser.parse(filter);
            if (parsed.usesMeshFields() && !contract.hasMesh(apiVersion)) {
                throw new MemberFilterParser.InvalidFilterException("Api-version '" + apiVersion + "' has no meshProperties; "
                        + "filter on them with a preview api-version (" + ApiVersions.V2026_06_02_PREVIEW + ").");
            }
            if (parsed.usesLabels() && !contract.hasMemberLabels(apiVersion)) {
                throw new MemberFilterParser.InvalidFilterException("Api-version '" + apiVersion + "' has no member labels; "
                        + "use " + ApiVersions.V2026_06_01 + " or later.");
            }
            return parsed;
        } catch (MemberFilterParser.InvalidFilterException invalid) {
            throw new ArmException(ErrorCode.INVALID_FILTER, invalid.getMessage(), "$filter");
        }
    }
}
