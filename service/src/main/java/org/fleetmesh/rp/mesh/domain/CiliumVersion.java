package org.fleetmesh.rp.mesh.domain;

import org.jspecify.annotations.Nullable;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cilium release. What a member receives (the clustermesh-apiserver's image tag, its flags) follows the Cilium minor
 * version the member runs: each supported minor is built as that minor's official Helm chart renders it.
 */
public record CiliumVersion(int major, int minor, int patch) {

    /** The release of the newest supported minor version. */
    public static final CiliumVersion DEFAULT = new CiliumVersion(1, 18, 6);

    /** The newest release of each supported minor version whose chart the conformance test renders. */
    public static final List<CiliumVersion> SUPPORTED = List.of(new CiliumVersion(1, 17, 18), DEFAULT);

    /** How messages name the supported minor versions. */
    public static final String SUPPORTED_MINORS = "1.17 and 1.18";

    private static final Pattern TEXT = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");
    /** An image tag: AKS adds a build suffix to Cilium's version ({@code v1.17.7-250927}), Cilium does not. */
    private static final Pattern TAG = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)([-+._].*)?");

    /**
     * The Cilium release an image runs, read from its tag: {@code mcr.microsoft.com/oss/cilium/cilium-distroless:v1.18.6}
     * or {@code …/cilium:1.17.7-250927}. Empty for an image without a version tag (a digest only, {@code latest}).
     */
    public static Optional<CiliumVersion> ofImage(@Nullable String image) {
        if (image == null) {
            return Optional.empty();
        }
        String reference = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String lastSegment = reference.substring(reference.lastIndexOf('/') + 1);
        int colon = lastSegment.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        Matcher m = TAG.matcher(lastSegment.substring(colon + 1));
        return m.matches() ? Optional.of(new CiliumVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)))) : Optional.empty();
    }

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

    /**
     * The release whose chart the service follows for a member running this version: the supported release of the same
     * minor version, whatever the patch (the clustermesh-apiserver's wire protocol and flags change by minor version
     * only). Empty for an unsupported minor version.
     */
    public Optional<CiliumVersion> supportedRelease() {
        return SUPPORTED.stream().filter(release -> release.major == major && release.minor == minor).findFirst();
    }

    /** {@code 1.18}: how remediations name the minor version. */
    public String minorText() {
        return major + "." + minor;
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
