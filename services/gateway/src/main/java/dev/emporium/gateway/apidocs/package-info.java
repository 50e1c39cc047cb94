/** One OpenAPI document for the whole public API, assembled from the services' own. */
@NullMarked
package dev.emporium.gateway.apidocs;

import org.jspecify.annotations.NullMarked;
