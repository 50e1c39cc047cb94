/** Throwaway RabbitMQ virtual hosts on the machine's broker, for tests that need the real one. */
@NullMarked
package dev.emporium.testsupport.rabbit;

import org.jspecify.annotations.NullMarked;
