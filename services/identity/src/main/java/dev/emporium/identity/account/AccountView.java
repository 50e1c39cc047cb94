package dev.emporium.identity.account;

import java.util.List;

/** An account as the API shows it: {@code {id, email, name, roles}}. */
record AccountView(String id, String email, String name, List<String> roles) {

    static AccountView of(Account account) {
        return new AccountView(account.id(), account.email(), account.name(), account.roleClaims());
    }
}
