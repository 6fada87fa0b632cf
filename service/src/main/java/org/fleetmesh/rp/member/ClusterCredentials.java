package org.fleetmesh.rp.member;

/**
 * How to reach a member's Kubernetes API: the kubeconfig AKS issued and, for clusters that authenticate with
 * Entra ID, a bearer token for the AKS server application that replaces the kubeconfig's user.
 */
public record ClusterCredentials(String kubeconfig, String bearerToken) {

    /** Credentials never reach a log line, whatever logs this record. */
    @Override
    public String toString() {
        return "ClusterCredentials[redacted]";
    }
}
