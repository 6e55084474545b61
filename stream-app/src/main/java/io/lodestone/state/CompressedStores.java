package io.lodestone.state;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

/**
 * RocksDB options for every store of the app: LZ4-compressed blocks. Kafka Streams writes its
 * stores uncompressed; with the long grace they keep 121 days of shipment ids and 120 days of
 * licence judgements and chain legs, whose repeated field names, countries and routes LZ4 shrinks
 * for little CPU (docs/benchmarks.md measures it). {@code kafka.rocksdb.config.setter} replaces it.
 */
public final class CompressedStores implements RocksDBConfigSetter {

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    @Override
    public void close(String storeName, Options options) {
        // nothing of its own to release: the options belong to the store
    }
}
