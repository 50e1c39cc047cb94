/** nginx as the CDN edge of a test's own, from the repository's {@code deploy/nginx} configuration. */
@NullMarked
package dev.emporium.testsupport.nginx;

import org.jspecify.annotations.NullMarked;
