/** Emails to customers about their orders, from templates, over SMTP, each sent once. */
@NullMarked
package dev.emporium.notifications;

import org.jspecify.annotations.NullMarked;
