package dev.emporium.gateway.apidocs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import dev.emporium.platform.web.ServiceRestClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the platform's OpenAPI document from each service's {@code /v3/api-docs}: paths are disjoint by design
 * (DESIGN §9), and a schema name two services define differently is prefixed with the service's name, with that
 * service's references rewritten. A service that does not answer is left out and listed under
 * {@code x-unavailable-services} rather than failing the whole document.
 */
@Component
class ApiDocsAggregator {

    private static final Logger log = LoggerFactory.getLogger(ApiDocsAggregator.class);

    static final List<String> SERVICES = List.of("identity", "catalog", "cart", "orders", "inventory", "media");

    private final ServiceRestClients clients;

    private final JsonMapper json;

    ApiDocsAggregator(ServiceRestClients clients, JsonMapper json) {
        this.clients = clients;
        this.json = json;
    }

    String document(String service) {
        return this.clients.forService(service).get().uri("/v3/api-docs").accept(MediaType.APPLICATION_JSON)
            .retrieve().body(String.class);
    }

    ObjectNode aggregate() {
        ObjectNode merged = this.json.createObjectNode();
        merged.put("openapi", "3.1.0");
        merged.putObject("info").put("title", "Emporium API").put("version", "1")
            .put("description", "The public API of Emporium, assembled by the gateway from each service's document.");
        merged.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = merged.putObject("paths");
        ObjectNode schemas = merged.putObject("components").putObject("schemas");
        List<String> unavailable = new ArrayList<>();
        for (String service : SERVICES) {
            try {
                merge(service, (ObjectNode) this.json.readTree(document(service)), paths, schemas);
            }
            catch (RestClientException | IllegalStateException ex) {
                log.warn("OpenAPI document of {} unavailable: {}", service, ex.getMessage());
                unavailable.add(service);
            }
        }
        if (!unavailable.isEmpty()) {
            merged.putPOJO("x-unavailable-services", unavailable);
        }
        return merged;
    }

    private void merge(String service, ObjectNode document, ObjectNode paths, ObjectNode schemas) {
        JsonNode ownSchemas = document.path("components").path("schemas");
        String text = this.json.writeValueAsString(document);
        for (Iterator<Map.Entry<String, JsonNode>> it = ownSchemas.properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> schema = it.next();
            JsonNode existing = schemas.get(schema.getKey());
            if (existing != null && !existing.equals(schema.getValue())) {
                String renamed = Character.toUpperCase(service.charAt(0)) + service.substring(1) + schema.getKey();
                text = text.replace("\"#/components/schemas/" + schema.getKey() + "\"", "\"#/components/schemas/" + renamed + "\"");
                text = text.replace("\"" + schema.getKey() + "\":", "\"" + renamed + "\":");
            }
        }
        ObjectNode rewritten = (ObjectNode) this.json.readTree(text);
        rewritten.path("paths").properties().forEach(path -> {
            if (path.getValue() instanceof ObjectNode operations) {
                operations.properties().forEach(operation -> {
                    if (operation.getValue() instanceof ObjectNode op && !op.has("tags")) {
                        op.putArray("tags").add(service);
                    }
                });
            }
            paths.set(path.getKey(), path.getValue());
        });
        rewritten.path("components").path("schemas").properties().forEach(schema -> {
            if (!schemas.has(schema.getKey())) {
                schemas.set(schema.getKey(), schema.getValue());
            }
        });
    }
}
