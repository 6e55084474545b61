package io.lodestone.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** TCP port checks on the loopback address, where all local servers listen. */
public final class Ports {

    public static final String HOST = "127.0.0.1";

    private Ports() {}

    /** A port nobody listens on right now (the OS picks it), for tests. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    /**
     * True when a server could listen on the port. Binding is the reliable test: unlike a connect,
     * it also catches a port that another process has bound but does not listen on yet.
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(
                    true); // as servers do: sockets of a just-stopped server in TIME_WAIT do not
            // block
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
