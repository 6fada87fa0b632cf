package org.fleetmesh.rp.mesh.checks.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A check between two members. A conflict is symmetric; its failure is written from the side it is reported on.
 */
interface PairwiseCheck {

    CheckCode code();

    boolean conflict(CheckedMember a, CheckedMember b);

    /** The failure as {@code self} sees its conflict with {@code other}. */
    CheckResult failure(CheckedMember self, CheckedMember other);

    /** Pod IPs must be unique across the mesh: Cilium routes to a pod by its IP, whichever cluster it is in. */
    final class PodAddressOverlap implements PairwiseCheck {

        @Override
        public CheckCode code() {
            return CheckCode.PodCidrOverlap;
        }

        @Override
        public boolean conflict(CheckedMember a, CheckedMember b) {
            return !overlaps(a, b).isEmpty();
        }

        @Override
        public CheckResult failure(CheckedMember self, CheckedMember other) {
            return CheckResult.failed(code(), self.subject() + " has pod addresses " + String.join(", ", overlaps(self, other))
                    + " shared with " + other.subject() + "; pod addresses must be unique across the mesh.", self.target(),
                    "Give one of the two clusters pod addresses no other member uses: add a node pool on a pod subnet "
                            + "with a disjoint prefix (az aks nodepool add " + self.nodePoolArgs() + " -n <pool> "
                            + "--vnet-subnet-id <node subnet id> --pod-subnet-id <new pod subnet id>), move the workloads "
                            + "and delete the old pool; or change the member selector so it selects only one of them.");
        }

        /** Each overlapping pair as {@code mine overlaps theirs}. */
        private static List<String> overlaps(CheckedMember self, CheckedMember other) {
            List<String> overlaps = new ArrayList<>();
            for (Cidr mine : self.network().podAddressSpace()) {
                for (Cidr theirs : other.network().podAddressSpace()) {
                    if (mine.overlaps(theirs)) {
                        overlaps.add(mine + " overlaps " + theirs);
                    }
                }
            }
            return overlaps;
        }
    }

    /**
     * Pods reach pods of another member over the virtual network, so every network of one member must reach every
     * network of the other. A member with no network of its own (AKS-managed) has nothing to peer; its
     * {@link CheckCode#ManagedVirtualNetwork} failure says so.
     */
    final class NetworkPeering implements PairwiseCheck {

        private final PeeringGraph graph;

        NetworkPeering(PeeringGraph graph) {
            this.graph = graph;
        }

        @Override
        public CheckCode code() {
            return CheckCode.NetworkNotPeered;
        }

        @Override
        public boolean conflict(CheckedMember a, CheckedMember b) {
            return !unreachable(a, b).isEmpty();
        }

        @Override
        public CheckResult failure(CheckedMember self, CheckedMember other) {
            List<Link> unreachable = unreachable(self, other);
            List<String> problems = new ArrayList<>();
            List<String> commands = new ArrayList<>();
            for (Link link : unreachable) {
                problems.add("network '" + link.mine().name() + "' and network '" + link.theirs().name() + "' are not "
                        + "peered both ways (" + describe(link.mine(), link.theirs()) + ", "
                        + describe(link.theirs(), link.mine()) + ")");
                commands.addAll(fix(link.mine(), link.theirs()));
                commands.addAll(fix(link.theirs(), link.mine()));
            }
            return CheckResult.failed(code(), self.subject() + " cannot reach " + other.subject() + ": "
                    + String.join("; ", problems) + ". Pods reach other members only over a peering Connected in both "
                    + "directions, and peering is not transitive.", unreachable.get(0).mine().toString(),
                    String.join(" && ", commands));
        }

        /** A network of the member reported on, and one of the other member's, that should reach each other. */
        private record Link(VirtualNetworkId mine, VirtualNetworkId theirs) {
        }

        private List<Link> unreachable(CheckedMember self, CheckedMember other) {
            List<Link> pairs = new ArrayList<>();
            for (VirtualNetworkId mine : self.network().networks()) {
                for (VirtualNetworkId theirs : other.network().networks()) {
                    if (!graph.reachable(mine, theirs)) {
                        pairs.add(new Link(mine, theirs));
                    }
                }
            }
            return pairs;
        }

        private String describe(VirtualNetworkId from, VirtualNetworkId to) {
            return "from '" + from.name() + "' to '" + to.name() + "': "
                    + graph.peering(from, to).map(p -> p.state().name()).orElse("no peering");
        }

        /**
         * What makes one direction Connected: creating it when missing, re-creating it when the remote side was
         * deleted (Disconnected). An Initiated side needs nothing: it connects once the other side exists.
         */
        private List<String> fix(VirtualNetworkId from, VirtualNetworkId to) {
            String network = "--subscription " + from.subscriptionId() + " -g " + from.resourceGroup()
                    + " --vnet-name " + from.name();
            String create = "az network vnet peering create " + network + " -n " + from.name() + "-to-" + to.name()
                    + " --remote-vnet " + to + " --allow-vnet-access";
            return graph.peering(from, to).map(peering -> switch (peering.state()) {
                case Connected, Initiated -> List.<String>of();
                case Disconnected -> List.of("az network vnet peering delete " + network + " -n " + peering.name(), create);
            }).orElse(List.of(create));
        }
    }
}
