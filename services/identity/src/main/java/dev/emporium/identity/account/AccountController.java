package dev.emporium.identity.account;

import java.net.URI;
import java.util.Objects;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AccountController {

    static final String ME = "/api/auth/me";

    private final Accounts accounts;

    AccountController(Accounts accounts) {
        this.accounts = accounts;
    }

    /** Creates a customer account. The Location is the account's own view, {@code /api/auth/me}, read with its token. */
    @PostMapping("/api/auth/register")
    ResponseEntity<RegisteredAccount> register(@Valid @RequestBody RegisterRequest request) {
        Account account = this.accounts.register(Objects.requireNonNull(request.email()),
                Objects.requireNonNull(request.password()), Objects.requireNonNull(request.name()));
        return ResponseEntity.created(URI.create(ME)).body(RegisteredAccount.of(account));
    }

    @GetMapping(ME)
    AccountView me(@AuthenticationPrincipal Jwt token) {
        String subject = token.getSubject();
        if (subject == null) {
            throw new AccountNotFound();
        }
        return this.accounts.find(subject).map(AccountView::of).orElseThrow(AccountNotFound::new);
    }
}
