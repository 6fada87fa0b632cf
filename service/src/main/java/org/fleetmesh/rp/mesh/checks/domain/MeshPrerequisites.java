package org.fleetmesh.rp.mesh.checks.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.fleetmesh.rp.member.domain.AksCluster;

/**
 * Checks every cross-cluster networking prerequisite of the members a profile selects, before an apply connects them
 * (sources: Fleet cross-cluster networking and ACNS docs, Cilium ClusterMesh requirements). Every check runs on every
 * member, so a member hears about all its failures at once, not the first only.
 *
 * <p>The checks run in three stages, each deciding exclusions from the ones before, so the outcome does not depend on
 * the order members come in:
 * <ol>
 * <li>Each member alone ({@link MemberChecks}): Cilium dataplane, ACNS, Kubernetes version, no overlay, custom
 * network, Succeeded, Running, no other mesh, and a supported Cilium version where the cluster runs Cilium; and the
 * member count. A failure excludes the member.
 * <li>Transit encryption, mesh-wide: Cilium does not support mixing encrypted and unencrypted members. The setting
 * the members already connected share wins; with none connected, the majority among the members that passed stage 1,
 * a tie going to encryption rather than asking members to turn encryption off. A member with another setting is
 * excluded.
 * <li>Pairs (pod address overlap, network peering), among the members not in another mesh. A conflict excludes the
 * member that is not yet connected, or both when neither is, since neither has a better claim. A conflict between
 * two connected members excludes neither: they are in the mesh already, and disconnecting them would cut them off
 * from every other member while fixing nothing between the two; it is reported on both. Conflicts with connected
 * members decide first, so a member they exclude no longer excludes a newcomer it conflicts with.
 * </ol>
 * A conflict is reported on the members it leaves excluded (or on both connected members); a member excluded for its
 * own reasons still hears about its conflicts, but never excludes another member by them.
 *
 * <p>More than {@value MeshLimits#MAX_MEMBERS} members (members in another mesh do not count, they cannot join) is a
 * profile failure: the selector is too broad. Members already connected stay; no new member joins, since which of them would
 * fit is arbitrary.
 */
public final class MeshPrerequisites {

    static final String SELECTOR_TARGET = "properties.memberSelector.byLabel";
    private static final String NO_ENCRYPTION = "None";

    /**
     * Whether the cluster should run Cilium agents that can be read: it has the Cilium dataplane and is running. The
     * Cilium version is read, and checked, for these clusters only; the others fail on their dataplane or power state.
     */
    public static boolean runsCiliumAgents(AksCluster cluster) {
        return cluster.network() != null && "cilium".equalsIgnoreCase(cluster.network().dataplane())
                && "Running".equalsIgnoreCase(cluster.powerState());
    }

    /**
     * @param selected every member the selector selects
     * @param networks the virtual networks of the selected members' agent pools, with their subnets and peerings; a
     *        network missing here has no peerings, and its subnets add no pod addresses
     */
    public static PrerequisiteReport check(List<SelectedMember> selected, Collection<VirtualNetwork> networks) {
        Map<VirtualNetworkId, VirtualNetwork> networksById = networks.stream()
                .collect(Collectors.toMap(VirtualNetwork::id, Function.identity(), (first, second) -> first));
        List<CheckedMember> members = selected.stream().sorted(Comparator.comparing(SelectedMember::name))
                .map(member -> CheckedMember.of(member, ClusterNetwork.of(member.cluster(), networksById))).toList();
        List<CheckedMember> candidates = members.stream().filter(member -> !member.inAnotherMesh()).toList();
        Map<String, List<CheckResult>> results = new LinkedHashMap<>();
        members.forEach(member -> results.put(member.name(), new ArrayList<>()));

        CheckResult memberCount = memberCount(candidates.size());
        for (CheckedMember member : members) {
            MemberChecks.ALL.forEach(check -> results.get(member.name()).add(check.apply(member)));
            if (runsCiliumAgents(member.cluster())) {
                results.get(member.name()).add(MemberChecks.ciliumVersion(member));
            }
        }
        for (CheckedMember member : candidates) {
            results.get(member.name()).add(memberCountFor(member, memberCount));
        }
        Set<String> excluded = failing(results);

        String encryption = meshEncryption(candidates, excluded);
        for (CheckedMember member : candidates) {
            results.get(member.name()).add(transitEncryption(member, encryption));
        }
        excluded.addAll(failing(results));

        List<PairwiseCheck> pairwiseChecks = List.of(new PairwiseCheck.PodAddressOverlap(),
                new PairwiseCheck.NetworkPeering(PeeringGraph.of(networks)));
        List<Conflict> conflicts = conflicts(candidates, pairwiseChecks);
        excluded.addAll(excludedByConflicts(conflicts, excluded));
        for (CheckedMember member : candidates) {
            for (PairwiseCheck check : pairwiseChecks) {
                List<CheckResult> failures = new ArrayList<>();
                for (Conflict conflict : conflicts) {
                    if (conflict.check() == check && conflict.reportedOn(excluded).contains(member)) {
                        failures.add(conflict.failureOf(member));
                    }
                }
                results.get(member.name()).addAll(failures.isEmpty() ? List.of(MemberChecks.pass(check.code(), member)) : failures);
            }
        }
        return new PrerequisiteReport(List.of(memberCount), results, excluded);
    }

    private static Set<String> failing(Map<String, List<CheckResult>> results) {
        Set<String> names = new HashSet<>();
        results.forEach((member, checks) -> {
            if (checks.stream().anyMatch(result -> !result.passed())) {
                names.add(member);
            }
        });
        return names;
    }

