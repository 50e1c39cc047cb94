package dev.emporium.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on loopback that makes one service instance slow (the latency fault): it forwards the caller's bytes
 * at once and the instance's answer {@code delay} later, so each request and response exchange takes about
 * {@code delay} longer, however many exchanges share a kept-alive connection. Bytes are delayed, not held back:
 * an answer streamed in pieces arrives in the same pieces, each {@code delay} after the instance sent it.
 * Every connection takes two virtual threads per direction (a reader and a delayed writer).
 */
final class FaultProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);

    private final ServerSocket server;

    private final int target;

    private final Duration delay;

    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;

    private FaultProxy(ServerSocket server, int target, Duration delay) {
        this.server = server;
        this.target = target;
        this.delay = delay;
    }

    /** Listens on loopback {@code port} and forwards to loopback {@code target}, answers {@code delay} late. */
    static FaultProxy start(int port, int target, Duration delay) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        FaultProxy proxy = new FaultProxy(server, target, delay);
        Thread.ofVirtual().name("fault-proxy-" + port).start(proxy::accept);
        return proxy;
    }

    int port() {
        return this.server.getLocalPort();
    }

    int target() {
        return this.target;
    }

    private void accept() {
        while (!this.closed) {
            Socket caller;
            try {
                caller = this.server.accept();
            }
            catch (IOException ex) {
                if (!this.closed) {
                    log.warn("Fault proxy on {} stopped accepting", port(), ex);
                }
                return;
            }
            Thread.ofVirtual().start(() -> connect(caller));
        }
    }

    private void connect(Socket caller) {
        Socket upstream = new Socket();
        try {
            caller.setTcpNoDelay(true);
            this.sockets.add(caller);
            this.sockets.add(upstream);
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.target), 2000);
            upstream.setTcpNoDelay(true);
        }
        catch (IOException ex) {
            // The instance is down: the caller sees its connection closed, as it would without the proxy (refused).
            closeQuietly(caller);
            closeQuietly(upstream);
            return;
        }
        pipe(caller, upstream, Duration.ZERO);
        pipe(upstream, caller, this.delay);
    }

    /** Copies {@code from} to {@code to}, each chunk {@code delay} after it was read. */
    private void pipe(Socket from, Socket to, Duration delay) {
        BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try {
                // Not closed when done: closing a socket's stream closes the socket, and the other direction may still
                // be under way.
                InputStream in = from.getInputStream();
                byte[] buffer = new byte[16 * 1024];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    chunks.put(new Chunk(System.nanoTime() + delay.toNanos(), Arrays.copyOf(buffer, read)));
                }
            }
            catch (IOException | InterruptedException ex) {
                // The connection is gone: the writer finishes what it has, then closes.
            }
            finally {
                chunks.add(Chunk.END);
            }
        });
        Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk chunk = chunks.take();
                    if (chunk == Chunk.END) {
                        break;
                    }
                    long wait = chunk.due() - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
                to.shutdownOutput();
            }
            catch (IOException | InterruptedException ex) {
                closeQuietly(from);
                closeQuietly(to);
            }
            finally {
                finish(from, to);
            }
        });
    }

    /** Closes the pair once both directions have ended (each writer shuts its output when its reader saw the end). */
    private synchronized void finish(Socket one, Socket other) {
        if ((one.isClosed() || one.isOutputShutdown()) && (other.isClosed() || other.isOutputShutdown())) {
            closeQuietly(one);
            closeQuietly(other);
            this.sockets.remove(one);
            this.sockets.remove(other);
        }
    }

    @Override
    public void close() {
        this.closed = true;
        closeQuietly(this.server);
        this.sockets.forEach(FaultProxy::closeQuietly);
        this.sockets.clear();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ex) {
            // Closing what is already broken.
        }
    }

    private record Chunk(long due, byte[] bytes) {

        static final Chunk END = new Chunk(0, new byte[0]);
    }
}
