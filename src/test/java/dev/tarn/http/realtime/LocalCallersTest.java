package dev.tarn.http.realtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** "Localhost only" is decided from the connection's remote address: loopback in IPv4 or IPv6, nothing else. */
class LocalCallersTest {

    @Test
    void loopbackAddressesAreLocal() {
        for (String address : new String[] {"127.0.0.1", "127.8.9.10", "::1", "[::1]", "0:0:0:0:0:0:0:1", "[0:0:0:0:0:0:0:1]",
                "::ffff:127.0.0.1", " 127.0.0.1 "}) {
            assertThat(LocalCallers.isLoopback(address)).as(address).isTrue();
        }
    }

    @Test
    void everyOtherAddressIsRemote() {
        for (String address : new String[] {"10.0.0.1", "192.168.1.20", "172.17.0.1", "8.8.8.8", "0.0.0.0", "::", "2001:db8::1",
                "::ffff:10.0.0.1", "fe80::1", "", "localhost", "example.com", "127.0.0.1.example.com", "127.0.0.1, 10.0.0.1"}) {
            assertThat(LocalCallers.isLoopback(address)).as(address).isFalse();
        }
        assertThat(LocalCallers.isLoopback(null)).isFalse();
    }
}
