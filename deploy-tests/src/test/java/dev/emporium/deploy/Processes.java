package dev.emporium.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end and returns what it printed; a failure carries its output. */
final class Processes {

    private Processes() {
    }

    static String run(Path directory, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(false).start();
            process.getOutputStream().close();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            Thread stderr = Thread.ofVirtual().start(() -> {
                try {
                    process.getErrorStream().transferTo(errors);
                }
                catch (IOException ex) {
                    // the process is gone; what it wrote so far is kept
                }
            });
            byte[] out = process.getInputStream().readAllBytes();
            stderr.join();
            byte[] err = errors.toByteArray();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited " + process.exitValue() + ":\n"
                        + new String(err, StandardCharsets.UTF_8) + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot run " + command + ": " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
