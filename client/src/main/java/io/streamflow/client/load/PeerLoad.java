package io.streamflow.client.load;

import org.HdrHistogram.Histogram;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The load the bench asks of a peer that runs in a JVM of its own, and the arguments that carry it there:
 * {@code --rate R --duration S --warmup S --max-messages N --out FILE}, then any options of the peer's own. The peer
 * runs the rate for the duration after the warm-up, then {@code maxMessages} as fast as they go, and writes its
 * result as JSON to the file, its latencies as a string of {@link #encodeLatencies(Histogram)}.
 * <p>
 * Uses nothing but the JDK and HdrHistogram, so that a peer running on other versions of our libraries can use it
 * too.
 *
 * @param ratePerSecond offered, for the latency run.
 * @param durationS     measured, for the latency run.
 * @param warmupS       at the same rate before it, not measured.
 * @param maxMessages   of the as-fast-as-it-goes run.
 * @param out           file the peer writes its result to.
 * @param options       the peer's own options, by name (with the dashes), in the order given.
 */
public record PeerLoad(
    long ratePerSecond, long durationS, long warmupS, long maxMessages, File out, Map<String, String> options)
{
    /**
     * Validate.
     */
    public PeerLoad
    {
        if (null == out || ratePerSecond <= 0 || durationS <= 0 || warmupS < 0 || maxMessages <= 0)
        {
            throw new IllegalArgumentException("a peer needs --out FILE, and a positive --rate, --duration and " +
                "--max-messages (and --warmup not negative)");
        }
        options = Map.copyOf(options);
    }

    /**
     * @param args         as above.
     * @param ownOptions   names of the options of the peer's own that it accepts (with the dashes).
     * @return the load.
     * @throws IllegalArgumentException for an unknown option or a missing value.
     */
    public static PeerLoad parse(final String[] args, final String... ownOptions)
    {
        long rate = 0;
        long durationS = 0;
        long warmupS = 0;
        long maxMessages = 0;
        File out = null;
        final Set<String> accepted = Set.of(ownOptions);
        final Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2)
        {
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            final String value = args[i + 1];
            switch (args[i])
            {
                case "--rate" -> rate = Long.parseLong(value);
                case "--duration" -> durationS = Long.parseLong(value);
                case "--warmup" -> warmupS = Long.parseLong(value);
                case "--max-messages" -> maxMessages = Long.parseLong(value);
                case "--out" -> out = new File(value);
                default ->
                {
                    if (!accepted.contains(args[i]))
                    {
                        throw new IllegalArgumentException("unknown option " + args[i] + " in " +
                            Arrays.toString(args));
                    }
                    options.put(args[i], value);
                }
            }
        }
        return new PeerLoad(rate, durationS, warmupS, maxMessages, out, options);
    }

    /**
     * @param name         of one of the peer's own options.
     * @param defaultValue when it was not given.
     * @return its value.
     */
    public String option(final String name, final String defaultValue)
    {
        return options.getOrDefault(name, defaultValue);
    }

    /**
     * @return the arguments that carry this load to a peer's main.
     */
    public List<String> toArguments()
    {
        final List<String> args = new ArrayList<>(List.of(
            "--rate", Long.toString(ratePerSecond),
            "--duration", Long.toString(durationS),
            "--warmup", Long.toString(warmupS),
            "--max-messages", Long.toString(maxMessages),
            "--out", out.getPath()));
        options.forEach((name, value) ->
        {
            args.add(name);
            args.add(value);
        });
        return args;
    }

    /**
     * @param latencies a peer measured.
     * @return them as text for its JSON result: the histogram compressed, in base64.
     */
    public static String encodeLatencies(final Histogram latencies)
    {
        final ByteBuffer encoded = ByteBuffer.allocate(latencies.getNeededByteBufferCapacity());
        final int length = latencies.encodeIntoCompressedByteBuffer(encoded);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(encoded.array(), length));
    }

    /**
     * @param text of {@link #encodeLatencies(Histogram)}.
     * @return the histogram.
     * @throws java.util.zip.DataFormatException when the text is not one.
     */
    public static Histogram decodeLatencies(final String text) throws java.util.zip.DataFormatException
    {
        return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text)), 0);
    }
}
