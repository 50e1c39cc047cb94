package dev.emporium.identity.account;

/** The answer to a registration: {@code {id, email, name}}. */
record RegisteredAccount(String id, String email, String name) {

    static RegisteredAccount of(Account account) {
        return new RegisteredAccount(account.id(), account.email(), account.name());
    }
}
