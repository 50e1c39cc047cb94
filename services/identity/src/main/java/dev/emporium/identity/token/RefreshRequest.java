package dev.emporium.identity.token;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

record RefreshRequest(@NotBlank @Size(max = 128) @Nullable String refreshToken) {
}
