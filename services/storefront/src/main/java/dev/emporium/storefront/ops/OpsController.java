package dev.emporium.storefront.ops;

import java.util.List;

import dev.emporium.storefront.api.ApiProblem;
import dev.emporium.storefront.api.ApiUnavailable;
import dev.emporium.storefront.layout.AccessDenied;
import dev.emporium.storefront.ops.Traffic.Tick;
import dev.emporium.storefront.session.UserSession;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.client.RestClientException;

/**
 * The operations console, for administrators only: a visitor without a login goes to the login page and back, a
 * customer gets the 403 page. The page shows the latest sample and the shard map; its script polls
 * {@code /ops/data} for the charts and {@code /ops/live} for the rest of the sample. None of them is ever cached.
 */
@Controller
class OpsController {

    private static final Logger log = LoggerFactory.getLogger(OpsController.class);

    private final Operators operators;

    private final OpsSampler sampler;

    private final ShardMapClient shardMaps;

    private final OpsProperties settings;

    OpsController(Operators operators, OpsSampler sampler, ShardMapClient shardMaps, OpsProperties settings) {
        this.operators = operators;
        this.sampler = sampler;
        this.shardMaps = shardMaps;
        this.settings = settings;
    }

    @GetMapping("/ops")
    String console(UserSession session, Model model, HttpServletResponse response) {
        requireAdmin(session);
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        Console console = Console.of(this.sampler.watched());
        model.addAttribute("console", console);
        model.addAttribute("intervalMillis", this.settings.sampleInterval().toMillis());
        model.addAttribute("intervalSeconds", Math.max(1, this.settings.sampleInterval().toSeconds()));
        model.addAttribute("windowMinutes", Math.max(1, this.settings.window().toMinutes()));
        try {
            model.addAttribute("shardMap", session.call(this.shardMaps::shardMap));
        }
        catch (ApiProblem problem) {
            model.addAttribute("shardMapProblem", "The API refused the shard map: " + problem.message());
        }
        catch (ApiUnavailable | RestClientException ex) {
            log.warn("Console without the shard map: {}", ex.toString());
            model.addAttribute("shardMapProblem", "The shard map could not be read right now (identity did not answer).");
        }
        return "ops";
    }

    /** The summary, topology and panels alone (no layout), for the page's script to swap in at every sample. */
    @GetMapping("/ops/live")
    String live(UserSession session, Model model, HttpServletResponse response) {
        requireAdmin(session);
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        model.addAttribute("console", Console.of(this.sampler.watched()));
        return "ops-live";
    }

    @GetMapping(path = "/ops/data", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    OpsData data(UserSession session, HttpServletResponse response) {
        requireAdmin(session);
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        Console console = Console.of(this.sampler.watched());
        List<Tick> ticks = this.sampler.ticks();
        return new OpsData(console.sampledAt().toEpochMilli(), this.settings.sampleInterval().toMillis(),
                this.settings.window().toMillis(), ticks.size(),
                console.topology().stream().map(Console.ServiceNode::name).toList(), Traffic.points(ticks),
                console.instances().stream().map(OpsData.InstanceHealth::of).toList());
    }

    private void requireAdmin(UserSession session) {
        if (!session.call(this.operators::isAdmin)) {
            throw new AccessDenied("The operations console is for administrators, and your account is not one.");
        }
    }
}
