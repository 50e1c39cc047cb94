package dev.emporium.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract between the services' metrics and what reads them: every metric and label that the recording rules,
 * the alerts ({@code deploy/prometheus/rules}) and the dashboards ({@code deploy/grafana/dashboards}) use is exposed
 * by some service of the running platform, so a renamed metric or label breaks the build rather than a dashboard or
 * an alert. The names come out of the PromQL expressions by a small tokenizer ({@link PromQl}); selectors with
 * exact values ({@code service="orders", uri="/api/orders"}) must match a series the services expose, after a
 * checkout that is confirmed and one that is declined. Only what Prometheus makes itself ({@code up},
 * {@code ALERTS}, {@code scrape_*}, the recording rules' outputs, each of which must be defined) and the few series
 * that exist only in modes the system tests do not run ({@link #ONLY_IN_OTHER_MODES}) are exempt.
 */
@ExtendWith(RunningPlatform.Extension.class)
class MetricsContractSystemTests {

    /** Series Prometheus makes itself, with the labels it gives them. */
    static final Map<String, Set<String>> PROMETHEUS_SERIES = Map.of(
            "up", Set.of("job", "instance", "service"),
            "ALERTS", Set.of(),
            "ALERTS_FOR_STATE", Set.of());

    /**
     * Series the services expose only in modes the system tests do not run, with the labels they carry (beyond
     * {@code service} and {@code instance}): the rules and dashboards may use only those.
     */
    static final Map<String, Set<String>> ONLY_IN_OTHER_MODES = Map.of(
            // The caches' Redis breaker (platform-cache): with Redis only (./emporium up --redis, cluster mode).
            "resilience4j_circuitbreaker_state", Set.of("name", "state"),
            // Replay lag of read replicas on PostgreSQL (catalog's read replicas, a shard's replica-url).
            "emporium_db_replica_lag_seconds", Set.of("replica"));

    static final JsonMapper json = JsonMapper.builder().build();

    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyMetricAndLabelTheRulesAndDashboardsUseIsExposedBySomeService(RunningPlatform platform) throws Exception {
        makeTraffic(platform);
        Exposed exposed = scrape(platform.serviceUrls());
        Map<String, Set<String>> recorded = recordedLabels(exposed);
        List<Query> queries = queries();
        assertThat(queries).as("queries of the rules and dashboards").hasSizeGreaterThan(100);

        List<String> problems = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        for (Query query : queries) {
            PromQl.Parsed parsed = PromQl.parse(query.expr());
            Set<String> available = new TreeSet<>();
            for (PromQl.Selector selector : parsed.selectors()) {
                String name = selector.metric();
                Set<String> labels;
                if (name.contains(":")) {
                    labels = recorded.get(name);
                    if (labels == null) {
                        problems.add(query.where() + ": " + name + " is no recording rule of rules/recording.yml");
                        continue;
                    }
                }
                else if (PROMETHEUS_SERIES.containsKey(name) || name.startsWith("scrape_")) {
                    if (name.startsWith("ALERTS") || name.startsWith("scrape_")) {
                        continue;
                    }
                    labels = PROMETHEUS_SERIES.get(name);
                }
                else if (ONLY_IN_OTHER_MODES.containsKey(name)) {
                    labels = new TreeSet<>(ONLY_IN_OTHER_MODES.get(name));
                    labels.addAll(Set.of("service", "instance"));
                }
                else {
                    checked.add(name);
                    List<Map<String, String>> series = exposed.series().get(name);
                    if (series == null) {
                        problems.add(query.where() + ": no service exposes " + name);
                        continue;
                    }
                    labels = exposed.labels(name);
                    Map<String, String> exact = selector.exactValues();
                    if (labels.containsAll(exact.keySet())
                            && series.stream().noneMatch(labelled -> labelled.entrySet().containsAll(exact.entrySet()))) {
                        problems.add(query.where() + ": no series " + name + exact + " (values exposed: "
                                + exposed.values(name, exact.keySet()) + ")");
                    }
                }
                for (PromQl.Matcher matcher : selector.matchers()) {
                    if (!labels.contains(matcher.label())) {
                        problems.add(query.where() + ": " + name + " has no label " + matcher.label() + " (it has "
                                + labels + ")");
                    }
                }
                available.addAll(labels);
            }
            for (String label : parsed.groupingLabels()) {
                if (!available.contains(label)) {
                    problems.add(query.where() + ": by/on label " + label + " is on none of its metrics (they have "
                            + available + ")");
                }
            }
        }
        assertThat(problems).as("metrics and labels the rules and dashboards use, against what the services expose")
            .isEmpty();
        assertThat(checked).as("metrics checked").contains("http_server_requests_seconds_bucket",
                "emporium_orders_completed_seconds_bucket", "emporium_messaging_parked", "emporium_cache_gets_total",
                "emporium_sharding_queries_seconds_bucket", "hikaricp_connections_active");
    }

    @Test
    void everySeriesOfEveryServiceCarriesItsServiceAndInstance(RunningPlatform platform) throws Exception {
        List<String> unlabelled = new ArrayList<>();
        for (Map.Entry<String, String> service : platform.serviceUrls().entrySet()) {
            Exposed exposed = scrape(Map.of(service.getKey(), service.getValue()));
            assertThat(exposed.series()).as(service.getKey()).isNotEmpty();
            exposed.series().forEach((name, series) -> series.forEach(labels -> {
                if (!service.getKey().equals(labels.get("service")) || labels.getOrDefault("instance", "").isBlank()) {
                    unlabelled.add(service.getKey() + ": " + name + labels);
                }
            }));
        }
        assertThat(unlabelled).as("series without their service and instance").isEmpty();
    }

    @Test
    void theTokenizerFindsMetricsLabelsAndGroupings() {
        PromQl.Parsed parsed = PromQl.parse("""
                # a comment with metric_like words
                histogram_quantile(0.99, sum by (service, le) (rate(http_server_requests_seconds_bucket{
                  uri!~"/actuator/.*|/livez", service="$service", le="0.5"}[$__rate_interval] offset 5m)))
                / on (service) group_left() max without (instance) (up{job="emporium"}) and bool 1
                or clamp_min(1 - x:y:z{slo='a,b=c'}, 0) unless vector(0)
                """);
        assertThat(parsed.selectors()).extracting(PromQl.Selector::metric)
            .containsExactly("http_server_requests_seconds_bucket", "up", "x:y:z");
        assertThat(parsed.selectors().getFirst().matchers()).extracting(PromQl.Matcher::label)
            .containsExactly("uri", "service", "le");
        assertThat(parsed.selectors().getFirst().exactValues()).containsExactly(Map.entry("le", "0.5"));
        assertThat(parsed.selectors().get(2).exactValues()).containsExactly(Map.entry("slo", "a,b=c"));
        assertThat(parsed.groupingLabels()).containsExactlyInAnyOrder("service", "le", "instance");
        assertThat(PromQl.parse("label_values(http_server_requests_seconds_count{service=\"$service\"}, instance)")
            .groupingLabels()).containsExactly("instance");
    }

    /** A checkout confirmed and one declined, and a storefront page: the series whose values the rules name. */
    static void makeTraffic(RunningPlatform platform) {
        Api api = new Api(platform.gatewayUrl());
        api.get("/", null).expect(200);
        String token = api.newCustomer("metrics-" + UUID.randomUUID() + "@example.com", "Metrics");
        api.put("/api/cart/items/p977", token, Map.of("quantity", 1)).expect(200);
        api.awaitOrder(checkout(api, token, "tok_visa"), token, "CONFIRMED");
        api.put("/api/cart/items/p977", token, Map.of("quantity", 1)).expect(200);
        api.awaitOrder(checkout(api, token, "tok_chargeDeclined"), token, "CANCELLED");
    }

    private static String checkout(Api api, String token, String paymentToken) {
        Map<String, Object> address = Map.of("name", "Metrics", "line1", "1 Main St", "city", "London", "postalCode",
                "N1", "country", "GB");
        return api.call(HttpMethod.POST, "/api/orders", token, Map.of("shippingAddress", address, "paymentToken",
                paymentToken), Map.of("Idempotency-Key", UUID.randomUUID().toString())).expect(202).json().get("id")
            .asString();
    }

    /**
     * The labels each recording rule's output carries: its static labels, and those it aggregates by (or, without
     * an aggregation, those of what it reads).
     */
    static Map<String, Set<String>> recordedLabels(Exposed exposed) {
        Map<String, Set<String>> recorded = new HashMap<>();
        for (Map<String, Object> rule : PrometheusRulesTests.rules()) {
            if (rule.containsKey("record")) {
                String name = String.valueOf(rule.get("record"));
                PromQl.Parsed parsed = PromQl.parse(String.valueOf(rule.get("expr")));
                Set<String> labels = recorded.computeIfAbsent(name, key -> new TreeSet<>());
                if (rule.get("labels") instanceof Map<?, ?> fixed) {
                    fixed.keySet().forEach(label -> labels.add(String.valueOf(label)));
                }
                if (parsed.aggregates()) {
                    labels.addAll(parsed.groupingLabels());
                }
                else {
                    for (PromQl.Selector selector : parsed.selectors()) {
                        labels.addAll(selector.metric().contains(":")
                                ? recorded.getOrDefault(selector.metric(), Set.of()) : exposed.labels(selector.metric()));
                    }
                }
            }
        }
        return recorded;
    }

    /** One PromQL expression and where it is used. */
    record Query(String where, String expr) {
    }

    /** Every expression of the rules and the dashboards. */
    static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (Map<String, Object> rule : PrometheusRulesTests.rules()) {
            String name = rule.containsKey("record") ? "record " + rule.get("record") : "alert " + rule.get("alert");
            queries.add(new Query("rules: " + name, String.valueOf(rule.get("expr"))));
        }
        queries.addAll(dashboardQueries());
        return queries;
    }

    /** The queries of every panel and query variable of {@code deploy/grafana/dashboards}. */
    static List<Query> dashboardQueries() {
        List<Query> queries = new ArrayList<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = readJson(file);
            for (JsonNode panel : dashboard.get("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new Query(file.getFileName() + " \"" + panel.get("title").asString() + "\"",
                            target.get("expr").asString()));
                }
            }
            for (JsonNode variable : dashboard.get("templating").get("list")) {
                if (variable.get("type").asString().equals("query")) {
                    queries.add(new Query(file.getFileName() + " variable " + variable.get("name").asString(),
                            variable.get("definition").asString()));
                }
            }
        }
        return queries;
    }

    private static JsonNode readJson(Path file) {
        try {
            return json.readTree(Files.readString(file));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static List<Path> dashboards() {
        try (Stream<Path> files = Files.list(PrometheusRulesTests.repositoryRoot().resolve("deploy/grafana/dashboards"))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Every series the services expose, by metric name (as Prometheus names samples: _bucket, _count, _total). */
    record Exposed(Map<String, List<Map<String, String>>> series) {

        Set<String> labels(String name) {
            Set<String> labels = new TreeSet<>();
            this.series.getOrDefault(name, List.of()).forEach(labelled -> labels.addAll(labelled.keySet()));
            return labels;
        }

        /** The combinations of these labels' values that the metric's series have. */
        Set<Map<String, String>> values(String name, Set<String> labels) {
            Set<Map<String, String>> values = new LinkedHashSet<>();
            for (Map<String, String> labelled : this.series.getOrDefault(name, List.of())) {
                Map<String, String> these = new TreeMap<>(labelled);
                these.keySet().retainAll(labels);
                values.add(these);
            }
            return values;
        }
    }

    /** Scrapes {@code /actuator/prometheus} of each service (name → base URL). */
    static Exposed scrape(Map<String, String> services) throws Exception {
        Map<String, List<Map<String, String>>> series = new TreeMap<>();
        for (Map.Entry<String, String> service : services.entrySet()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.getValue()
                    + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(service.getKey() + "'s /actuator/prometheus").isEqualTo(200);
            for (String line : response.body().split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    Sample sample = Sample.parse(line);
                    series.computeIfAbsent(sample.name(), name -> new ArrayList<>()).add(sample.labels());
                }
            }
        }
        return new Exposed(series);
    }

    /** One line of the Prometheus text format: {@code name{label="value",…} value}. */
    record Sample(String name, Map<String, String> labels) {

        static Sample parse(String line) {
            int i = 0;
            while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
                i++;
            }
            String name = line.substring(0, i);
            Map<String, String> labels = new LinkedHashMap<>();
            if (i < line.length() && line.charAt(i) == '{') {
                i++;
                while (line.charAt(i) != '}') {
                    int equals = line.indexOf('=', i);
                    String label = line.substring(i, equals).trim();
                    StringBuilder value = new StringBuilder();
                    int j = equals + 2; // past ="
                    while (line.charAt(j) != '"') {
                        if (line.charAt(j) == '\\') {
                            j++;
                            value.append(line.charAt(j) == 'n' ? '\n' : line.charAt(j));
                        }
                        else {
                            value.append(line.charAt(j));
                        }
                        j++;
                    }
                    labels.put(label, value.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
            }
            return new Sample(name, labels);
        }
    }

    /**
     * Just enough of PromQL to find what an expression reads: each selector's metric and label matchers, and the
     * labels of {@code by}, {@code without}, {@code on}, {@code ignoring} and {@code group_left/right} clauses.
     * Functions and aggregations (an identifier before "("), keywords, numbers, durations ({@code [5m]}, {@code offset
     * 5m}), strings, comments and Grafana's variables ({@code $service}) are skipped. Grafana's
     * {@code label_values(selector, label)} counts its label as a grouping label.
     */
    static final class PromQl {

        static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

        static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
                "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

        static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "by",
                "without", "on", "ignoring", "group_left", "group_right");

        static final Pattern LABEL_VALUES = Pattern.compile("(?s)^\\s*label_values\\((.*),\\s*([a-zA-Z_]\\w*)\\s*\\)\\s*$");

        record Matcher(String label, String op, String value) {
        }

        record Selector(String metric, List<Matcher> matchers) {

            /** The labels matched with "=" to a plain value (no Grafana variable). */
            Map<String, String> exactValues() {
                Map<String, String> exact = new LinkedHashMap<>();
                this.matchers.stream()
                    .filter(matcher -> matcher.op().equals("=") && !matcher.value().contains("$"))
                    .forEach(matcher -> exact.put(matcher.label(), matcher.value()));
                return exact;
            }
        }

        /** What an expression reads; {@code aggregates}: whether it aggregates (dropping labels not kept by "by"). */
        record Parsed(List<Selector> selectors, Set<String> groupingLabels, boolean aggregates) {
        }

        static Parsed parse(String expr) {
            java.util.regex.Matcher variable = LABEL_VALUES.matcher(expr);
            if (variable.matches()) {
                Parsed inner = parse(variable.group(1));
                Set<String> grouping = new LinkedHashSet<>(inner.groupingLabels());
                grouping.add(variable.group(2));
                return new Parsed(inner.selectors(), grouping, inner.aggregates());
            }
            List<Selector> selectors = new ArrayList<>();
            Set<String> grouping = new LinkedHashSet<>();
            boolean aggregates = false;
            int i = 0;
            int n = expr.length();
            while (i < n) {
                char c = expr.charAt(i);
                if (c == '"' || c == '\'' || c == '`') {
                    i = skipString(expr, i);
                }
                else if (c == '#') {
                    while (i < n && expr.charAt(i) != '\n') {
                        i++;
                    }
                }
                else if (c == '[') {
                    i = expr.indexOf(']', i) + 1;
                }
                else if (c == '$') {
                    i++;
                    if (i < n && expr.charAt(i) == '{') {
                        i = expr.indexOf('}', i) + 1;
                    }
                    else {
                        while (i < n && isIdentifierPart(expr.charAt(i))) {
                            i++;
                        }
                    }
                }
                else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                    while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                        i++;
                    }
                }
                else if (Character.isLetter(c) || c == '_' || c == ':') {
                    int start = i;
                    while (i < n && isIdentifierPart(expr.charAt(i))) {
                        i++;
                    }
                    String identifier = expr.substring(start, i);
                    int next = skipSpaces(expr, i);
                    char following = next < n ? expr.charAt(next) : 0;
                    aggregates |= AGGREGATIONS.contains(identifier);
                    if (GROUPING.contains(identifier) && following == '(') {
                        int close = expr.indexOf(')', next);
                        for (String label : expr.substring(next + 1, close).split(",")) {
                            if (!label.isBlank()) {
                                grouping.add(label.trim());
                            }
                        }
                        i = close + 1;
                    }
                    else if (following != '(' && !KEYWORDS.contains(identifier) && !AGGREGATIONS.contains(identifier)) {
                        List<Matcher> matchers = new ArrayList<>();
                        if (following == '{') {
                            i = parseMatchers(expr, next + 1, matchers);
                        }
                        selectors.add(new Selector(identifier, matchers));
                    }
                }
                else if (c == '{') {
                    throw new IllegalArgumentException("a selector without a metric name: " + expr);
                }
                else {
                    i++;
                }
            }
            return new Parsed(selectors, grouping, aggregates);
        }

        /** Parses {@code label op "value", …}} from {@code i} (past the brace); returns the index past "}". */
        private static int parseMatchers(String expr, int i, List<Matcher> matchers) {
            while (true) {
                while (Character.isWhitespace(expr.charAt(i)) || expr.charAt(i) == ',') {
                    i++;
                }
                if (expr.charAt(i) == '}') {
                    return i + 1;
                }
                int start = i;
                while (isIdentifierPart(expr.charAt(i))) {
                    i++;
                }
                String label = expr.substring(start, i);
                i = skipSpaces(expr, i);
                int opStart = i;
                while ("=!~".indexOf(expr.charAt(i)) >= 0) {
                    i++;
                }
                String op = expr.substring(opStart, i);
                i = skipSpaces(expr, i);
                int end = skipString(expr, i);
                matchers.add(new Matcher(label, op, unquote(expr.substring(i, end))));
                i = end;
            }
        }

        private static int skipString(String expr, int i) {
            char quote = expr.charAt(i);
            i++;
            while (expr.charAt(i) != quote) {
                if (expr.charAt(i) == '\\' && quote != '`') {
                    i++;
                }
                i++;
            }
            return i + 1;
        }

        private static String unquote(String literal) {
            String body = literal.substring(1, literal.length() - 1);
            return literal.charAt(0) == '`' ? body : body.replaceAll("\\\\(.)", "$1");
        }

        private static int skipSpaces(String expr, int i) {
            while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
                i++;
            }
            return i;
        }

        private static boolean isIdentifierPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == ':';
        }
    }
}
