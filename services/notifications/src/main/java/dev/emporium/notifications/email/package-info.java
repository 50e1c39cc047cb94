/**
 * The emails of {@code order.confirmed} and {@code order.cancelled}: rendered from text templates, sent over SMTP
 * (or written as .eml files when no SMTP server is configured), once per order and kind.
 */
@NullMarked
package dev.emporium.notifications.email;

import org.jspecify.annotations.NullMarked;
