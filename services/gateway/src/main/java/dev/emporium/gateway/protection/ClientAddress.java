package dev.emporium.gateway.protection;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The address of the client a request comes from. {@code X-Forwarded-For} is believed only when the hop that sent it
 * is a trusted proxy; its entries are then read from the right (the ones nearest to us, appended by our own proxies)
 * and the first address that is not a trusted proxy is the client. A forged entry on the left cannot win while an
 * untrusted hop comes after it. Worked out once per request (kept in a request attribute): the shedding and the rate
 * limits both ask.
 */
final class ClientAddress {

    private static final String ATTRIBUTE = ClientAddress.class.getName();

    private final List<IpAddressMatcher> trusted;

    ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(IpAddressMatcher::new).toList();
    }

    String of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof String known) {
            return known;
        }
        String client = resolve(request);
        request.setAttribute(ATTRIBUTE, client);
        return client;
    }

    private String resolve(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || !trusted(peer)) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty() || !plausible(hop)) {
                return client;
            }
            client = hop;
            if (!trusted(hop)) {
                return hop;
            }
        }
        return client;
    }

    /** Whether requests from {@code address} come from one of our own proxies (or the machine itself). */
    boolean trusted(String address) {
        return plausible(address) && this.trusted.stream().anyMatch(matcher -> matcher.matches(address));
    }

    /** An IPv4 or IPv6 literal: anything else in the header (a name, garbage) ends the search. */
    private static boolean plausible(String address) {
        return address.length() <= 45 && address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    }
}
