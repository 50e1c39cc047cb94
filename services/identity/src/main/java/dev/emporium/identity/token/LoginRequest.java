package dev.emporium.identity.token;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

record LoginRequest(@NotBlank @Size(max = 254) @Nullable String email,
        @NotEmpty @Size(max = 128) @Nullable String password) {
}
