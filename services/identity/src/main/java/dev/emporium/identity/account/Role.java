package dev.emporium.identity.account;

import java.util.Locale;

/** What an account may do. Tokens carry roles by their claim value: {@code customer}, {@code admin}. */
public enum Role {

    CUSTOMER, ADMIN;

    /** The role as it appears in the {@code roles} claim and in the {@code users.roles} column. */
    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role fromClaim(String value) {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
