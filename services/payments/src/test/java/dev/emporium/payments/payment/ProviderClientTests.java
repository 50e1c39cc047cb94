package dev.emporium.payments.payment;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which provider URLs go through the load balancer (cluster mode) and which are called directly (embedded mode). */
class ProviderClientTests {

    @ParameterizedTest
    @CsvSource({ "http://payment-provider, true", "http://payment-provider/, true", "http://localhost:8090, false",
            "http://127.0.0.1:9200, false", "http://payment-provider:8090, false", "http://localhost, false",
            "https://provider.example.com, false" })
    void aUrlWithoutPortOrDotNamesADiscoveryServiceId(String url, boolean serviceId) {
        assertThat(ProviderClient.serviceId(URI.create(url))).isEqualTo(serviceId);
    }
}
