package org.fleetmesh.rp.mesh;

import static org.fleetmesh.rp.settings.ValidatedSettings.requireAtLeast;
import static org.fleetmesh.rp.settings.ValidatedSettings.requirePositive;

import java.time.Duration;
import org.fleetmesh.rp.mesh.domain.CertificateRenewal;
import org.fleetmesh.rp.settings.ValidatedSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.ValidationUtils;

/**
 * How applies run; the defaults are in {@code application.yaml}.
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
 * @param memberCertificateValidity how long a member's mesh certificates are valid when issued or renewed
 * @param certificateRenewalPoint   the share of a certificate's lifetime after which it is renewed, between 0 and 1
 * @param certificateRenewalCheck   how often the service looks for meshes with certificates due and re-applies them
 * @param secretPropagationWait     how long after every member holds a CA rollover's phase it moves on: the time a
 *                                  kubelet may take to write changed Secrets into running pods (its sync period)
 * @param healthCheckInterval       how often one replica observes every Connected or Degraded mesh and updates its
 *                                  members' status from what their KVStoreMesh reports
 */
@ConfigurationProperties("fleetmesh.mesh")
public record MeshSettings(String apiserverImage, int parallelism, Duration loadBalancerWait, Duration kubernetesTimeout,
        Duration memberRetryWindow, Duration connectivityWait, Duration memberCertificateValidity,
        double certificateRenewalPoint, Duration certificateRenewalCheck, Duration secretPropagationWait,
        Duration healthCheckInterval) implements ValidatedSettings {

    @Override
    public void check(Errors errors) {
        ValidationUtils.rejectIfEmptyOrWhitespace(errors, "apiserverImage", "required", "must name the image's repository");
        if (apiserverImage != null && apiserverImage.substring(apiserverImage.lastIndexOf('/') + 1).matches(".*[:@].*")) {
            errors.rejectValue("apiserverImage", "tagged", "must name a repository without tag or digest (the tag "
                    + "follows each member's Cilium version)");
        }
        requireAtLeast(errors, "parallelism", parallelism, 1);
        requirePositive(errors, "loadBalancerWait", loadBalancerWait);
        requirePositive(errors, "kubernetesTimeout", kubernetesTimeout);
        requirePositive(errors, "memberRetryWindow", memberRetryWindow);
        requirePositive(errors, "connectivityWait", connectivityWait);
        requirePositive(errors, "memberCertificateValidity", memberCertificateValidity);
        if (!(certificateRenewalPoint > 0 && certificateRenewalPoint < 1)) {
            errors.rejectValue("certificateRenewalPoint", "range", "must be a share of the lifetime between 0 and 1, "
                    + "e.g. 0.67 to renew at two thirds");
        }
        requirePositive(errors, "certificateRenewalCheck", certificateRenewalCheck);
        requirePositive(errors, "secretPropagationWait", secretPropagationWait);
        requirePositive(errors, "healthCheckInterval", healthCheckInterval);
    }

    /** When member certificates are renewed; only valid settings get this far. */
    public CertificateRenewal certificateRenewal() {
        return new CertificateRenewal(memberCertificateValidity, certificateRenewalPoint);
    }
}
