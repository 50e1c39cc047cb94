package dev.emporium.identity.account;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in accounts.
 *
 * @param demoUsers embedded mode only: seed {@code demo@emporium.dev} / {@code emporium-demo} and
 * {@code admin@emporium.dev} / {@code emporium-admin} (DESIGN §9)
 * @param adminPassword outside demo mode: the password of {@code admin@emporium.dev} (from
 * {@code EMPORIUM_IDENTITY_ADMIN_PASSWORD}); the account is created or given this password at start-up. Empty: no
 * admin account is managed.
 */
@ConfigurationProperties("emporium.identity")
record AccountProperties(@DefaultValue("false") boolean demoUsers, @Nullable String adminPassword) {
}
