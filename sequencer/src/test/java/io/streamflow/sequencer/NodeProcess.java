package io.streamflow.sequencer;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node in a child JVM, so a test can {@code kill -9} it: started from the test's own class path, and ready once it
 * prints {@code READY}. The child stops by itself after {@link #LIFETIME_MS} in any case.
 */
final class NodeProcess implements AutoCloseable
{
    static final long LIFETIME_MS = 120_000;

    private final Process process;

    private NodeProcess(final Process process)
    {
        this.process = process;
    }

    /**
     * @return the child's pid.
     */
    long pid()
    {
        return process.pid();
    }

    static NodeProcess start(final File dir, final String aeronDir, final int udpPort) throws IOException
    {
        return start(dir, aeronDir, udpPort, 0);
    }

    /**
     * @param snapshotInterval commands between the child's snapshots, 0 for the default.
     */
    static NodeProcess start(final File dir, final String aeronDir, final int udpPort, final long snapshotInterval)
        throws IOException
    {
        final List<String> command = ChildJvm.command(Main.class, dir.getPath(), aeronDir, Integer.toString(udpPort),
            Long.toString(snapshotInterval));
        final File stderr = new File(dir, "child-stderr.log");
        final Process process = new ProcessBuilder(command).redirectError(stderr).start();
        final BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (null != (line = out.readLine()))
        {
            if ("READY".equals(line))
            {
                return new NodeProcess(process);
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                break;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("child node did not start; its stderr:\n" + ChildJvm.tail(stderr));
    }

    static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    /**
     * @return true while the child runs.
     */
    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * SIGKILL: no shutdown hook, no close, no flush.
     */
    void kill9()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    public void close()
    {
        kill9();
    }

    /**
     * The child's main.
     */
    public static final class Main
    {
        private Main()
        {
        }

        /**
         * @param args node directory, media driver directory, UDP ingress port, snapshot interval (0: default).
         * @throws InterruptedException never in practice.
         */
        public static void main(final String[] args) throws InterruptedException
        {
            final StreamFlowNode.Context ctx = TestNodes.context(new File(args[0]))
                .aeronDirectoryName(args[1])
                .ingressIpc(false)
                .ingressUdpEndpoint("localhost:" + args[2]);
            if (args.length > 3 && Long.parseLong(args[3]) > 0)
            {
                ctx.snapshotInterval(Long.parseLong(args[3]));
            }
            final StreamFlowNode node = StreamFlowNode.launch(ctx);
            node.udpIngressChannel(TimeUnit.SECONDS.toNanos(10));
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(LIFETIME_MS);
            node.close();
        }
    }
}
