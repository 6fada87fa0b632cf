package org.fleetmesh.rp.mesh;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How applies run.
 *
 * @param apiserverImage     the repository of the clustermesh-apiserver image deployed on every member (its etcd and
 *                           KVStoreMesh too), without tag: the tag is the member's Cilium version ({@code v1.18.6})
 * @param parallelism        members worked on at once within one apply
 * @param loadBalancerWait   how long a member's clustermesh-apiserver may wait for its internal load-balancer address
 * @param kubernetesTimeout  one request to a member's Kubernetes API
 * @param memberRetryWindow  how long, from an apply's start, a member whose API server or Azure reading fails with a
 *                           dependency's error (unreachable, timed out, throttled) is tried again before it is
 *                           Failed; never past the apply's deadline
 * @param connectivityWait   how long, from an apply's start, a member's KVStoreMesh may take to report every peer
 *                           ready before the member is Failed ({@code PartialConnectivity}, or {@code
 *                           ConnectivityTimeout} when it sees none); Azure's service waits 15 minutes
 */
@ConfigurationProperties("fleetmesh.mesh")
public record MeshSettings(String apiserverImage, int parallelism, Duration loadBalancerWait, Duration kubernetesTimeout,
        Duration memberRetryWindow, Duration connectivityWait) {

    public MeshSettings {
        if (apiserverImage == null || apiserverImage.isBlank()) {
            apiserverImage = "quay.io/cilium/clustermesh-apiserver";
        }
        if (apiserverImage.substring(apiserverImage.lastIndexOf('/') + 1).matches(".*[:@].*")) {
            throw new IllegalArgumentException("fleetmesh.mesh.apiserver-image names a repository without tag or digest "
                    + "(the tag follows each member's Cilium version), got " + apiserverImage);
        }
        if (parallelism <= 0) {
            parallelism = 32;
        }
        if (loadBalancerWait == null) {
            loadBalancerWait = Duration.ofMinutes(5);
        }
        if (kubernetesTimeout == null) {
            kubernetesTimeout = Duration.ofSeconds(20);
        }
        if (memberRetryWindow == null) {
            memberRetryWindow = Duration.ofMinutes(10);
        }
        if (connectivityWait == null) {
            connectivityWait = Duration.ofMinutes(15);
        }
    }
}
