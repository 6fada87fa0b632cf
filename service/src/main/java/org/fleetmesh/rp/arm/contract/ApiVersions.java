package org.fleetmesh.rp.arm.contract;

import java.util.List;

/** The api-versions this service serves, oldest first. Each has its own committed Swagger document. */
public final class ApiVersions {

    public static final String V2025_03_01 = "2025-03-01";
    public static final String V2026_03_02_PREVIEW = "2026-03-02-preview";
    public static final String V2026_06_01 = "2026-06-01";
    public static final String V2026_06_02_PREVIEW = "2026-06-02-preview";

    /**
     * The version whose Swagger the wire models are generated from ({@code api-spec.java-source-version} in the
     * api-spec module's pom): what the controllers write is exactly this version's shape.
     */
    public static final String MODELS = V2026_06_02_PREVIEW;

    /** The only version ARM uses for subscription lifecycle notifications. */
    public static final String SUBSCRIPTION_NOTIFICATION = "2.0";

    public static final List<String> ALL = List.of(V2025_03_01, V2026_03_02_PREVIEW, V2026_06_01, V2026_06_02_PREVIEW);

    private ApiVersions() {
    }
}
