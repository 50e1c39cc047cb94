/** Real PostgreSQL servers for tests (primaries, streaming replicas, crashes, promotion), run by tools/pg/pgctl.sh. */
@NullMarked
package dev.emporium.testsupport.postgres;

import org.jspecify.annotations.NullMarked;
