package org.fleetmesh.rp.arm;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.fleetmesh.persistence.SystemDataColumns;
import org.fleetmesh.rp.api.model.ErrorDetail;
import org.fleetmesh.rp.api.model.SystemData;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Converts what every resource type shares (systemData, stored errors, times) to the generated wire models. */
@Component
public class ArmModels {

    private final JsonMapper json;

    public ArmModels(JsonMapper json) {
        this.json = json;
    }

    public static @Nullable SystemData systemData(SystemDataColumns columns) {
        if (columns == null) {
            return null;
        }
        return new SystemData()
                .createdBy(columns.getCreatedBy())
                .createdByType(actorType(columns.getCreatedByType()))
                .createdAt(time(columns.getCreatedAt()))
                .lastModifiedBy(columns.getLastModifiedBy())
                .lastModifiedByType(actorType(columns.getLastModifiedByType()))
                .lastModifiedAt(time(columns.getLastModifiedAt()));
    }

    public static @Nullable OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** Serialises an error for storage with the resource or operation it belongs to. */
    public @Nullable String store(ArmError error) {
        return error == null ? null : json.writeValueAsString(error);
    }

    public @Nullable ErrorDetail errorDetail(String stored) {
        return stored == null ? null : errorDetail(read(stored));
    }

    public ArmError read(String stored) {
        return json.readValue(stored, ArmError.class);
    }

    public static ErrorDetail errorDetail(ArmError error) {
        ErrorDetail detail = new ErrorDetail()
                .code(error.code()).message(error.message()).target(error.target());
        error.details().forEach(d -> detail.addDetailsItem(errorDetail(d)));
        return detail;
    }

    /** ARM's actor types, in their canonical casing; anything else ARM sent is kept as it came. */
    private static String actorType(String type) {
        return Arrays.stream(new String[] {"User", "Application", "ManagedIdentity", "Key"})
                .filter(t -> t.equalsIgnoreCase(type)).findFirst().orElse(type);
    }
}
