package org.fleetmesh.rp.mesh;

import java.util.List;
import org.fleetmesh.rp.arm.ArmError;
import org.fleetmesh.rp.arm.ErrorCode;
import org.fleetmesh.rp.mesh.checks.domain.CheckResult;

/** A member's failed prerequisite checks as the ARM error its {@code meshProperties.status.error} shows. */
final class PrerequisiteErrors {

    /** One error naming the member, with one detail per failed check: its code, what was found and the fix. */
    static ArmError of(String memberName, List<CheckResult> failures) {
        List<ArmError> details = failures.stream().map(PrerequisiteErrors::detail).toList();
        return new ArmError(ErrorCode.MESH_PREREQUISITES_NOT_MET.code(), "Member '" + memberName + "' does not meet "
                + failures.size() + " prerequisite(s) of cross-cluster networking: " + failures.stream()
                        .map(failure -> failure.code().name()).toList()
                + ". Each detail says what was found and how to fix it; fix them, then apply again.", memberName, details);
    }

    static ArmError detail(CheckResult failure) {
        String fix = failure.remediation() == null ? "" : " Fix: " + failure.remediation();
        return new ArmError(failure.code().name(), failure.message() + fix, failure.target(), List.of());
    }

    private PrerequisiteErrors() {
    }
}
