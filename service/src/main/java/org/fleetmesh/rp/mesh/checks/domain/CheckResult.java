package org.fleetmesh.rp.mesh.checks.domain;

/**
 * The outcome of one check on one member, or on the profile.
 *
 * @param target the Azure resource whose setting the check read and the remediation changes (a cluster or virtual
 *        network id), or the profile property for a profile-wide result
 * @param remediation the Azure CLI command or portal setting that fixes a failure; null when the check passed
 */
public record CheckResult(CheckCode code, boolean passed, String message, String target, String remediation) {

    static CheckResult passed(CheckCode code, String subject, String target) {
        return new CheckResult(code, true, subject + ": " + code.requirement(), target, null);
    }

    static CheckResult failed(CheckCode code, String message, String target, String remediation) {
        return new CheckResult(code, false, message, target, remediation);
    }
}
