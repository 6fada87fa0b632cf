package org.fleetmesh.rp.arm;

import java.util.List;

/** A failure the caller can act on; reaches the caller as an ARM error body with the code's HTTP status. */
public class ArmException extends RuntimeException {

    private final ErrorCode code;
    private final String target;
    private final List<ArmError> details;

    public ArmException(ErrorCode code, String message, String target) {
        this(code, message, target, List.of());
    }

    public ArmException(ErrorCode code, String message, String target, List<ArmError> details) {
        super(message);
        this.code = code;
        this.target = target;
        this.details = List.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return code.status();
    }

    public ArmError toError() {
        return new ArmError(code.code(), getMessage(), target, details);
    }
}
