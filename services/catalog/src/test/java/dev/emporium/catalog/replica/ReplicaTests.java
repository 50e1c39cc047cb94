package dev.emporium.catalog.replica;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReplicaTests {

    @Test
    void namesEveryServerOfAMultiHostUrl() {
        List<Replica> replicas = Replica.of("jdbc:postgresql://127.0.0.1:5433,127.0.0.2:5434,127.0.0.3/emporium_catalog"
                + "?targetServerType=preferSecondary&loadBalanceHosts=true&connectTimeout=2", "postgres", null);
        assertThat(replicas).extracting(Replica::name).containsExactly("127.0.0.1:5433", "127.0.0.2:5434", "127.0.0.3:5432");
    }

    @Test
    void aReplicaNotSampledYetHasNoLag() {
        Replica replica = Replica.of("jdbc:postgresql://127.0.0.1:5433/emporium_catalog", null, null).getFirst();
        assertThat(replica.lagSeconds()).isNaN();
    }

    @Test
    void aServerNotInRecoveryHasNoLagAndOneThatDoesNotAnswerAnUnknownLag() {
        Replica primary = Replica.of("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", null).getFirst();
        assertThat(primary.sample()).as("answered after being down").isFalse();
        assertThat(primary.lagSeconds()).isZero();

        // Port 1 of loopback: nothing listens there, the connection is refused at once.
        Replica nowhere = Replica.of("jdbc:postgresql://127.0.0.1:1/postgres", "postgres", null).getFirst();
        assertThat(nowhere.sample()).isFalse();
        assertThat(nowhere.lagSeconds()).isNaN();
    }

    @Test
    void refusesAUrlThatIsNotPostgresql() {
        assertThatIllegalArgumentException().isThrownBy(() -> Replica.of("jdbc:h2:mem:catalog", null, null))
            .withMessageContaining("not a PostgreSQL JDBC URL");
    }
}
