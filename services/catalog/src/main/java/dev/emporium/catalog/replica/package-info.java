/**
 * Catalog reads on PostgreSQL streaming replicas: a second connection pool on a pgjdbc multi-host URL, reads retried
 * past a replica that dies, and the replicas' replay lag as a metric. Writes, and reads that must see them, stay on the
 * primary.
 */
@NullMarked
package dev.emporium.catalog.replica;

import org.jspecify.annotations.NullMarked;
