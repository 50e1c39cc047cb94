package dev.emporium.identity.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code users} table. Emails arrive here already normalised ({@link Accounts#normalizeEmail}). */
@Repository
class AccountRepository {

    private static final String SELECT = "select id, email, name, password_hash, roles from users";

    private final JdbcClient jdbc;

    private final Clock clock;

    AccountRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An account with what only this package may see. */
    record StoredAccount(Account account, String passwordHash) {
    }

    /** @throws org.springframework.dao.DuplicateKeyException if the email is taken */
    void insert(Account account, String passwordHash) {
        this.jdbc.sql("""
                insert into users (id, email, name, password_hash, roles, created_at)
                values (:id, :email, :name, :hash, :roles, :now)
                """)
            .param("id", account.id())
            .param("email", account.email())
            .param("name", account.name())
            .param("hash", passwordHash)
            .param("roles", roles(account.roles()))
            .param("now", OffsetDateTime.now(this.clock))
            .update();
    }

    Optional<StoredAccount> findByEmail(String email) {
        return this.jdbc.sql(SELECT + " where email = :email").param("email", email).query(this::stored).optional();
    }

    Optional<Account> findById(String id) {
        return this.jdbc.sql(SELECT + " where id = :id").param("id", id).query(this::stored).optional()
            .map(StoredAccount::account);
    }

    void updatePasswordHash(String id, String passwordHash) {
        this.jdbc.sql("update users set password_hash = :hash where id = :id")
            .param("hash", passwordHash)
            .param("id", id)
            .update();
    }

    void updateRoles(String id, Collection<Role> roles) {
        this.jdbc.sql("update users set roles = :roles where id = :id")
            .param("roles", roles(roles))
            .param("id", id)
            .update();
    }

    private StoredAccount stored(ResultSet row, int rowNum) throws SQLException {
        List<Role> roles = Arrays.stream(row.getString("roles").split(","))
            .filter(role -> !role.isBlank())
            .map(Role::fromClaim)
            .sorted()
            .toList();
        return new StoredAccount(new Account(row.getString("id"), row.getString("email"), row.getString("name"), roles),
                row.getString("password_hash"));
    }

    private static String roles(Collection<Role> roles) {
        return roles.stream().sorted().distinct().map(Role::claim).collect(Collectors.joining(","));
    }
}
