package io.streamflow.stream;

/**
 * A windowed join being declared.
 *
 * @param <A> left record view.
 * @param <B> right record view.
 */
public final class JoinBuilder<A extends Flyweight, B extends Flyweight>
{
    private final KeyedStream<A> left;
    private final KeyedStream<B> right;
    private final WindowSpec spec;
    private int maxWindows;
    private int maxRecords = 1 << 16;
    private int maxRecordLength = 256;
    private RecordSink<A> lateLeft;
    private RecordSink<B> lateRight;

    JoinBuilder(final KeyedStream<A> left, final KeyedStream<B> right, final WindowSpec spec)
    {
        this.left = left;
        this.right = right;
        this.spec = spec;
        this.maxWindows = left.stream.pipeline.defaultMaxWindows();
    }

    /**
     * @param maxWindows (key, window) pairs open at once.
     * @return this for a fluent API.
     */
    public JoinBuilder<A, B> maxWindows(final int maxWindows)
    {
        this.maxWindows = maxWindows;
        return this;
    }

    /**
     * @param maxRecords records of both sides held at once (a record in several sliding windows counts in each).
     * @return this for a fluent API.
     */
    public JoinBuilder<A, B> maxRecords(final int maxRecords)
    {
        this.maxRecords = maxRecords;
        return this;
    }

    /**
     * @param maxRecordLength longest record held; longer ones are refused, counted.
     * @return this for a fluent API.
     */
    public JoinBuilder<A, B> maxRecordLength(final int maxRecordLength)
    {
        this.maxRecordLength = maxRecordLength;
        return this;
    }

    /**
     * @param lateLeft  for left records too late or refused.
     * @param lateRight for right records too late or refused.
     * @return this for a fluent API.
     */
    public JoinBuilder<A, B> lateOutputs(final RecordSink<A> lateLeft, final RecordSink<B> lateRight)
    {
        this.lateLeft = lateLeft;
        this.lateRight = lateRight;
        return this;
    }

    /**
     * Declare the join.
     *
     * @param function  encodes the joined record of a pair.
     * @param leftView  flyweight to read held left records through.
     * @param rightView flyweight to read held right records through.
     * @param outView   flyweight the joined records are read through.
     * @param <W>       joined record view.
     * @return the stream of joined records.
     */
    public <W extends Flyweight> DataStream<W> apply(
        final JoinFunction<A, B> function, final A leftView, final B rightView, final W outView)
    {
        final WindowJoinOperator<A, B, W> operator = new WindowJoinOperator<>(
            spec, left.key, right.key, function, leftView, rightView, outView, maxWindows, maxRecords,
            maxRecordLength);
        left.stream.output.add(operator.left);
        right.stream.output.add(operator.right);
        if (null != lateLeft)
        {
            operator.lateLeft.add(new StatelessNodes.Sink<>(lateLeft));
        }
        if (null != lateRight)
        {
            operator.lateRight.add(new StatelessNodes.Sink<>(lateRight));
        }
        left.stream.pipeline.register(operator);
        return new DataStream<>(left.stream.pipeline, operator.downstream, left.stream.source);
    }
}
