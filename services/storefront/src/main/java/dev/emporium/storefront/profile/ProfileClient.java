package dev.emporium.storefront.profile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.emporium.storefront.api.ApiProblem;
import dev.emporium.storefront.api.ApiUnavailable;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The account endpoints of the identity service ({@code /api/account}); every call acts for the customer whose
 * access token it is given. Invalid fields are a 400 {@link ApiProblem} naming them as the request does
 * ({@code name}, {@code postalCode}), the 21st address a 409 one, an unknown address a 404 one.
 */
@Component
public class ProfileClient {

    private final RestClient api;

    ProfileClient(RestClient publicApi) {
        this.api = publicApi;
    }

    public Profile profile(String accessToken) {
        return present(this.api.get().uri("/api/account")
            .header(HttpHeaders.AUTHORIZATION, bearer(accessToken))
            .retrieve().body(Profile.class), "the profile");
    }

    /** Changes the name and the marketing opt-in. */
    Profile update(String accessToken, String name, boolean marketingOptIn) {
        return patch(accessToken, Map.of("name", name, "marketingOptIn", marketingOptIn));
    }

    /** Makes one of the saved addresses the default. */
    Profile makeDefault(String accessToken, String addressId) {
        return patch(accessToken, Map.of("defaultAddressId", addressId));
    }

    /** The saved address, or empty when it is unknown (or was deleted meanwhile, or the id is no id at all). */
    public Optional<SavedAddress> address(String accessToken, String id) {
        try {
            return Optional.ofNullable(this.api.get().uri("/api/account/addresses/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, bearer(accessToken))
                .retrieve().body(SavedAddress.class));
        }
        catch (ApiProblem problem) {
            if (problem.isNotFound() || problem.status() == 400) {
                return Optional.empty();
            }
            throw problem;
        }
    }

    /** Saves a new address; the account's first one becomes its default. */
    public SavedAddress add(String accessToken, AddressFields address) {
        return present(this.api.post().uri("/api/account/addresses")
            .header(HttpHeaders.AUTHORIZATION, bearer(accessToken))
            .contentType(MediaType.APPLICATION_JSON)
            .body(address)
            .retrieve().body(SavedAddress.class), "the new address");
    }

    SavedAddress replace(String accessToken, String id, AddressFields address) {
        return present(this.api.put().uri("/api/account/addresses/{id}", id)
            .header(HttpHeaders.AUTHORIZATION, bearer(accessToken))
            .contentType(MediaType.APPLICATION_JSON)
            .body(address)
            .retrieve().body(SavedAddress.class), "the changed address");
    }

    /** Deletes an address; one that is gone already is fine: the account is as asked. */
    void remove(String accessToken, String id) {
        try {
            this.api.delete().uri("/api/account/addresses/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, bearer(accessToken))
                .retrieve().toBodilessEntity();
        }
        catch (ApiProblem problem) {
            if (!problem.isNotFound()) {
                throw problem;
            }
        }
    }

    private Profile patch(String accessToken, Map<String, Object> changes) {
        return present(this.api.patch().uri("/api/account")
            .header(HttpHeaders.AUTHORIZATION, bearer(accessToken))
            .contentType(MediaType.APPLICATION_JSON)
            .body(new LinkedHashMap<>(changes))
            .retrieve().body(Profile.class), "the changed profile");
    }

    private static String bearer(String accessToken) {
        return "Bearer " + accessToken;
    }

    private static <T> T present(@Nullable T body, String what) {
        if (body == null) {
            throw new ApiUnavailable("the account API answered without " + what);
        }
        return body;
    }
}
