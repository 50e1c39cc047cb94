/** JDBC for tests: a driver that records the statements a service runs, so a test can count database round trips. */
@NullMarked
package dev.emporium.testsupport.jdbc;

import org.jspecify.annotations.NullMarked;
