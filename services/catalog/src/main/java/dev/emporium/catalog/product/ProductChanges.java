package dev.emporium.catalog.product;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The admin's partial update of a product: absent fields stay as they are. */
record ProductChanges(
        @Nullable @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        @Nullable @Size(max = 5000) String description,
        @Nullable @Valid Money price,
        @Nullable Boolean active,
        @Nullable @Size(max = 300) @Pattern(regexp = "/media/[a-z0-9-]+(/[a-z0-9-]+)*\\.(svg|png|jpg|webp)",
                message = "must be a path under /media/ to an image, such as a variant URL media answered an upload with") String imageUrl) {
}
