package org.fleetmesh.rp.mesh.domain;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cilium release. What a member receives (the clustermesh-apiserver's image tag, its flags) follows the Cilium minor
 * version the member runs: each supported minor is built as that minor's official Helm chart renders it.
 */
public record CiliumVersion(int major, int minor, int patch) {

    /** What the service deploys until it reads each member's version. */
    public static final CiliumVersion DEFAULT = new CiliumVersion(1, 18, 6);

    /** The newest release of each supported minor version whose chart the conformance test renders. */
    public static final List<CiliumVersion> SUPPORTED = List.of(new CiliumVersion(1, 17, 18), DEFAULT);

    private static final Pattern TEXT = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");

    public static CiliumVersion parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Cilium version: " + text);
        }
        return new CiliumVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /** Whether this release is of minor version {@code major.minor} or a later one. */
    public boolean atLeast(int major, int minor) {
        return this.major > major || this.major == major && this.minor >= minor;
    }

    /** The tag of Cilium's images of this release. */
    public String tag() {
        return "v" + this;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
