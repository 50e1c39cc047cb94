package dev.emporium.identity.token;

import java.util.Objects;

import jakarta.validation.Valid;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Password login and refresh-token rotation. Token responses are never cached (RFC 6749 §5.1). */
@RestController
class TokenController {

    private final Login login;

    TokenController(Login login) {
        this.login = login;
    }

    @PostMapping("/api/auth/login")
    ResponseEntity<TokenResponse> login(@Valid @RequestBody LoginRequest request) {
        return noStore(this.login.withPassword(Objects.requireNonNull(request.email()),
                Objects.requireNonNull(request.password())));
    }

    @PostMapping("/api/auth/refresh")
    ResponseEntity<TokenResponse> refresh(@Valid @RequestBody RefreshRequest request) {
        return noStore(this.login.withRefreshToken(Objects.requireNonNull(request.refreshToken())));
    }

    private static ResponseEntity<TokenResponse> noStore(TokenResponse tokens) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(tokens);
    }
}
