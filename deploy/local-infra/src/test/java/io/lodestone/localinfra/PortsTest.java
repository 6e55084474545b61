package io.lodestone.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aFreePortIsBelowTheEphemeralRangeAndCanBeBound() throws Exception {
        int ephemeralStart =
                Integer.parseInt(
                        Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                                .get(0)
                                .trim()
                                .split("\\s+")[0]);
        for (int i = 0; i < 50; i++) {
            int port = Ports.freePort();
            assertThat(port).isBetween(20_000, ephemeralStart - 1);
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(Ports.HOST, port));
                assertThat(Ports.isFree(port)).isFalse();
                assertThat(Ports.answers(port)).isTrue();
            }
        }
    }
}
