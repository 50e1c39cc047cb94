package dev.emporium.identity.profile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.emporium.platform.sharding.Buckets;
import dev.emporium.platform.sharding.ShardedDatabase;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Profiles on each user's shard: the profile columns of {@code users} and the {@code addresses} table. A profile is
 * read in one statement. Every change runs in one transaction that first locks the user's row, so concurrent changes
 * to one profile take turns: the address limit holds and the default always names one of the user's addresses.
 */
@Repository
class ProfileRepository {

    private final ShardedDatabase shards;

    private final Clock clock;

    ProfileRepository(ShardedDatabase shards, Clock clock) {
        this.shards = shards;
        this.clock = clock;
    }

    Optional<Profile> find(String userId) {
        return Optional.ofNullable(this.shards.read(userId, jdbc -> jdbc.sql("""
                select u.id, u.email, u.name, u.marketing_opt_in, u.default_address_id, u.created_at,
                       a.id as address_id, a.name as address_name, a.line1, a.city, a.postal_code, a.country
                from users u left join addresses a on a.user_id = u.id
                where u.id = :id
                order by a.created_at, a.id
                """)
            .param("id", userId)
            .query(ProfileRepository::profile)));
    }

    /** Applies the changes; false if the user does not exist. */
    boolean update(String userId, ProfileChanges changes) {
        return this.shards.write(userId, jdbc -> {
            if (lockUser(jdbc, userId).isEmpty()) {
                return false;
            }
            String defaultId = changes.changesDefault() ? changes.getDefaultAddressId() : null;
            if (defaultId != null && !hasAddress(jdbc, userId, defaultId)) {
                throw new AddressNotFound();
            }
            jdbc.sql("""
                    update users set name = coalesce(:name, name),
                                     marketing_opt_in = coalesce(:optIn, marketing_opt_in),
                                     default_address_id = case when :setDefault then :defaultId else default_address_id end
                    where id = :id
                    """)
                .param("name", changes.getName())
                .param("optIn", changes.getMarketingOptIn())
                .param("setDefault", changes.changesDefault())
                .param("defaultId", defaultId)
                .param("id", userId)
                .update();
            return true;
        });
    }

    /**
     * Adds an address; the first one also becomes the default.
     * @throws AddressBookFull if the user has {@link Profile#MAX_ADDRESSES} already
     * @throws ProfileNotFound if the user does not exist
     */
    void addAddress(String userId, Address address) {
        this.shards.writeWithoutResult(userId, jdbc -> {
            Optional<String> defaultId = lockUser(jdbc, userId).orElseThrow(ProfileNotFound::new);
            long count = jdbc.sql("select count(*) from addresses where user_id = :id").param("id", userId)
                .query(Long.class)
                .single();
            if (count >= Profile.MAX_ADDRESSES) {
                throw new AddressBookFull();
            }
            jdbc.sql("""
                    insert into addresses (id, user_id, bucket, name, line1, city, postal_code, country, created_at)
                    values (:id, :user, :bucket, :name, :line1, :city, :postalCode, :country, :now)
                    """)
                .param("id", address.id())
                .param("user", userId)
                .param("bucket", Buckets.of(userId))
                .param("name", address.name())
                .param("line1", address.line1())
                .param("city", address.city())
                .param("postalCode", address.postalCode())
                .param("country", address.country())
                .param("now", OffsetDateTime.now(this.clock))
                .update();
            if (defaultId.isEmpty()) {
                jdbc.sql("update users set default_address_id = :address where id = :id")
                    .param("address", address.id())
                    .param("id", userId)
                    .update();
            }
        });
    }

    /** @throws AddressNotFound if the user has no address with this id */
    void replaceAddress(String userId, Address address) {
        int updated = this.shards.write(userId, jdbc -> jdbc.sql("""
                update addresses set name = :name, line1 = :line1, city = :city, postal_code = :postalCode,
                                     country = :country
                where id = :id and user_id = :user
                """)
            .param("name", address.name())
            .param("line1", address.line1())
            .param("city", address.city())
            .param("postalCode", address.postalCode())
            .param("country", address.country())
            .param("id", address.id())
            .param("user", userId)
            .update());
        if (updated == 0) {
            throw new AddressNotFound();
        }
    }

    /** Deletes an address; deleting the default leaves the user without one. */
    void deleteAddress(String userId, String addressId) {
        this.shards.writeWithoutResult(userId, jdbc -> {
            Optional<String> defaultId = lockUser(jdbc, userId).orElseThrow(AddressNotFound::new);
            int deleted = jdbc.sql("delete from addresses where id = :id and user_id = :user")
                .param("id", addressId)
                .param("user", userId)
                .update();
            if (deleted == 0) {
                throw new AddressNotFound();
            }
            if (defaultId.filter(addressId::equals).isPresent()) {
                jdbc.sql("update users set default_address_id = null where id = :id").param("id", userId).update();
            }
        });
    }

    /** Locks the user's row for the rest of the transaction: empty if there is no such user, else its default. */
    private static Optional<Optional<String>> lockUser(JdbcClient jdbc, String userId) {
        return jdbc.sql("select default_address_id from users where id = :id for update")
            .param("id", userId)
            .query((row, rowNum) -> Optional.ofNullable(row.getString("default_address_id")))
            .optional();
    }

    private static boolean hasAddress(JdbcClient jdbc, String userId, String addressId) {
        return jdbc.sql("select count(*) from addresses where id = :id and user_id = :user")
            .param("id", addressId)
            .param("user", userId)
            .query(Long.class)
            .single() > 0;
    }

    private static @Nullable Profile profile(ResultSet rows) throws SQLException {
        if (!rows.next()) {
            return null;
        }
        String id = rows.getString("id");
        String email = rows.getString("email");
        String name = rows.getString("name");
        boolean optIn = rows.getBoolean("marketing_opt_in");
        String defaultId = rows.getString("default_address_id");
        Instant createdAt = rows.getObject("created_at", OffsetDateTime.class).toInstant();
        List<Address> addresses = new ArrayList<>();
        do {
            String addressId = rows.getString("address_id");
            if (addressId != null) {
                addresses.add(new Address(addressId, rows.getString("address_name"), rows.getString("line1"),
                        rows.getString("city"), rows.getString("postal_code"), rows.getString("country")));
            }
        }
        while (rows.next());
        return new Profile(id, email, name, optIn, defaultId, addresses, createdAt);
    }
}
