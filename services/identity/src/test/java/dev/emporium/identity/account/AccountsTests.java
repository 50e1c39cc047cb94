package dev.emporium.identity.account;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Accounts and the built-in accounts against the real schema (H2 in PostgreSQL mode), without Spring. */
class AccountsTests {

    JdbcClient jdbc;

    Accounts accounts;

    @BeforeEach
    void schema() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:accounts-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/identity/V1__accounts_and_refresh_tokens.sql"))
            .execute(dataSource);
        this.jdbc = JdbcClient.create(dataSource);
        this.accounts = new Accounts(new AccountRepository(this.jdbc, Clock.systemUTC()), new Passwords());
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

        assertThat(this.jdbc.sql("select count(*) from users").query(Long.class).single()).isEqualTo(2);
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
        assertThat(this.jdbc.sql("select count(*) from users").query(Long.class).single()).isEqualTo(1);
        assertThat(this.jdbc.sql("select count(*) from users where email = 'demo@emporium.dev'").query(Long.class).single()).isZero();
    }

    @Test
    void withoutDemoModeOrAdminPasswordNoAccountIsCreated() {
        new BuiltInAccounts(this.accounts, new AccountProperties(false, "")).run(new DefaultApplicationArguments());
        new BuiltInAccounts(this.accounts, new AccountProperties(false, null)).run(new DefaultApplicationArguments());
        assertThat(this.jdbc.sql("select count(*) from users").query(Long.class).single()).isZero();
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
        assertThat(this.jdbc.sql("select count(*) from users").query(Long.class).single()).isEqualTo(1);
    }
}
