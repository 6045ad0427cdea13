package dev.ebpf4j.examples;

import dev.ebpf4j.loader.net.Ping;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Traffic the examples make themselves. A socket belongs to the network namespace of the thread that creates it,
 * so call these from inside {@code NetNs.call}; once created, a socket may be used from any thread.
 */
public final class Traffic {
    private Traffic() {}

    /** Sends {@code count} small UDP datagrams to {@code host:port}. */
    public static void udp(String host, int port, int count) {
        try (DatagramSocket s = new DatagramSocket()) {
            InetAddress to = InetAddress.getByName(host);
            for (int i = 0; i < count; i++) {
                byte[] payload = ("datagram " + i).getBytes();
                s.send(new DatagramPacket(payload, payload.length, to, port));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("UDP to " + host + ":" + port, e);
        }
    }

    /** Connects to {@code host:port}, writes {@code bytes} bytes and closes: a whole TCP conversation. */
    public static void tcp(String host, int port, int bytes) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[bytes]);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("TCP to " + host + ":" + port, e);
        }
    }

    /** One ICMP echo request through a raw socket; true if the reply came within {@code timeoutMillis}. */
    public static boolean ping(String host, int timeoutMillis) {
        return Ping.echo(host, timeoutMillis);
    }

    /** A UDP socket bound to {@code host}, so datagrams sent to it are received (and no port-unreachable ICMP comes back). */
    public static final class UdpSink implements AutoCloseable {
        private final DatagramSocket socket;

        public UdpSink(String host) {
            try {
                socket = new DatagramSocket(new InetSocketAddress(host, 0));
            } catch (IOException e) {
                throw new UncheckedIOException("UDP socket on " + host, e);
            }
        }

        public int port() { return socket.getLocalPort(); }

        /** Reads what has arrived, waiting at most {@code timeoutMillis} for each datagram; returns how many. */
        public int drain(int timeoutMillis) {
            byte[] buf = new byte[2048];
            int n = 0;
            try {
                socket.setSoTimeout(timeoutMillis);
                while (true) {
                    socket.receive(new DatagramPacket(buf, buf.length));
                    n++;
                }
            } catch (SocketTimeoutException e) {
                return n;
            } catch (IOException e) {
                throw new UncheckedIOException("UDP receive", e);
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A TCP listener on {@code host}; connections complete in the kernel's backlog before they are accepted. */
    public static final class TcpListener implements AutoCloseable {
        private final ServerSocket socket;

        public TcpListener(String host) {
            try {
                socket = new ServerSocket();
                socket.bind(new InetSocketAddress(host, 0));
            } catch (IOException e) {
                throw new UncheckedIOException("TCP listener on " + host, e);
            }
        }

        public int port() { return socket.getLocalPort(); }

        /** Accepts one connection and reads it to the end; returns the bytes read. */
        public int acceptAndRead(int timeoutMillis) {
            try {
                socket.setSoTimeout(timeoutMillis);
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(timeoutMillis);
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    int total = 0;
                    for (int n; (n = in.read(buf)) > 0; ) total += n;
                    return total;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("TCP accept on port " + port(), e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
