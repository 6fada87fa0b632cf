package org.fleetmesh.rp.mesh.checks.domain;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes release as AKS reports it ({@code 1.33.2}) or as people write it ({@code v1.32.1}). A version
 * without a patch ({@code 1.32}, an AKS version alias) names its minor line and compares as its first patch, so it
 * meets a minimum given as {@code major.minor}.
 */
public record KubernetesVersion(int major, int minor, int patch) implements Comparable<KubernetesVersion> {

    /** Digits are bounded so a number always fits an int; pre-release and build suffixes are not AKS versions. */
    private static final Pattern VERSION = Pattern.compile("[vV]?(\\d{1,9})\\.(\\d{1,9})(?:\\.(\\d{1,9}))?");
    private static final Comparator<KubernetesVersion> ORDER = Comparator.comparingInt(KubernetesVersion::major)
            .thenComparingInt(KubernetesVersion::minor).thenComparingInt(KubernetesVersion::patch);

    public KubernetesVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers are not negative: " + major + "." + minor + "." + patch);
        }
    }

    /** The version the text names, or empty when it is not {@code [v]major.minor[.patch]}. */
    public static Optional<KubernetesVersion> parse(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return Optional.of(new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch));
    }

    public boolean isAtLeast(KubernetesVersion minimum) {
        return compareTo(minimum) >= 0;
    }

    @Override
    public int compareTo(KubernetesVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
