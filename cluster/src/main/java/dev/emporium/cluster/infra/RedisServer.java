package dev.emporium.cluster.infra;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The cluster's Redis: the services' shared caches, so nothing is kept on disk ({@code --save ""}, no append-only
 * file): a restarted Redis starts empty and the caches fill again from the databases.
 */
final class RedisServer extends ServerProcess {

    private final Path directory;

    RedisServer(int port, Path var) {
        super("redis", "redis", port, var);
        this.directory = var.resolve("redis");
    }

    @Override
    Path workingDirectory() {
        return this.directory;
    }

    @Override
    List<String> prepareAndCommand() throws IOException {
        Files.createDirectories(this.directory);
        return List.of("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(port()), "--save", "",
                "--appendonly", "no", "--dir", this.directory.toString(), "--daemonize", "no", "--maxmemory", "128mb",
                "--maxmemory-policy", "allkeys-lru");
    }

    /** {@code PING} answered with {@code +PONG}. */
    @Override
    public boolean healthy() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 1_000);
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return "+PONG\r\n".equals(new String(reply, StandardCharsets.US_ASCII));
        }
        catch (IOException ex) {
            return false;
        }
    }
}
