package dev.emporium.storefront.ops;

import java.util.List;
import java.util.Map;

import dev.emporium.storefront.ops.PrometheusText.Sample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTests {

    @Test
    void readsNamesLabelsAndValuesAndSkipsComments() {
        List<Sample> samples = PrometheusText.parse("""
                # HELP http_server_requests_seconds Duration of HTTP server request handling
                # TYPE http_server_requests_seconds summary
                http_server_requests_seconds_count{error="none",method="GET",outcome="SUCCESS",service="catalog",status="200",uri="/api/catalog/products"} 20

                http_server_requests_seconds_sum{method="GET",status="200",uri="/api/catalog/products"} 0.153282668
                process_uptime_seconds 42.5
                jvm:ratio{area="heap"} 1.5e-3
                """);

        assertThat(samples).hasSize(4);
        assertThat(samples.get(0).name()).isEqualTo("http_server_requests_seconds_count");
        assertThat(samples.get(0).labels()).containsEntry("uri", "/api/catalog/products").containsEntry("status", "200")
            .hasSize(6);
        assertThat(samples.get(0).value()).isEqualTo(20);
        assertThat(samples.get(1).value()).isEqualTo(0.153282668);
        assertThat(samples.get(2)).isEqualTo(new Sample("process_uptime_seconds", Map.of(), 42.5));
        assertThat(samples.get(3).name()).isEqualTo("jvm:ratio");
        assertThat(samples.get(3).value()).isEqualTo(0.0015);
    }

    @Test
    void readsEscapesSpecialValuesTimestampsAndOddSpacing() {
        List<Sample> samples = PrometheusText.parse("""
                a{path="C:\\\\temp",quote="say \\"hi\\"",lines="one\\ntwo",brace="}{,="} 1
                b{le="+Inf"} +Inf
                c -Inf
                d NaN
                e{x="1",} 7 1712345678000
                f { x = "1" , y="2" }   3
                g{} 4
                """);

        assertThat(samples).extracting(Sample::name).containsExactly("a", "b", "c", "d", "e", "f", "g");
        assertThat(samples.get(0).labels()).containsEntry("path", "C:\\temp").containsEntry("quote", "say \"hi\"")
            .containsEntry("lines", "one\ntwo").containsEntry("brace", "}{,=");
        assertThat(samples.get(1).label("le")).isEqualTo("+Inf");
        assertThat(samples.get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(samples.get(2).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(samples.get(3).value()).isNaN();
        assertThat(samples.get(4).labels()).isEqualTo(Map.of("x", "1"));
        assertThat(samples.get(4).value()).isEqualTo(7);
        assertThat(samples.get(5).labels()).isEqualTo(Map.of("x", "1", "y", "2"));
        assertThat(samples.get(5).value()).isEqualTo(3);
        assertThat(samples.get(6).labels()).isEmpty();
        assertThat(samples.get(6).label("missing")).isEmpty();
    }

    @Test
    void skipsLinesItCannotReadAndKeepsTheRest() {
        List<Sample> samples = PrometheusText.parse("""
                ok_before 1
                no_value{a="1"}
                unterminated{a="1} 2
                no_equals{a"1"} 3
                not_a_number 12abc
                9starts_with_a_digit 4
                {no_name="1"} 5
                ok_after{a="1"} 6
                """);

        assertThat(samples).extracting(Sample::name).containsExactly("ok_before", "ok_after");
        assertThat(samples).extracting(Sample::value).containsExactly(1.0, 6.0);
    }

    @Test
    void readsWindowsLineEndingsAndAnEmptyScrape() {
        assertThat(PrometheusText.parse("a 1\r\nb{x=\"y\"} 2\r\n")).extracting(Sample::value).containsExactly(1.0, 2.0);
        assertThat(PrometheusText.parse("")).isEmpty();
        assertThat(PrometheusText.parse("# only a comment\n\n")).isEmpty();
    }

    @Test
    void metricsGroupSamplesByNameAndSumThem() {
        Metrics metrics = Metrics.parse("""
                emporium_cache_gets_total{cache="a",result="hit"} 3
                emporium_cache_gets_total{cache="a",result="miss"} 1
                emporium_cache_gets_total{cache="b",result="hit"} NaN
                other 9
                """);

        assertThat(metrics.named("emporium_cache_gets_total")).hasSize(3);
        assertThat(metrics.named("absent")).isEmpty();
        assertThat(metrics.has("other")).isTrue();
        assertThat(metrics.sum("emporium_cache_gets_total", sample -> true)).isEqualTo(4);
        assertThat(metrics.sum("emporium_cache_gets_total", sample -> sample.label("result").equals("hit"))).isEqualTo(3);
    }
}
