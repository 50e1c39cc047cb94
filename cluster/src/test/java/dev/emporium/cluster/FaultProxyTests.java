package dev.emporium.cluster;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The latency fault's proxy against an echo server on loopback: every byte arrives intact, the answer late. */
class FaultProxyTests {

    private ServerSocket echo;

    @BeforeEach
    void startEchoServer() throws IOException {
        this.echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!this.echo.isClosed()) {
                try {
                    Socket socket = this.echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                            in.transferTo(out);
                        }
                        catch (IOException ex) {
                            // The client went away.
                        }
                    });
                }
                catch (IOException ex) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stopEchoServer() throws IOException {
        this.echo.close();
    }

    @Test
    void forwardsEveryByteIntactInBothDirections() throws IOException {
        byte[] sent = new byte[1_000_000];
        new Random(7).nextBytes(sent);
        try (FaultProxy proxy = FaultProxy.start(freePort(), this.echo.getLocalPort(), Duration.ofMillis(20));
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(sent);
                    socket.shutdownOutput();
                }
                catch (IOException ex) {
                    // Fails the comparison below.
                }
            });
            byte[] received = socket.getInputStream().readAllBytes();
            assertThat(received.length).isEqualTo(sent.length);
            assertThat(Arrays.equals(received, sent)).isTrue();
        }
    }

    @Test
    void eachExchangeTakesAboutTheDelayLonger() throws IOException {
        try (FaultProxy proxy = FaultProxy.start(freePort(), this.echo.getLocalPort(), Duration.ofMillis(300));
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int exchange = 0; exchange < 3; exchange++) {
                long start = System.nanoTime();
                socket.getOutputStream().write(("ping " + exchange).getBytes());
                byte[] answer = new byte[6];
                in.readFully(answer);
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertThat(new String(answer)).isEqualTo("ping " + exchange);
                assertThat(millis).as("exchange %d", exchange).isBetween(290L, 900L);
            }
        }
    }

    @Test
    void withoutDelayItIsFast() throws IOException {
        try (FaultProxy proxy = FaultProxy.start(freePort(), this.echo.getLocalPort(), Duration.ZERO);
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            long start = System.nanoTime();
            socket.getOutputStream().write("ping".getBytes());
            byte[] answer = new DataInputStream(socket.getInputStream()).readNBytes(4);
            assertThat(new String(answer)).isEqualTo("ping");
            assertThat(Duration.ofNanos(System.nanoTime() - start).toMillis()).isLessThan(200);
        }
    }

    @Test
    void aDownInstanceClosesTheCallersConnection() throws IOException {
        int closed = freePort();
        try (FaultProxy proxy = FaultProxy.start(freePort(), closed, Duration.ofMillis(50));
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            socket.setSoTimeout(5000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
