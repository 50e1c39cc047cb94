package dev.emporium.identity.token;

import dev.emporium.identity.account.Account;
import dev.emporium.identity.account.Accounts;
import org.springframework.stereotype.Service;

/** Logs an account in: with its password, or by exchanging a refresh token for a new pair of tokens. */
@Service
class Login {

    private final Accounts accounts;

    private final AccessTokens accessTokens;

    private final RefreshTokens refreshTokens;

    Login(Accounts accounts, AccessTokens accessTokens, RefreshTokens refreshTokens) {
        this.accounts = accounts;
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
    }

    /** @throws InvalidCredentials if the email is unknown or the password wrong */
    TokenResponse withPassword(String email, String password) {
        return tokensFor(this.accounts.authenticate(email, password).orElseThrow(InvalidCredentials::new));
    }

    /**
     * Rotates: the presented token is used up, then a new one is issued.
     * @throws RefreshTokenRejected if the token is unknown, expired or used
     */
    TokenResponse withRefreshToken(String refreshToken) {
        String userId = this.refreshTokens.consume(refreshToken).orElseThrow(RefreshTokenRejected::new);
        return tokensFor(this.accounts.find(userId).orElseThrow(RefreshTokenRejected::new));
    }

    private TokenResponse tokensFor(Account account) {
        AccessTokens.AccessToken access = this.accessTokens.issue(account);
        return TokenResponse.bearer(access.value(), this.refreshTokens.issue(account.id()), access.expiresIn().toSeconds());
    }
}
