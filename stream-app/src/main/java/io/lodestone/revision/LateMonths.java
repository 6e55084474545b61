package io.lodestone.revision;

import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The keys (routes, restricted pairs) whose judged months got late data, each with the earliest
 * such month, in a changelogged store until the judge takes them to judge again: so a backfill
 * makes one revision per key, not one per record, also across a restart.
 */
public final class LateMonths {

    /**
     * How often (wall clock) the keys with late data are judged again: a backfill's records of one
     * key are judged together, not one revision each.
     */
    public static final Duration JUDGE_AGAIN_EVERY = Duration.ofSeconds(5);

    private final KeyValueStore<String, String> store;

    public LateMonths(KeyValueStore<String, String> store) {
        this.store = store;
    }

    public static StoreBuilder<KeyValueStore<String, String>> store(String name) {
        return Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String());
    }

    /** Late data for {@code key} in {@code month}. */
    public void add(String key, YearMonth month) {
        String before = store.get(key);
        if (before == null || month.isBefore(YearMonth.parse(before))) {
            store.put(key, month.toString());
        }
    }

    /** Every key with late data and its earliest late month; none is kept after. */
    public Map<String, YearMonth> take() {
        Map<String, YearMonth> late = new TreeMap<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(kv -> late.put(kv.key, YearMonth.parse(kv.value)));
        }
        late.keySet().forEach(store::delete);
        return late;
    }
}
