package dev.tarn.http.realtime;

import io.javalin.http.Context;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Decides whether a caller is on the server's own machine, from the address of the connection
 * itself. Headers such as X-Forwarded-For are ignored on purpose: any client can write them.
 */
final class LocalCallers {
    /** Only IP literals are parsed; a host name is never looked up (a lookup could be steered by an attacker). */
    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");

    private LocalCallers() {
    }

    static boolean isLocal(Context context) {
        return isLoopback(context.req().getRemoteAddr());
    }

    /** Whether a connection's remote address (IPv4, IPv6, bracketed or IPv4-mapped) is a loopback address. */
    static boolean isLoopback(String remoteAddress) {
        if (remoteAddress == null) {
            return false;
        }
        String address = remoteAddress.strip();
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (address.isEmpty() || !IP_LITERAL.matcher(address).matches()) {
            return false;
        }
        try {
            // for a literal this only parses; ::ffff:127.0.0.1 comes back as the IPv4 address
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
