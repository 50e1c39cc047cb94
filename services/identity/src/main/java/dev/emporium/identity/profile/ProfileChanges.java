package dev.emporium.identity.profile;

import dev.emporium.platform.web.RejectUnknownFields;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PATCH /api/account}: only the fields present change (JSON merge patch, RFC 7396). The name is
 * trimmed and must keep 1 to 100 characters; {@code defaultAddressId} names one of the customer's addresses, or is
 * {@code null} to have no default. Unknown fields are refused, so that a misspelt field is an error rather than a
 * change that silently did not happen.
 * <p>
 * A class with setters rather than a record, because a record cannot tell a field sent as {@code null} from a field
 * not sent: Jackson calls a setter only for the fields the body has.
 */
@RejectUnknownFields
final class ProfileChanges {

    private @Nullable @Size(min = 1, max = 100) String name;

    private @Nullable Boolean marketingOptIn;

    private @Nullable @Size(max = 36) String defaultAddressId;

    private boolean defaultAddressIdSent;

    @Nullable String getName() {
        return this.name;
    }

    void setName(@Nullable String name) {
        this.name = name == null ? null : name.strip();
    }

    @Nullable Boolean getMarketingOptIn() {
        return this.marketingOptIn;
    }

    void setMarketingOptIn(@Nullable Boolean marketingOptIn) {
        this.marketingOptIn = marketingOptIn;
    }

    /** The new default address, or null for none; meaningful when {@link #changesDefault()}. */
    @Nullable String getDefaultAddressId() {
        return this.defaultAddressId;
    }

    void setDefaultAddressId(@Nullable String defaultAddressId) {
        this.defaultAddressId = defaultAddressId;
        this.defaultAddressIdSent = true;
    }

    /** Whether the body had {@code defaultAddressId}, null or not. */
    boolean changesDefault() {
        return this.defaultAddressIdSent;
    }

    boolean isEmpty() {
        return this.name == null && this.marketingOptIn == null && !this.defaultAddressIdSent;
    }
}
