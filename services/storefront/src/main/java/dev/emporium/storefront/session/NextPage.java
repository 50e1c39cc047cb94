package dev.emporium.storefront.session;

import org.jspecify.annotations.Nullable;

/**
 * Where to send the customer after logging in. Only a path of this site qualifies: it starts with one {@code /}
 * (not {@code //} or {@code /\}, which browsers read as another host) and holds only the characters of an encoded
 * URL; anything else becomes {@code /}, so a crafted login link cannot redirect to another site.
 */
public final class NextPage {

    private NextPage() {
    }

    public static String safe(@Nullable String next) {
        if (next == null || next.isEmpty() || next.length() > 2000 || next.charAt(0) != '/') {
            return "/";
        }
        if (next.length() > 1 && (next.charAt(1) == '/' || next.charAt(1) == '\\')) {
            return "/";
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c <= ' ' || c >= 127 || "{}\\\"<>|^`".indexOf(c) >= 0) {
                return "/";
            }
        }
        return next;
    }
}
