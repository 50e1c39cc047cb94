package dev.emporium.identity.account;

import java.util.List;

/**
 * A registered account as the rest of the service sees it (never its password hash).
 *
 * @param id a random UUID, the {@code sub} of the account's tokens
 * @param email trimmed and lower-cased
 */
public record Account(String id, String email, String name, List<Role> roles) {

    public Account {
        roles = List.copyOf(roles);
    }

    /** The roles as claim values, e.g. {@code ["customer", "admin"]}. */
    public List<String> roleClaims() {
        return this.roles.stream().map(Role::claim).toList();
    }
}
