package dev.emporium.identity.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A registration. The email and name are trimmed before they are validated; the password is taken as typed.
 *
 * @param email a valid address with a dot in its domain, at most 254 characters
 * @param password 8 to 128 characters
 * @param name 1 to 100 characters, not blank
 */
record RegisterRequest(
        @NotBlank @Size(max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+") @Nullable String email,
        @NotNull @Size(min = 8, max = 128) @Nullable String password,
        @NotBlank @Size(max = 100) @Nullable String name) {

    RegisterRequest {
        email = email == null ? null : email.strip();
        name = name == null ? null : name.strip();
    }
}