    private static CheckResult memberCount(int candidates) {
        if (candidates <= MeshLimits.MAX_MEMBERS) {
            return CheckResult.passed(CheckCode.TooManyMembers, "Profile", SELECTOR_TARGET);
        }
        return CheckResult.failed(CheckCode.TooManyMembers, "The member selector selects " + candidates + " members that "
                + "are in no other mesh; a cluster mesh holds at most " + MeshLimits.MAX_MEMBERS + ". Members already connected "
                + "stay; no new member joins.", SELECTOR_TARGET, tooManyRemediation());
    }

    private static CheckResult memberCountFor(CheckedMember member, CheckResult memberCount) {
        if (memberCount.passed() || member.member().connected()) {
            return MemberChecks.pass(CheckCode.TooManyMembers, member);
        }
        return CheckResult.failed(CheckCode.TooManyMembers, member.subject() + " does not join: " + memberCount.message(),
                SELECTOR_TARGET, tooManyRemediation());
    }

    private static String tooManyRemediation() {
        return "Narrow " + SELECTOR_TARGET + ", for example with another key=value pair, so it selects at most "
                + MeshLimits.MAX_MEMBERS + " members.";
    }

    /** The setting every member must have: see the class comment, stage 2. */
    private static String meshEncryption(List<CheckedMember> candidates, Set<String> excluded) {
        List<CheckedMember> eligible = candidates.stream().filter(member -> !excluded.contains(member.name())).toList();
        List<CheckedMember> connected = eligible.stream().filter(member -> member.member().connected()).toList();
        List<CheckedMember> voters = connected.isEmpty() ? eligible : connected;
        Map<String, Long> votes = voters.stream()
                .collect(Collectors.groupingBy(MeshPrerequisites::encryptionOf, LinkedHashMap::new, Collectors.counting()));
        return votes.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                        .thenComparing(vote -> !vote.getKey().equals(NO_ENCRYPTION))
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse(NO_ENCRYPTION);
    }

    private static CheckResult transitEncryption(CheckedMember member, String meshEncryption) {
        String own = encryptionOf(member);
        if (own.equals(meshEncryption)) {
            return MemberChecks.pass(CheckCode.TransitEncryptionMismatch, member);
        }
        return CheckResult.failed(CheckCode.TransitEncryptionMismatch, member.subject() + " has transit encryption '" + own
                + "' where the mesh has '" + meshEncryption + "'; Cilium does not support members with different "
                + "encryption in one mesh.", member.target(), "az aks update " + member.clusterArgs()
                + " --acns-transit-encryption-type " + meshEncryption);
    }

    /** The setting with AKS's spelling of no encryption for an absent one, so absent and None compare equal. */
    private static String encryptionOf(CheckedMember member) {
        AksCluster.Network network = member.cluster().network();
        String type = network == null ? null : network.transitEncryption();
        return type == null || type.isBlank() || type.toLowerCase(Locale.ROOT).equals("none") ? NO_ENCRYPTION : type;
    }

    /** Two members a pairwise check finds in conflict. */
    private record Conflict(PairwiseCheck check, CheckedMember a, CheckedMember b) {

        /** The sides left excluded, or both sides when neither is (two connected members). */
        List<CheckedMember> reportedOn(Set<String> excluded) {
            List<CheckedMember> sides = List.of(a, b).stream().filter(side -> excluded.contains(side.name())).toList();
            return sides.isEmpty() ? List.of(a, b) : sides;
        }

        CheckedMember other(CheckedMember side) {
            return side.equals(a) ? b : a;
        }

        CheckResult failureOf(CheckedMember side) {
            return check.failure(side, other(side));
        }
    }

    private static List<Conflict> conflicts(List<CheckedMember> candidates, List<PairwiseCheck> checks) {
        List<Conflict> conflicts = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            for (int j = i + 1; j < candidates.size(); j++) {
                for (PairwiseCheck check : checks) {
                    if (check.conflict(candidates.get(i), candidates.get(j))) {
                        conflicts.add(new Conflict(check, candidates.get(i), candidates.get(j)));
                    }
                }
            }
        }
        return conflicts;
    }

    /** Stage 3's exclusions: see the class comment. */
    private static Set<String> excludedByConflicts(List<Conflict> conflicts, Set<String> alreadyExcluded) {
        Set<String> byConnected = new HashSet<>();
        for (Conflict conflict : conflicts) {
            for (CheckedMember side : List.of(conflict.a(), conflict.b())) {
                CheckedMember other = conflict.other(side);
                if (!side.member().connected() && other.member().connected() && !alreadyExcluded.contains(other.name())) {
                    byConnected.add(side.name());
                }
            }
        }
        Set<String> decided = new HashSet<>(alreadyExcluded);
        decided.addAll(byConnected);
        Set<String> betweenNewcomers = new HashSet<>();
        for (Conflict conflict : conflicts) {
            boolean neitherConnected = !conflict.a().member().connected() && !conflict.b().member().connected();
            if (neitherConnected && !decided.contains(conflict.a().name()) && !decided.contains(conflict.b().name())) {
                betweenNewcomers.add(conflict.a().name());
                betweenNewcomers.add(conflict.b().name());
            }
        }
        Set<String> excluded = new HashSet<>(byConnected);
        excluded.addAll(betweenNewcomers);
        return excluded;
    }

    private MeshPrerequisites() {
    }
}
