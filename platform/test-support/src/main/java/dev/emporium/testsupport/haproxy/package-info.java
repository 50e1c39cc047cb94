/** A real HAProxy edge ({@code deploy/haproxy}) for tests, as a child process on loopback. */
@NullMarked
package dev.emporium.testsupport.haproxy;

import org.jspecify.annotations.NullMarked;
