package org.fleetmesh.rp.member.domain;

/**
 * A parsed OData {@code $filter} over fleet members. Only what the portal's and CLI's member views need:
 * {@code eq} and {@code ne} on a few properties, combined with {@code and}, {@code or} and parentheses; and the two
 * forms Azure's CLI sends for cluster mesh profiles, {@code clusterMeshProfile eq <name>} (members applied to that
 * profile) and {@code clusterMeshProfile.Selector eq <name>} (members its selector matches now).
 */
public sealed interface MemberFilter {

    /** The member properties a filter can compare. */
    enum Field {
        GROUP("properties/group"),
        LABEL("properties/labels/<key>"),
        CLUSTER_MESH_PROFILE_ID("properties/meshProperties/clusterMeshProfileResourceId"),
        MESH_STATE("properties/meshProperties/status/state"),
        /** The name of the profile whose mesh the member is in, as {@code az fleet clustermeshprofile list-members} asks. */
        CLUSTER_MESH_PROFILE("clusterMeshProfile"),
        /** The name of a profile whose current selector matches the member, as {@code list-members --selector} asks. */
        CLUSTER_MESH_PROFILE_SELECTOR("clusterMeshProfile.Selector");

        private final String path;

        Field(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }

        public boolean isMesh() {
            return this != GROUP && this != LABEL;
        }

        /** Whether the value is a profile name, which Azure's CLI sends bare (unquoted). */
        public boolean takesProfileName() {
            return this == CLUSTER_MESH_PROFILE || this == CLUSTER_MESH_PROFILE_SELECTOR;
        }
    }

    /** {@code field eq value} (or {@code ne}); a null value is OData's {@code null}. labelKey is set for LABEL only. */
    record Comparison(Field field, String labelKey, boolean equal, String value) implements MemberFilter {
        @Override
        public boolean usesMeshFields() {
            return field.isMesh();
        }

        @Override
        public boolean usesLabels() {
            return field == Field.LABEL;
        }
    }

    record And(MemberFilter left, MemberFilter right) implements MemberFilter {
        @Override
        public boolean usesMeshFields() {
            return left.usesMeshFields() || right.usesMeshFields();
        }

        @Override
        public boolean usesLabels() {
            return left.usesLabels() || right.usesLabels();
        }
    }

    record Or(MemberFilter left, MemberFilter right) implements MemberFilter {
        @Override
        public boolean usesMeshFields() {
            return left.usesMeshFields() || right.usesMeshFields();
        }

        @Override
        public boolean usesLabels() {
            return left.usesLabels() || right.usesLabels();
        }
    }

    /** Whether any comparison in the filter touches a mesh property. */
    boolean usesMeshFields();

    /** Whether any comparison in the filter touches a label. */
    boolean usesLabels();
}
