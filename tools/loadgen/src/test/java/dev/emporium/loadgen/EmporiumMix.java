package dev.emporium.loadgen;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
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
        System.out.printf("loadgen: %s, %s users/s for %d s (ramp %d s), %d customers%n", base, settings.rate(),
                settings.duration().toSeconds(), settings.ramp().toSeconds(), settings.customers());

        SetupClient api = new SetupClient(settings.url());
        Catalog catalog = Catalog.read(api);
        System.out.printf("loadgen: %d categories, %d products%n", catalog.categories(), catalog.products());
        Customers customers = Customers.register(api, settings.customers(), Long.toString(System.currentTimeMillis(), 36));

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

        setUp(shoppers.injectOpen(arrivals).protocols(protocol))
            .maxDuration(settings.ramp().plus(settings.duration()).plus(GRACE));
    }
}
