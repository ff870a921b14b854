package io.yunwei.intake.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.web.ApiProblem;

/**
 * Which URLs a webhook may be sent to. A target must be an absolute {@code http(s)} URL ({@code https} where the
 * policy requires it) without credentials, and its host must resolve only to public addresses: loopback, link-local
 * (cloud metadata), private, carrier-grade NAT, unique-local and multicast addresses are refused, unless the host is
 * one the configuration allows. The same rule is applied again to every address the sender connects to
 * ({@link #resolver()}), so a name that resolves elsewhere after it was accepted still reaches nothing inside.
 */
@Component
class TargetPolicy {

    private static final int MAX_LENGTH = 2000;

    private final Set<String> allowedHosts;
    private final boolean requireHttps;
    private final DnsResolver system = SystemDefaultDnsResolver.INSTANCE;

    TargetPolicy(WebhookPolicy policy) {
        this.allowedHosts = policy.allowedHosts().stream().map(host -> host.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.requireHttps = policy.requireHttps();
    }

    /** The URL as accepted, or a 400 problem naming {@code field} and what is wrong with it. */
    URI accepted(String field, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ApiProblem.invalidField(field, "must be an absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (url.length() > MAX_LENGTH || !uri.isAbsolute() || uri.getHost() == null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            throw ApiProblem.invalidField(field, "must be an absolute http or https URL of at most " + MAX_LENGTH
                    + " characters");
        }
        if (requireHttps && !scheme.equals("https")) {
            throw ApiProblem.invalidField(field, "must use https");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw ApiProblem.invalidField(field, "must not carry credentials or a fragment");
        }
        String host = uri.getHost();
        try {
            refuseInternal(host, system.resolve(host));
        } catch (InternalAddressException e) {
            throw ApiProblem.invalidField(field, e.getMessage());
        } catch (UnknownHostException e) {
            throw ApiProblem.invalidField(field, "names a host that does not resolve: " + host);
        }
        return uri;
    }

    /** Resolves hosts for the sender and refuses, as a failed attempt, any that leads inside. */
    DnsResolver resolver() {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return refuseInternal(host, system.resolve(host));
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return system.resolveCanonicalHostname(host);
            }
        };
    }

    private InetAddress[] refuseInternal(String host, InetAddress[] addresses) throws InternalAddressException {
        if (allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return addresses;
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                throw new InternalAddressException("resolves to an address that is not public (" + address.getHostAddress()
                        + "); loopback, link-local, private and multicast targets are refused");
            }
        }
        return addresses;
    }

    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (bytes[0] & 0xfe) == 0xfc;
            boolean mappedOrCompatible = Arrays.equals(Arrays.copyOf(bytes, 10), new byte[10]);
            return uniqueLocal || (mappedOrCompatible && internalEmbedded(bytes));
        }
        return false;
    }

    private static boolean internalEmbedded(byte[] bytes) {
        try {
            return internal(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
        } catch (UnknownHostException e) {
            return true;
        }
    }

    /** A host that leads inside: an {@link UnknownHostException}, so the HTTP client fails the attempt with it. */
    static final class InternalAddressException extends UnknownHostException {

        InternalAddressException(String message) {
            super(message);
        }
    }
}
