package dev.emporium.identity.profile;

import java.util.Locale;
import java.util.Objects;

import dev.emporium.platform.web.RejectUnknownFields;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST} and {@code PUT /api/account/addresses…}: the same fields and limits as checkout's
 * {@code shippingAddress}, except that the country must be one that exists. Fields are trimmed before they are
 * validated; unknown fields are refused.
 */
@RejectUnknownFields
record AddressRequest(
        @NotBlank @Size(max = 200) @Nullable String name,
        @NotBlank @Size(max = 200) @Nullable String line1,
        @NotBlank @Size(max = 200) @Nullable String city,
        @NotBlank @Size(max = 16) @Nullable String postalCode,
        @NotNull @CountryCode @Nullable String country) {

    AddressRequest {
        name = strip(name);
        line1 = strip(line1);
        city = strip(city);
        postalCode = strip(postalCode);
        country = country == null ? null : country.strip().toUpperCase(Locale.ROOT);
    }

    /** The address under {@code id}; call only on a validated request. */
    Address toAddress(String id) {
        return new Address(id, Objects.requireNonNull(this.name), Objects.requireNonNull(this.line1),
                Objects.requireNonNull(this.city), Objects.requireNonNull(this.postalCode),
                Objects.requireNonNull(this.country));
    }

    private static @Nullable String strip(@Nullable String value) {
        return value == null ? null : value.strip();
    }
}
