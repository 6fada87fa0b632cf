package org.fleetmesh.rp.arm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The ARM error shape ({@code ErrorDetail} in common-types): what went wrong, where, and what to do. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ArmError(String code, String message, String target, List<ArmError> details) {

    public ArmError {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static ArmError of(ErrorCode code, String message, String target) {
        return new ArmError(code.code(), message, target, List.of());
    }

    /** The wire envelope {@code {"error": {...}}}. */
    public record Body(ArmError error) {
    }
}
