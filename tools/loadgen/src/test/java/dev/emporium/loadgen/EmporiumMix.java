package dev.emporium.loadgen;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.core.Simulation.SetUp;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Shoppers arriving at Emporium at a fixed rate: an open model, in which users arrive whether or not the platform has
 * answered the earlier ones, as on the web; a slow platform meets the same arrivals and its latency shows in full
 * (a closed loop of N clients would wait for it and hide it: coordinated omission). Each arriving user runs one
 * journey of the mix: browse 70%, search 10%, cart 15%, checkout 5% ({@link Journeys}).
 *
 * <p>Before the run it reads the catalog and registers and logs in its own customers ({@link LoadSettings} says how
 * many, and where, how fast and how long). Every request carries {@code X-Forwarded-For} with the virtual client's
 * address from 198.18.0.0/15; traffic itself goes only to the platform's URL.
 */
public class EmporiumMix extends Simulation {

    /** Time beyond the arrivals for the last journeys to finish before Gatling stops them. */
    private static final Duration GRACE = Duration.ofSeconds(60);

    public EmporiumMix() {
        LoadSettings settings = LoadSettings.fromSystemProperties();
        String base = settings.url().toString().replaceAll("/+$", "");
        System.out.printf("loadgen: %s, %s users/s for %d s (ramp %d s), %d customers%s%n", base, settings.rate(),
                settings.duration().toSeconds(), settings.ramp().toSeconds(), settings.customers(),
                settings.strict() ? ", strict" : "");

        SetupClient api = new SetupClient(settings.url());
        Catalog catalog = Catalog.read(api);
        System.out.printf("loadgen: %d categories, %d products%n", catalog.categories(), catalog.products());
        Customers customers = Customers.register(api, settings.customers(), Long.toString(System.currentTimeMillis(), 36));
        warmUp(api, catalog);

        Journeys journeys = new Journeys(catalog, customers, settings.thinkTime());
        WeightedRoundRobin<String> mix = new WeightedRoundRobin<>(Journeys.MIX);
        // Anonymous clients take addresses past the customers' own (index 0 is the catalog reader's).
        int reserved = customers.size() + 1;
        ScenarioBuilder shoppers = scenario("shoppers")
            .exec(session -> session.set("journey", mix.next()).set(Journeys.CLIENT, ClientAddresses.random(reserved)))
            .doSwitch("#{journey}").on(
                    onCase(Journeys.BROWSE).then(journeys.browse()),
                    onCase(Journeys.SEARCH).then(journeys.search()),
                    onCase(Journeys.CART).then(journeys.cart()),
                    onCase(Journeys.CHECKOUT).then(journeys.checkout()));

        HttpProtocolBuilder protocol = http.baseUrl(base)
            // Gatling would otherwise warm up by calling its own web site: nothing but the platform is called.
            .disableWarmUp()
            .userAgentHeader("emporium-loadgen (Gatling)")
            .header("X-Forwarded-For", session -> session.getString(Journeys.CLIENT));

        List<OpenInjectionStep> arrivals = new ArrayList<>();
        if (!settings.ramp().isZero()) {
            arrivals.add(rampUsersPerSec(Math.min(1, settings.rate())).to(settings.rate()).during(settings.ramp()));
        }
        // Randomized: arrivals as a Poisson process at that mean rate, not one every 1/R seconds.
        arrivals.add(constantUsersPerSec(settings.rate()).during(settings.duration()).randomized());

        SetUp run = setUp(shoppers.injectOpen(arrivals).protocols(protocol))
            .maxDuration(settings.ramp().plus(settings.duration()).plus(GRACE));
        if (settings.strict()) {
            // Gatling checks these against its statistics at the end, fails the run's exit status if one does not
            // hold, and writes them as JUnit XML to the report's js/assertions.xml.
            List<Assertion> assertions = new ArrayList<>();
            assertions.add(global().failedRequests().count().is(0L));
            for (String journey : Journeys.MIX.keySet()) {
                assertions.add(details(journey).allRequests().count().gt(0L));
                assertions.add(details(journey).failedRequests().count().is(0L));
            }
            run.assertions(assertions);
        }
    }

    /**
     * Asks once for each kind of storefront page before the run, outside the report: a platform that has just started
     * renders its first pages slowly (templates parsed, code not yet compiled), which says nothing about its load.
     */
    private static void warmUp(SetupClient api, Catalog catalog) {
        String client = ClientAddresses.at(0);
        for (String page : List.of("/", "/c/" + catalog.category(), "/p/" + catalog.product(),
                "/search?q=" + URLEncoder.encode(catalog.searchTerm(), StandardCharsets.UTF_8))) {
            api.page(page, client);
        }
    }
}
