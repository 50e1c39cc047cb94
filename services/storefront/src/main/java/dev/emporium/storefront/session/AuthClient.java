package dev.emporium.storefront.session;

import java.util.Map;
import java.util.Optional;

import dev.emporium.storefront.api.ApiProblem;
import dev.emporium.storefront.api.TokenRejected;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The identity endpoints of the public API: register, login and refresh. Wrong credentials and spent refresh tokens
 * are answers ({@link Optional#empty()}), not failures; validation and conflicts arrive as {@link ApiProblem}.
 */
@Component
public class AuthClient {

    private final RestClient api;

    AuthClient(RestClient publicApi) {
        this.api = publicApi;
    }

    /** The tokens for these credentials, or empty when the API does not know them. */
    public Optional<Tokens> login(String email, String password) {
        try {
            return Optional.ofNullable(this.api.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("email", email, "password", password))
                .retrieve()
                .body(Tokens.class));
        }
        catch (TokenRejected ex) {
            return Optional.empty();
        }
    }

    /** Creates an account; an email already taken is a 409 {@link ApiProblem}, invalid fields a 400 one. */
    public Account register(String email, String password, String name) {
        Account account = this.api.post()
            .uri("/api/auth/register")
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("email", email, "password", password, "name", name))
            .retrieve()
            .body(Account.class);
        if (account == null) {
            throw new IllegalStateException("registration answered without a body");
        }
        return account;
    }

    /** New tokens for a refresh token, or empty when it is unknown, expired or already used. */
    Optional<Tokens> refresh(String refreshToken) {
        try {
            return Optional.ofNullable(this.api.post()
                .uri("/api/auth/refresh")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("refreshToken", refreshToken))
                .retrieve()
                .body(Tokens.class));
        }
        catch (TokenRejected | ApiProblem ex) {
            return Optional.empty();
        }
    }
}
