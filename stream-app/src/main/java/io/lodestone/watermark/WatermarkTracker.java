package io.lodestone.watermark;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The combined watermark of a downstream task: the lowest stream time among the upstream tasks that
 * are not idle (the highest of all when every one is idle), known once each of the {@code
 * upstreamTasks} has sent a mark. It never goes back. Kept in a store, so it survives restarts.
 */
public final class WatermarkTracker {

    private static final int COMBINED = -1;

    private final KeyValueStore<Integer, Watermarked<Void>> marks;
    private final int upstreamTasks;

    public WatermarkTracker(KeyValueStore<Integer, Watermarked<Void>> marks, int upstreamTasks) {
        this.marks = marks;
        this.upstreamTasks = upstreamTasks;
    }

    public static StoreBuilder<KeyValueStore<Integer, Watermarked<Void>>> store(String name) {
        return Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(name),
                Serdes.Integer(),
                WatermarkedSerde.of(Serdes.Void()));
    }

    /** The combined watermark so far, if every upstream task has spoken. */
    public OptionalLong current() {
        Watermarked.Mark<Void> combined = (Watermarked.Mark<Void>) marks.get(COMBINED);
        return combined == null ? OptionalLong.empty() : OptionalLong.of(combined.time());
    }

    /** Records an upstream task's mark; the combined watermark if it moved forward. */
    public OptionalLong advance(Watermarked.Mark<?> mark) {
        Watermarked.Mark<Void> previous = (Watermarked.Mark<Void>) marks.get(mark.partition());
        // a restarted upstream task may repeat an older mark; its progress stands
        long time = previous == null ? mark.time() : Math.max(previous.time(), mark.time());
        marks.put(mark.partition(), new Watermarked.Mark<>(mark.partition(), time, mark.idle()));
        Map<Integer, Watermarked.Mark<Void>> latest = new HashMap<>();
        for (int task = 0; task < upstreamTasks; task++) {
            Watermarked.Mark<Void> m = (Watermarked.Mark<Void>) marks.get(task);
            if (m != null) {
                latest.put(task, m);
            }
        }
        OptionalLong combined = combine(latest, upstreamTasks);
        OptionalLong before = current();
        if (combined.isEmpty()
                || (before.isPresent() && combined.getAsLong() <= before.getAsLong())) {
            return OptionalLong.empty();
        }
        marks.put(COMBINED, new Watermarked.Mark<>(COMBINED, combined.getAsLong(), false));
        return combined;
    }

    /**
     * The combined watermark of the latest marks per upstream task; empty until every task has
     * spoken.
     */
    static OptionalLong combine(Map<Integer, Watermarked.Mark<Void>> latest, int upstreamTasks) {
        if (latest.size() < upstreamTasks) {
            return OptionalLong.empty();
        }
        OptionalLong active =
                latest.values().stream()
                        .filter(m -> !m.idle())
                        .mapToLong(Watermarked.Mark::time)
                        .min();
        return active.isPresent()
                ? active
                : latest.values().stream().mapToLong(Watermarked.Mark::time).max();
    }
}
