package dev.emporium.storefront.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API refused a request with a 4xx problem (RFC 9457): the title and detail are written for people, the
 * {@code errors} name invalid fields (e.g. {@code shippingAddress.city}), {@code products} the ones short of stock.
 */
public class ApiProblem extends RuntimeException {

    private final int status;

    private final String title;

    private final String detail;

    private final List<FieldError> errors;

    private final List<String> products;

    public ApiProblem(int status, String title, String detail, List<FieldError> errors, List<String> products) {
        super(status + " " + title + ": " + detail, null, false, false);
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.errors = List.copyOf(errors);
        this.products = List.copyOf(products);
    }

    static ApiProblem from(int status, InputStream body, JsonMapper json) {
        Body problem = null;
        try {
            problem = json.readValue(body, Body.class);
        }
        catch (JacksonException ex) {
            // not a problem document: fall back to the status alone
        }
        finally {
            try {
                body.close();
            }
            catch (IOException ignored) {
                // nothing left to read
            }
        }
        String title = problem != null && problem.title() != null ? problem.title() : "Request refused";
        String detail = problem != null && problem.detail() != null ? problem.detail() : "";
        List<FieldError> errors = problem != null && problem.errors() != null
                ? problem.errors().stream().filter(error -> error.field() != null).toList() : List.of();
        List<String> products = problem != null && problem.products() != null ? problem.products() : List.of();
        return new ApiProblem(status, title, detail, errors, products);
    }

    public int status() {
        return this.status;
    }

    public String title() {
        return this.title;
    }

    public String detail() {
        return this.detail;
    }

    public List<FieldError> errors() {
        return this.errors;
    }

    public List<String> products() {
        return this.products;
    }

    public boolean isNotFound() {
        return this.status == 404;
    }

    /** The detail if there is one, the title otherwise: the sentence to show the customer. */
    public String message() {
        return this.detail.isBlank() ? this.title : this.detail;
    }

    /** Messages by field name, first message per field, in the API's order. */
    public Map<String, String> fieldMessages() {
        Map<String, String> messages = new LinkedHashMap<>();
        this.errors.forEach(error -> messages.putIfAbsent(error.field(), error.message()));
        return messages;
    }

    /** One invalid field of a validation problem. */
    public record FieldError(String field, String message) {
    }

    record Body(@Nullable String title, @Nullable String detail, @Nullable List<FieldError> errors,
            @Nullable List<String> products) {
    }
}
