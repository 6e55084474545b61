package io.lodestone.testing;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;

/** In-memory stores under the names a processor asks its context for, for processor tests. */
public final class ProcessorStores {

    private ProcessorStores() {}

    public static <K, V> KeyValueStore<K, V> keyValue(
            MockProcessorContext<?, ?> context, String name, Serde<K> keys, Serde<V> values) {
        return attach(
                context,
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keys, values)
                        .withLoggingDisabled()
                        .build());
    }

    public static <K, V> TimestampedKeyValueStore<K, V> timestamped(
            MockProcessorContext<?, ?> context, String name, Serde<K> keys, Serde<V> values) {
        return attach(
                context,
                Stores.timestampedKeyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(name), keys, values)
                        .withLoggingDisabled()
                        .build());
    }

    private static <S extends StateStore> S attach(MockProcessorContext<?, ?> context, S store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
