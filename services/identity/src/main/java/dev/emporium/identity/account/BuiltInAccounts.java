package dev.emporium.identity.account;

import java.util.EnumSet;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Makes sure the built-in accounts exist before the service reports ready. In demo mode (embedded) these are the demo
 * customer and the demo admin with their well-known passwords; otherwise only the admin, and only when a password
 * for it is configured. Runs on every start: it creates what is missing and never duplicates an account.
 */
@Component
@EnableConfigurationProperties(AccountProperties.class)
class BuiltInAccounts implements ApplicationRunner {

    static final String ADMIN_EMAIL = "admin@emporium.dev";

    static final String DEMO_EMAIL = "demo@emporium.dev";

    private final Accounts accounts;

    private final AccountProperties properties;

    BuiltInAccounts(Accounts accounts, AccountProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (this.properties.demoUsers()) {
            this.accounts.ensure(DEMO_EMAIL, "emporium-demo", "Demo Customer", EnumSet.of(Role.CUSTOMER), false);
            this.accounts.ensure(ADMIN_EMAIL, "emporium-admin", "Shop Admin", EnumSet.of(Role.CUSTOMER, Role.ADMIN), false);
            return;
        }
        String adminPassword = this.properties.adminPassword();
        if (adminPassword != null && !adminPassword.isEmpty()) {
            if (adminPassword.length() < 8 || adminPassword.length() > 128) {
                throw new IllegalStateException("The admin password (emporium.identity.admin-password, "
                        + "EMPORIUM_IDENTITY_ADMIN_PASSWORD) must have 8 to 128 characters");
            }
            this.accounts.ensure(ADMIN_EMAIL, adminPassword, "Shop Admin", EnumSet.of(Role.CUSTOMER, Role.ADMIN), true);
        }
    }
}
