package dev.emporium.embedded;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceAutoConfigurationFilterTests {

    static final String[] CANDIDATES = { "org.springframework.cloud.gateway.server.mvc.GatewayServerMvcAutoConfiguration",
            "org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" };

    @Test
    void keepsEachServicesOwnAutoConfigurationToItself() {
        assertThat(filter("gateway").match(CANDIDATES, null)).containsExactly(true, false, true);
        assertThat(filter("storefront").match(CANDIDATES, null)).containsExactly(false, true, true);
        assertThat(filter("catalog").match(CANDIDATES, null)).containsExactly(false, false, true);
    }

    @Test
    void filtersNothingOutsideEmbeddedMode() {
        assertThat(filter(null).match(CANDIDATES, null)).containsExactly(true, true, true);
    }

    private static ServiceAutoConfigurationFilter filter(String service) {
        MockEnvironment environment = new MockEnvironment();
        if (service != null) {
            environment.setProperty(ServiceAutoConfigurationFilter.SERVICE_PROPERTY, service);
        }
        ServiceAutoConfigurationFilter filter = new ServiceAutoConfigurationFilter();
        filter.setEnvironment(environment);
        return filter;
    }
}
