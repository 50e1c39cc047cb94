package dev.emporium.chaos.load;

/**
 * Something a scenario did or saw happen, such as {@code kill catalog-1} or {@code catalog-1 UP again after 6.2 s}.
 *
 * @param atSeconds when, in seconds since the load started
 * @param text what, in a few words
 */
public record FaultEvent(double atSeconds, String text) {
}
