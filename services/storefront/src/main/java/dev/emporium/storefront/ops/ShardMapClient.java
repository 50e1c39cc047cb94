package dev.emporium.storefront.ops;

import dev.emporium.storefront.api.ApiProblem;
import dev.emporium.storefront.api.ApiUnavailable;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * The shard admin endpoint of the public API ({@code GET /api/ops/shards}, admins only), with the operator's token.
 * A refusal arrives as {@link ApiProblem}, a failing identity service as {@link ApiUnavailable}.
 */
@Component
class ShardMapClient {

    private final RestClient api;

    ShardMapClient(RestClient publicApi) {
        this.api = publicApi;
    }

    ShardMap shardMap(String accessToken) {
        ShardMap map = this.api.get().uri("/api/ops/shards")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
            .retrieve()
            .body(ShardMap.class);
        if (map == null) {
            throw new ApiUnavailable("the shard map answered without a body");
        }
        return map;
    }
}
