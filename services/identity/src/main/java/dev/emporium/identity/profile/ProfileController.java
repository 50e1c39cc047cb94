package dev.emporium.identity.profile;

import java.net.URI;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /api/account}: the caller's own profile and saved addresses, and nobody else's: the profile is the token's
 * subject's, and an address id that is not in it is a 404 whoever it belongs to.
 */
@RestController
@RequestMapping("/api/account")
class ProfileController {

    /** Address ids are UUIDs: anything longer is not one, and is not looked for. */
    private static final int MAX_ID_LENGTH = 36;

    private final Profiles profiles;

    ProfileController(Profiles profiles) {
        this.profiles = profiles;
    }

    @GetMapping
    Profile profile(@AuthenticationPrincipal Jwt token) {
        return this.profiles.find(subject(token)).orElseThrow(ProfileNotFound::new);
    }

    @PatchMapping
    Profile change(@AuthenticationPrincipal Jwt token, @Valid @RequestBody ProfileChanges changes) {
        return this.profiles.update(subject(token), changes);
    }

    @PostMapping("/addresses")
    ResponseEntity<Address> addAddress(@AuthenticationPrincipal Jwt token, @Valid @RequestBody AddressRequest request) {
        Address address = this.profiles.addAddress(subject(token), request);
        URI location = UriComponentsBuilder.fromPath("/api/account/addresses/{id}").build(address.id());
        return ResponseEntity.created(location).body(address);
    }

    @GetMapping("/addresses/{id}")
    Address address(@AuthenticationPrincipal Jwt token, @PathVariable String id) {
        return profile(token).address(checked(id)).orElseThrow(AddressNotFound::new);
    }

    @PutMapping("/addresses/{id}")
    Address replaceAddress(@AuthenticationPrincipal Jwt token, @PathVariable String id,
            @Valid @RequestBody AddressRequest request) {
        return this.profiles.replaceAddress(subject(token), checked(id), request);
    }

    @DeleteMapping("/addresses/{id}")
    ResponseEntity<Void> deleteAddress(@AuthenticationPrincipal Jwt token, @PathVariable String id) {
        this.profiles.deleteAddress(subject(token), checked(id));
        return ResponseEntity.noContent().build();
    }

    /** The caller: the token's subject (tokens without one have no profile). */
    private static String subject(Jwt token) {
        String subject = token.getSubject();
        if (subject == null) {
            throw new ProfileNotFound();
        }
        return subject;
    }

    private static String checked(String addressId) {
        if (addressId.length() > MAX_ID_LENGTH) {
            throw new AddressNotFound();
        }
        return addressId;
    }
}
