package dev.emporium.identity.account;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import dev.emporium.identity.ShardedH2;
import dev.emporium.platform.sharding.ShardingSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Accounts and the built-in accounts against the real schema (H2 in PostgreSQL mode, a directory and two shards),
 * without Spring.
 */
class AccountsTests {

    ShardingSetup shards;

    Accounts accounts;

    @BeforeEach
    void schema() {
        this.shards = ShardedH2.open(Clock.systemUTC());
        this.accounts = new Accounts(new AccountRepository(this.shards.database(), this.shards.directory(),
                Clock.systemUTC()), new Passwords());
    }

    @AfterEach
    void close() {
        this.shards.close();
    }

    private long users(String where) {
        return ShardedH2.count(this.shards, "users", where);
    }

    @Test
    void theEmailIndexInTheDirectoryPointsAtTheUserOnTheirShard() {
        Account ann = this.accounts.register("ann@example.test", "correct horse battery", "Ann");

        assertThat(this.shards.directory().jdbc().sql("select user_id from user_emails where email = 'ann@example.test'")
            .query(String.class).single()).isEqualTo(ann.id());
        long onTheirShard = this.shards.database().read(ann.id(), jdbc -> jdbc.sql("select count(*) from users where id = :id")
            .param("id", ann.id()).query(Long.class).single());
        assertThat(onTheirShard).isEqualTo(1);
        assertThat(users("1 = 1")).isEqualTo(1);
    }

    @Test
    void anEmailClaimWhoseAccountNeverReachedItsShardIsTakenOverByTheNextRegistration() {
        this.shards.directory().jdbc().sql("""
                insert into user_emails (email, user_id, created_at) values ('ann@example.test', 'lost', current_timestamp)
                """).update();

        Account ann = this.accounts.register("ann@example.test", "correct horse battery", "Ann");

        assertThat(this.accounts.authenticate("ann@example.test", "correct horse battery")).contains(ann);
    }

    @Test
    void registersCustomersUnderTheirLowerCasedEmailOnce() {
        Account ann = this.accounts.register(" Ann@Example.TEST", "correct horse battery", "Ann");
        assertThat(ann.email()).isEqualTo("ann@example.test");
        assertThat(ann.roles()).containsExactly(Role.CUSTOMER);
        assertThat(UUID.fromString(ann.id())).isNotNull();
        assertThat(this.accounts.find(ann.id())).contains(ann);
        assertThatExceptionOfType(EmailTaken.class)
            .isThrownBy(() -> this.accounts.register("ANN@example.test", "other password", "Other Ann"));
    }

    @Test
    void authenticatesWithTheRightPasswordOnly() {
        Account ann = this.accounts.register("ann@example.test", "correct horse battery", "Ann");
        assertThat(this.accounts.authenticate("Ann@Example.test ", "correct horse battery")).contains(ann);
        assertThat(this.accounts.authenticate("ann@example.test", "Correct horse battery")).isEmpty();
        assertThat(this.accounts.authenticate("bob@example.test", "correct horse battery")).isEmpty();
    }

    @Test
    void seedsTheDemoAccountsIdempotently() {
        BuiltInAccounts demo = new BuiltInAccounts(this.accounts, new AccountProperties(true, null));
        demo.run(new DefaultApplicationArguments());
        demo.run(new DefaultApplicationArguments());

        assertThat(users("1 = 1")).isEqualTo(2);
        Account admin = this.accounts.authenticate("admin@emporium.dev", "emporium-admin").orElseThrow();
        assertThat(admin.name()).isEqualTo("Shop Admin");
        assertThat(admin.roles()).containsExactly(Role.CUSTOMER, Role.ADMIN);
        Account customer = this.accounts.authenticate("demo@emporium.dev", "emporium-demo").orElseThrow();
        assertThat(customer.name()).isEqualTo("Demo Customer");
        assertThat(customer.roles()).containsExactly(Role.CUSTOMER);
    }

    @Test
    void outsideDemoModeTheAdminGetsTheConfiguredPassword() {
        new BuiltInAccounts(this.accounts, new AccountProperties(false, "first-admin-password")).run(new DefaultApplicationArguments());
        assertThat(this.accounts.authenticate("admin@emporium.dev", "first-admin-password").orElseThrow().roles())
            .containsExactly(Role.CUSTOMER, Role.ADMIN);

        new BuiltInAccounts(this.accounts, new AccountProperties(false, "rotated-admin-password")).run(new DefaultApplicationArguments());
        assertThat(this.accounts.authenticate("admin@emporium.dev", "first-admin-password")).isEmpty();
        assertThat(this.accounts.authenticate("admin@emporium.dev", "rotated-admin-password")).isPresent();
        assertThat(users("1 = 1")).isEqualTo(1);
        assertThat(users("email = 'demo@emporium.dev'")).isZero();
    }

    @Test
    void withoutDemoModeOrAdminPasswordNoAccountIsCreated() {
        new BuiltInAccounts(this.accounts, new AccountProperties(false, "")).run(new DefaultApplicationArguments());
        new BuiltInAccounts(this.accounts, new AccountProperties(false, null)).run(new DefaultApplicationArguments());
        assertThat(users("1 = 1")).isZero();
        assertThatIllegalStateException().isThrownBy(() ->
                new BuiltInAccounts(this.accounts, new AccountProperties(false, "short")).run(new DefaultApplicationArguments()))
            .withMessageContaining("EMPORIUM_IDENTITY_ADMIN_PASSWORD");
    }

    @Test
    void whoeverRegisteredTheAdminsEmailFirstDoesNotBecomeAdmin() {
        Account registered = this.accounts.register("admin@emporium.dev", "registered-first", "Someone");
        this.accounts.ensure("admin@emporium.dev", "emporium-admin", "Shop Admin", EnumSet.of(Role.CUSTOMER, Role.ADMIN), false);

        Account promoted = this.accounts.find(registered.id()).orElseThrow();
        assertThat(promoted.roles()).isEqualTo(List.of(Role.CUSTOMER, Role.ADMIN));
        assertThat(this.accounts.authenticate("admin@emporium.dev", "registered-first")).isEmpty();
        assertThat(this.accounts.authenticate("admin@emporium.dev", "emporium-admin")).contains(promoted);
        assertThat(users("1 = 1")).isEqualTo(1);
    }
}
