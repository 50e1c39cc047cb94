package dev.emporium.testsupport.rabbit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * A virtual host of its own on the machine's RabbitMQ (127.0.0.1:5672, guest/guest), created with
 * {@code rabbitmqctl} and deleted on close with everything in it, so tests declare exchanges and queues without
 * meeting each other's.
 */
public final class TemporaryVhost implements AutoCloseable {

    private final String name;

    private TemporaryVhost(String name) {
        this.name = name;
    }

    public static TemporaryVhost create() {
        String name = "emporium-test-" + UUID.randomUUID().toString().substring(0, 8);
        rabbitmqctl("add_vhost", name);
        rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return new TemporaryVhost(name);
    }

    public String name() {
        return this.name;
    }

    @Override
    public void close() {
        rabbitmqctl("delete_vhost", this.name);
    }

    /** Runs {@code rabbitmqctl} with the arguments; throws with its output if it fails. */
    public static void rabbitmqctl(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot run rabbitmqctl", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
