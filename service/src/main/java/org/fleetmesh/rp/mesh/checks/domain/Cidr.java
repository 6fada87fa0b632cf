package org.fleetmesh.rp.mesh.checks.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * An IPv4 or IPv6 address prefix such as {@code 10.244.0.0/16} or {@code fd00:10::/64}. Host bits are dropped on
 * parsing ({@code 10.0.0.5/16} is {@code 10.0.0.0/16}), as Azure and Kubernetes read such prefixes.
 *
 * @param network the prefix's first address as an unsigned number, host bits zero
 */
public record Cidr(IpFamily family, BigInteger network, int prefixLength) {

    public enum IpFamily {
        IPv4(32), IPv6(128);

        final int bits;

        IpFamily(int bits) {
            this.bits = bits;
        }
    }

    private static final int IPV6_GROUPS = 8;

    public Cidr {
        if (prefixLength < 0 || prefixLength > family.bits) {
            throw new IllegalArgumentException("an " + family + " prefix length is 0.." + family.bits + ", not " + prefixLength);
        }
        if (network.signum() < 0 || network.bitLength() > family.bits || !masked(network, family, prefixLength).equals(network)) {
            throw new IllegalArgumentException(network + " is not the first address of an " + family + " /" + prefixLength);
        }
    }

    /** Reads {@code address/length}; throws {@link InvalidCidrException} naming what is wrong. */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new InvalidCidrException("A CIDR is required, as in 10.244.0.0/16 or fd00::/64.");
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        if (slash < 0) {
            throw new InvalidCidrException("'" + text + "' has no prefix length; write it as address/length, as in 10.244.0.0/16.");
        }
        String address = trimmed.substring(0, slash);
        IpFamily family = address.contains(":") ? IpFamily.IPv6 : IpFamily.IPv4;
        BigInteger value = family == IpFamily.IPv6 ? parseIpv6(address, text) : parseIpv4(address, text);
        int length = parsePrefixLength(trimmed.substring(slash + 1), family, text);
        return new Cidr(family, masked(value, family, length), length);
    }

    /** Whether every address of {@code other} is in this prefix; prefixes of different families never contain each other. */
    public boolean contains(Cidr other) {
        return family == other.family && prefixLength <= other.prefixLength
                && masked(other.network, family, prefixLength).equals(network);
    }

    /** Whether the two prefixes share an address: of two aligned prefixes that happens only when one contains the other. */
    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    @Override
    public String toString() {
        return (family == IpFamily.IPv4 ? formatIpv4(network) : formatIpv6(network)) + "/" + prefixLength;
    }

    private static BigInteger masked(BigInteger address, IpFamily family, int prefixLength) {
        BigInteger hostMask = BigInteger.ONE.shiftLeft(family.bits - prefixLength).subtract(BigInteger.ONE);
        return address.andNot(hostMask);
    }

    private static int parsePrefixLength(String digits, IpFamily family, String text) {
        if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > family.bits) {
            throw new InvalidCidrException("'" + text + "' has prefix length '" + digits + "'; an " + family
                    + " prefix length is a number from 0 to " + family.bits + ".");
        }
        return Integer.parseInt(digits);
    }

    private static BigInteger parseIpv4(String address, String text) {
        return BigInteger.valueOf(ipv4Bits(address).orElseThrow(() -> new InvalidCidrException("'" + text
                + "' is not an IPv4 prefix: the address must be four numbers from 0 to 255 separated by dots.")));
    }

    private static OptionalLong ipv4Bits(String address) {
        String[] octets = address.split("\\.", -1);
        if (octets.length != 4) {
            return OptionalLong.empty();
        }
        long bits = 0;
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                return OptionalLong.empty();
            }
            bits = bits << 8 | Integer.parseInt(octet);
        }
        return OptionalLong.of(bits);
    }

    /** RFC 4291 text: eight hex groups, one {@code ::} for a run of zero groups, optionally a dotted IPv4 tail. */
    private static BigInteger parseIpv6(String address, String text) {
        InvalidCidrException invalid = new InvalidCidrException("'" + text + "' is not an IPv6 prefix: write up to eight "
                + "groups of one to four hex digits separated by ':', with at most one '::', as in fd00:10::/64.");
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            throw invalid;
        }
        List<Integer> head = ipv6Groups(gap < 0 ? address : address.substring(0, gap), invalid);
        List<Integer> tail = gap < 0 ? List.of() : ipv6Groups(address.substring(gap + 2), invalid);
        int missing = IPV6_GROUPS - head.size() - tail.size();
        if (gap < 0 ? missing != 0 : missing < 1) {
            throw invalid;
        }
        BigInteger bits = BigInteger.ZERO;
        for (int group : head) {
            bits = bits.shiftLeft(16).or(BigInteger.valueOf(group));
        }
        bits = bits.shiftLeft(16 * (gap < 0 ? 0 : missing));
        for (int group : tail) {
            bits = bits.shiftLeft(16).or(BigInteger.valueOf(group));
        }
        return bits;
    }

    private static List<Integer> ipv6Groups(String part, InvalidCidrException invalid) {
        List<Integer> groups = new ArrayList<>();
        if (part.isEmpty()) {
            return groups;
        }
        String[] texts = part.split(":", -1);
        for (int i = 0; i < texts.length; i++) {
            String group = texts[i];
            boolean last = i == texts.length - 1;
            if (last && group.contains(".")) {
                long ipv4 = ipv4Bits(group).orElseThrow(() -> invalid);
                groups.add((int) (ipv4 >>> 16));
                groups.add((int) (ipv4 & 0xFFFF));
            } else if (group.matches("[0-9a-fA-F]{1,4}")) {
                groups.add(Integer.parseInt(group, 16));
            } else {
                throw invalid;
            }
        }
        return groups;
    }

    private static String formatIpv4(BigInteger bits) {
        long value = bits.longValue();
        return (value >>> 24) + "." + (value >>> 16 & 0xFF) + "." + (value >>> 8 & 0xFF) + "." + (value & 0xFF);
    }

    /** RFC 5952 form: lower-case groups without leading zeros, the first longest run of two or more zero groups as {@code ::}. */
    private static String formatIpv6(BigInteger bits) {
        int[] groups = new int[IPV6_GROUPS];
        for (int i = 0; i < IPV6_GROUPS; i++) {
            groups[i] = bits.shiftRight(16 * (IPV6_GROUPS - 1 - i)).intValue() & 0xFFFF;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int start = 0; start < IPV6_GROUPS; start++) {
            int length = 0;
            while (start + length < IPV6_GROUPS && groups[start + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = start;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    /** The text is not an address prefix. */
    public static final class InvalidCidrException extends IllegalArgumentException {
        public InvalidCidrException(String message) {
            super(message);
        }
    }
}
