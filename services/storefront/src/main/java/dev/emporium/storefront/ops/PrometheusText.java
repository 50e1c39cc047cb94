package dev.emporium.storefront.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Reads the Prometheus text exposition format (version 0.0.4, what {@code /actuator/prometheus} answers by default)
 * into samples: {@code name{label="value",…} value [timestamp]}. Comments ({@code # HELP}, {@code # TYPE}) and blank
 * lines are skipped; label values may hold the escapes {@code \\}, {@code \"} and {@code \n}; values may be
 * {@code NaN}, {@code +Inf} or {@code -Inf}. A line it cannot read is skipped rather than failing the scrape: the
 * console shows what it could read.
 */
final class PrometheusText {

    private PrometheusText() {
    }

    /** One line of a scrape. */
    record Sample(String name, Map<String, String> labels, double value) {

        Sample {
            labels = Map.copyOf(labels);
        }

        /** The label's value, or the empty string when the sample has no such label (as PromQL treats it). */
        String label(String label) {
            return this.labels.getOrDefault(label, "");
        }
    }

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            Sample sample = line(text, start, end);
            if (sample != null) {
                samples.add(sample);
            }
            start = end + 1;
        }
        return samples;
    }

    private static @Nullable Sample line(String text, int from, int to) {
        Cursor at = new Cursor(text, from, to);
        at.skipBlanks();
        if (at.done() || at.peek() == '#') {
            return null;
        }
        String name = at.name(true);
        if (name == null) {
            return null;
        }
        at.skipBlanks();
        Map<String, String> labels = Map.of();
        if (!at.done() && at.peek() == '{') {
            labels = at.labels();
            if (labels == null) {
                return null;
            }
            at.skipBlanks();
        }
        Double value = at.value();
        return value == null ? null : new Sample(name, labels, value);
    }

    /** A position within one line. */
    private static final class Cursor {

        private final String text;

        private final int end;

        private int position;

        Cursor(String text, int from, int to) {
            this.text = text;
            this.position = from;
            this.end = to > from && text.charAt(to - 1) == '\r' ? to - 1 : to;
        }

        boolean done() {
            return this.position >= this.end;
        }

        char peek() {
            return this.text.charAt(this.position);
        }

        void skipBlanks() {
            while (!done() && (peek() == ' ' || peek() == '\t')) {
                this.position++;
            }
        }

        /** A metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}) or, without colons, a label name. */
        @Nullable String name(boolean metric) {
            int start = this.position;
            while (!done()) {
                char c = peek();
                boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || metric && c == ':';
                if (!letter && !(this.position > start && c >= '0' && c <= '9')) {
                    break;
                }
                this.position++;
            }
            return this.position > start ? this.text.substring(start, this.position) : null;
        }

        /** {@code {a="1",b="2"}} (a trailing comma allowed), or null when malformed. */
        @Nullable Map<String, String> labels() {
            Map<String, String> labels = new LinkedHashMap<>();
            this.position++; // {
            while (true) {
                skipBlanks();
                if (done()) {
                    return null;
                }
                if (peek() == '}') {
                    this.position++;
                    return labels;
                }
                String name = name(false);
                skipBlanks();
                if (name == null || done() || peek() != '=') {
                    return null;
                }
                this.position++;
                skipBlanks();
                String value = quoted();
                if (value == null) {
                    return null;
                }
                labels.put(name, value);
                skipBlanks();
                if (!done() && peek() == ',') {
                    this.position++;
                }
                else if (done() || peek() != '}') {
                    return null;
                }
            }
        }

        private @Nullable String quoted() {
            if (done() || peek() != '"') {
                return null;
            }
            this.position++;
            StringBuilder value = new StringBuilder();
            while (!done()) {
                char c = this.text.charAt(this.position++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && !done()) {
                    char escaped = this.text.charAt(this.position++);
                    value.append(escaped == 'n' ? '\n' : escaped);
                }
                else {
                    value.append(c);
                }
            }
            return null;
        }

        /** The sample's value; a timestamp after it is ignored. */
        @Nullable Double value() {
            int start = this.position;
            while (!done() && peek() != ' ' && peek() != '\t') {
                this.position++;
            }
            String token = this.text.substring(start, this.position);
            return switch (token) {
                case "" -> null;
                case "NaN" -> Double.NaN;
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> number(token);
            };
        }

        private static @Nullable Double number(String token) {
            try {
                return Double.parseDouble(token);
            }
            catch (NumberFormatException ex) {
                return null;
            }
        }
    }
}
