package io.lodestone.watermark;

import java.util.List;

/**
 * A record on a repartition topic that carries event-time progress as well as data: either a value
 * or a {@link Mark} from one upstream task saying how far its stream time has got. A mark travels
 * in order with the data its task sent before it, so a downstream task holding a mark at time T
 * from every upstream task has all the data those tasks will ever send for event times before T
 * minus their grace, however the tasks' outputs interleave.
 */
public sealed interface Watermarked<V> permits Watermarked.Data, Watermarked.Mark {

    static <V> Watermarked<V> data(V value) {
        return new Data<>(value);
    }

    /** The value, as a list of zero or one for {@code flatMapValues}. */
    List<V> values();

    /** A data record. */
    record Data<V>(V value) implements Watermarked<V> {
        @Override
        public List<V> values() {
            return List.of(value);
        }
    }

    /**
     * Upstream task {@code partition}'s stream time; {@code idle} when that task has had no input
     * for a while and should not hold the others back.
     */
    record Mark<V>(int partition, long time, boolean idle) implements Watermarked<V> {
        @Override
        public List<V> values() {
            return List.of();
        }

        /** The same mark on a stream of another value type (a mark holds no value). */
        @SuppressWarnings("unchecked")
        public <W> Mark<W> retype() {
            return (Mark<W>) (Mark<?>) this;
        }
    }
}
