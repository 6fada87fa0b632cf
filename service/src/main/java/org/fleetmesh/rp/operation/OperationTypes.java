package org.fleetmesh.rp.operation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Every operation type this build knows, by kind. */
@Component
class OperationTypes {

    private final Map<String, OperationType> byKind;

    OperationTypes(List<OperationType> types) {
        this.byKind = types.stream().collect(Collectors.toMap(OperationType::kind, Function.identity()));
    }

    /** Empty for a kind a newer build of the service introduced and this replica cannot run. */
    Optional<OperationType> find(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }
}
