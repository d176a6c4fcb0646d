package io.streamflow.matcher;

import io.streamflow.sbe.OrderType;
import io.streamflow.sbe.Side;
import io.streamflow.sbe.TimeInForce;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With top of book conflated, the engine publishes nothing after each command; a flush (the host's end of a batch)
 * publishes each touched book whose top moved since it was last published, once, in instrument order, tagged with
 * the last command that touched it.
 */
class ConflatedTopOfBookTest
{
    private RecordingMatchingListener events;
    private MatchingEngine engine;
    private long sequence;

    @BeforeEach
    void exchange()
    {
        events = new RecordingMatchingListener();
        engine = new MatchingEngine(new MatchingEngine.Context()
            .conflateTopOfBook(true)
            .instrument(new InstrumentSpec(1, 1, 1, 1, 1000))
            .instrument(new InstrumentSpec(2, 1, 1, 1, 1000)), events);
    }

    @Test
    void aBatchPublishesEachMovedBookOnceAfterItsLastTouch()
    {
        buy(2, 100, 5);
        buy(1, 100, 5);
        final long lastOnTwo = buy(2, 101, 7);
        final long lastOnOne = buy(1, 99, 3);
        assertEquals(List.of(), tops(), "nothing until the batch ends");

        engine.flushTopOfBook();

        assertEquals(List.of(
            "TOB MD cmd=" + lastOnOne + " instr=1 L0 5@100(1) / 0@0(0)",
            "TOB MD cmd=" + lastOnTwo + " instr=2 L0 7@101(1) / 0@0(0)"), tops());
        engine.validateInternalState();
    }

    @Test
    void aTopThatMovedAndCameBackWithinABatchIsNotPublished()
    {
        buy(1, 100, 5);
        engine.flushTopOfBook();
        events.events.clear();

        final long better = buy(1, 105, 2);
        engine.cancel(++sequence, sequence * 10, 101, sequence, 1, 1_000 + sequence, 1_000 + better, 1);
        engine.flushTopOfBook();

        assertEquals(List.of(), tops(), "the top is where it was published: " + events.events);
        engine.flushTopOfBook();
        assertEquals(List.of(), tops(), "a flush with nothing touched publishes nothing");
    }

    @Test
    void withoutConflationEveryCommandPublishesItsOwnMove()
    {
        engine = new MatchingEngine(new MatchingEngine.Context()
            .instrument(new InstrumentSpec(1, 1, 1, 1, 1000)), events);
        final long first = buy(1, 100, 5);
        final long second = buy(1, 101, 7);

        assertEquals(List.of(
            "TOB MD cmd=" + first + " instr=1 L0 5@100(1) / 0@0(0)",
            "TOB MD cmd=" + second + " instr=1 L0 7@101(1) / 0@0(0)"), tops());
    }

    private long buy(final int instrumentId, final long price, final long quantity)
    {
        engine.newOrder(++sequence, sequence * 10, 101, sequence, 1, 1_000 + sequence, instrumentId, Side.BUY,
            OrderType.LIMIT, TimeInForce.GTC, false, price, quantity);
        return sequence;
    }

    private List<String> tops()
    {
        return events.events.stream().filter((e) -> e.startsWith("TOB")).toList();
    }
}
