package dev.emporium.cluster;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract's ports, from the base port. */
class PortPlanTests {

    private final PortPlan plan = new PortPlan(9100);

    @Test
    void instancesOfEachServiceTakeTheirOwnTen() {
        assertThat(this.plan.service(PortPlan.service("gateway"), 1)).isEqualTo(9100);
        assertThat(this.plan.service(PortPlan.service("gateway"), 2)).isEqualTo(9101);
        assertThat(this.plan.service(PortPlan.service("catalog"), 1)).isEqualTo(9130);
        assertThat(this.plan.service(PortPlan.service("catalog"), 10)).isEqualTo(9139);
        assertThat(this.plan.service(PortPlan.service("payment-provider"), 1)).isEqualTo(9200);
    }

    @Test
    void controlAndFaultProxiesAboveTheServices() {
        assertThat(this.plan.control()).isEqualTo(9300);
        assertThat(this.plan.faultProxy(0)).isEqualTo(9350);
        assertThat(this.plan.faultProxy(48)).isEqualTo(9398);
        assertThatIllegalArgumentException().isThrownBy(() -> this.plan.faultProxy(49));
    }

    @Test
    void refusesUnknownServicesAndInstanceCounts() {
        assertThatThrownBy(() -> PortPlan.service("warehouse")).isInstanceOf(UnknownNameException.class);
        assertThatIllegalArgumentException().isThrownBy(() -> this.plan.service(PortPlan.service("cart"), 11));
        assertThatIllegalArgumentException().isThrownBy(() -> this.plan.service(PortPlan.service("cart"), 0));
    }

    @Test
    void settingsDefaultToTwoInstancesAndCheckTheirNumbers() {
        ClusterSettings settings = new ClusterSettings(Path.of("var"), 8080, 9100, Map.of("catalog", 3));
        assertThat(settings.instancesOf(PortPlan.service("catalog"))).isEqualTo(3);
        assertThat(settings.instancesOf(PortPlan.service("cart"))).isEqualTo(2);
        assertThat(settings.var()).isAbsolute();
        assertThatIllegalArgumentException().isThrownBy(() -> new ClusterSettings(Path.of("var"), 8080, 9100, Map.of("cart", 11)));
        assertThatIllegalArgumentException().isThrownBy(() -> new ClusterSettings(Path.of("var"), 8080, 65_400, Map.of()));
        assertThatThrownBy(() -> new ClusterSettings(Path.of("var"), 8080, 9100, Map.of("warehouse", 1)))
            .isInstanceOf(UnknownNameException.class);
    }
}
