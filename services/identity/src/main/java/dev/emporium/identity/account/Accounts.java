package dev.emporium.identity.account;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * What the rest of the service may do with accounts: register one, check a password, look one up by id, and make
 * sure a built-in account exists. Emails are compared and stored trimmed and lower-cased.
 */
@Service
public class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    private final AccountRepository repository;

    private final Passwords passwords;

    Accounts(AccountRepository repository, Passwords passwords) {
        this.repository = repository;
        this.passwords = passwords;
    }

    /**
     * Creates a customer account.
     * @throws EmailTaken if an account has this email already
     */
    Account register(String email, String password, String name) {
        Account account = new Account(UUID.randomUUID().toString(), normalizeEmail(email), name.strip(),
                List.of(Role.CUSTOMER));
        String hash = this.passwords.hash(password);
        try {
            this.repository.insert(account, hash);
        }
        catch (DuplicateKeyException ex) {
            throw new EmailTaken();
        }
        return account;
    }

    /**
     * The account with this email and password, if both are right. An unknown email costs as much time as a wrong
     * password, so timing does not tell whether an account exists.
     */
    public Optional<Account> authenticate(String email, String password) {
        Optional<AccountRepository.StoredAccount> found = this.repository.findByEmail(normalizeEmail(email));
        if (found.isEmpty()) {
            this.passwords.checkAgainstDecoy(password);
            return Optional.empty();
        }
        AccountRepository.StoredAccount stored = found.get();
        if (!this.passwords.matches(password, stored.passwordHash())) {
            return Optional.empty();
        }
        if (this.passwords.needsRehash(stored.passwordHash())) {
            this.repository.updatePasswordHash(stored.account().id(), this.passwords.hash(password));
        }
        return Optional.of(stored.account());
    }

    public Optional<Account> find(String id) {
        return this.repository.findById(id);
    }

    /**
     * Makes sure an account with this email exists and has at least these roles; creates it with this password
     * otherwise. With {@code resetPassword} an existing account's password is set to this one too (when it differs).
     * An existing account that has to be given roles always gets this password: whoever registered the email before
     * must not inherit the roles. Safe to run on every start and from several instances at once.
     */
    void ensure(String email, String password, String name, Set<Role> roles, boolean resetPassword) {
        String normalized = normalizeEmail(email);
        Optional<AccountRepository.StoredAccount> existing = this.repository.findByEmail(normalized);
        if (existing.isEmpty()) {
            try {
                this.repository.insert(new Account(UUID.randomUUID().toString(), normalized, name, List.copyOf(roles)),
                        this.passwords.hash(password));
                log.info("Created the account {} with roles {}", normalized, roles);
                return;
            }
            catch (DuplicateKeyException ex) {
                // Another instance created it meanwhile: bring that one up to date below.
                existing = this.repository.findByEmail(normalized);
                if (existing.isEmpty()) {
                    throw ex;
                }
            }
        }
        AccountRepository.StoredAccount stored = existing.get();
        Set<Role> current = stored.account().roles().isEmpty() ? EnumSet.noneOf(Role.class)
                : EnumSet.copyOf(stored.account().roles());
        boolean promoted = !current.containsAll(roles);
        if (promoted) {
            current.addAll(roles);
            this.repository.updateRoles(stored.account().id(), current);
            log.info("Gave the account {} the roles {}", normalized, current);
        }
        if ((resetPassword || promoted) && !this.passwords.matches(password, stored.passwordHash())) {
            this.repository.updatePasswordHash(stored.account().id(), this.passwords.hash(password));
            log.info("Set the configured password of the account {}", normalized);
        }
    }

    /** Emails are kept trimmed and lower-cased, so {@code Ann@Example.com} and {@code ann@example.com} are one account. */
    static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
