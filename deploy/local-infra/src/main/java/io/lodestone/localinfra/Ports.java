package io.lodestone.localinfra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** TCP port checks on the loopback address, where all local servers listen. */
public final class Ports {

    public static final String HOST = "127.0.0.1";

    private Ports() {}

    /** Ports below this are left to well-known services. */
    private static final int LOWEST = 20_000;

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /**
     * A port nobody has bound right now, for a server a test starts a moment later. It is picked
     * below the kernel's ephemeral range: a port from that range can be taken, before the server
     * binds it, as the source port of any outgoing connection (tests running side by side open
     * thousands), and the server then fails with "address already in use".
     */
    public static int freePort() {
        int highest = ephemeralRangeStart() - 1;
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException(
                "no free port between "
                        + LOWEST
                        + " and "
                        + highest
                        + " on "
                        + HOST
                        + " after 200 tries");
    }

    /**
     * The first port of the kernel's ephemeral range; Linux's default where it cannot be read. Read
     * by lines: a file in /proc/sys answers only a read from its start, and {@code
     * Files.readString} (which sees a size of 0) reads one byte first and gets only that.
     */
    private static int ephemeralRangeStart() {
        try {
            int start =
                    Integer.parseInt(
                            Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
            return start > LOWEST + 1_000 ? start : 32_768;
        } catch (IOException | RuntimeException unreadable) {
            return 32_768;
        }
    }

    /**
     * True when a server could listen on the port. Binding is the reliable test: unlike a connect,
     * it also catches a port that another process has bound but does not listen on yet.
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // as servers do: sockets of a just-stopped server in TIME_WAIT do not block
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when something accepts connections on the port. */
    public static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
