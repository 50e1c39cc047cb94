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

import dev.emporium.platform.sharding.Buckets;
import dev.emporium.platform.sharding.Directory;
import dev.emporium.platform.sharding.ShardedDatabase;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Accounts: the {@code users} table on each user's shard, and the directory's email index, which makes emails unique
 * across shards and lets login find a user's shard without asking every shard. Emails arrive here already
 * normalised ({@link Accounts#normalizeEmail}).
 */
@Repository
class AccountRepository {

    private static final String SELECT = "select id, email, name, password_hash, roles from users";

    private final ShardedDatabase shards;

    private final JdbcClient directory;

    private final Clock clock;

    AccountRepository(ShardedDatabase shards, Directory directory, Clock clock) {
        this.shards = shards;
        this.directory = directory.jdbc();
        this.clock = clock;
    }

    /** An account with what only this package may see. */
    record StoredAccount(Account account, String passwordHash) {
    }

    /**
     * Claims the email in the directory, then writes the account on its shard. If the shard write fails, the claim
     * is withdrawn, so the email is free again. A claim whose account never reached its shard (a crash between the
     * two writes) is taken over by the next registration of that email.
     * @throws DuplicateKeyException if the email is taken
     */
    void insert(Account account, String passwordHash) {
        OffsetDateTime now = OffsetDateTime.now(this.clock);
        if (!claimEmail(account.email(), account.id(), now)) {
            throw new DuplicateKeyException("The email " + account.email() + " is taken");
        }
        try {
            this.shards.writeWithoutResult(account.id(), jdbc -> jdbc.sql("""
                    insert into users (id, email, name, password_hash, roles, created_at, bucket)
                    values (:id, :email, :name, :hash, :roles, :now, :bucket)
                    """)
                .param("id", account.id())
                .param("email", account.email())
                .param("name", account.name())
                .param("hash", passwordHash)
                .param("roles", roles(account.roles()))
                .param("now", now)
                .param("bucket", Buckets.of(account.id()))
                .update());
        }
        catch (RuntimeException ex) {
            this.directory.sql("delete from user_emails where email = :email and user_id = :id")
                .param("email", account.email())
                .param("id", account.id())
                .update();
            throw ex;
        }
    }

    Optional<StoredAccount> findByEmail(String email) {
        return userIdOf(email).flatMap(id -> stored(id).filter(stored -> stored.account().email().equals(email)));
    }

    Optional<Account> findById(String id) {
        return stored(id).map(StoredAccount::account);
    }

    void updatePasswordHash(String id, String passwordHash) {
        this.shards.writeWithoutResult(id, jdbc -> jdbc.sql("update users set password_hash = :hash where id = :id")
            .param("hash", passwordHash)
            .param("id", id)
            .update());
    }

    void updateRoles(String id, Collection<Role> roles) {
        this.shards.writeWithoutResult(id, jdbc -> jdbc.sql("update users set roles = :roles where id = :id")
            .param("roles", roles(roles))
            .param("id", id)
            .update());
    }

    private boolean claimEmail(String email, String userId, OffsetDateTime now) {
        int claimed = this.directory.sql("""
                insert into user_emails (email, user_id, created_at) values (:email, :id, :now) on conflict do nothing
                """)
            .param("email", email)
            .param("id", userId)
            .param("now", now)
            .update();
        if (claimed == 1) {
            return true;
        }
        // Taken, unless by a registration whose account never reached its shard: then take the claim over.
        Optional<String> holder = userIdOf(email);
        if (holder.isEmpty() || stored(holder.get()).isPresent()) {
            return false;
        }
        return this.directory.sql("update user_emails set user_id = :id, created_at = :now where email = :email and user_id = :holder")
            .param("id", userId)
            .param("now", now)
            .param("email", email)
            .param("holder", holder.get())
            .update() == 1;
    }

    private Optional<String> userIdOf(String email) {
        return this.directory.sql("select user_id from user_emails where email = :email")
            .param("email", email)
            .query(String.class)
            .optional();
    }

    private Optional<StoredAccount> stored(String id) {
        return this.shards.read(id, jdbc -> jdbc.sql(SELECT + " where id = :id").param("id", id).query(this::storedAccount).optional());
    }

    private StoredAccount storedAccount(ResultSet row, int rowNum) throws SQLException {
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
