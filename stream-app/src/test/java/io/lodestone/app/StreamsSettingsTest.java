package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.state.CompressedStores;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;

class StreamsSettingsTest {

    @Test
    void exactlyOnceAndAStaticMemberNameStableForAStateDirectory() {
        Properties a =
                StreamsSettings.of(LodestoneConfig.of(Map.of("state.dir", "/var/lib/lodestone/a")));
        Properties again =
                StreamsSettings.of(LodestoneConfig.of(Map.of("state.dir", "/var/lib/lodestone/a")));
        Properties b =
                StreamsSettings.of(LodestoneConfig.of(Map.of("state.dir", "/var/lib/lodestone/b")));
        assertThat(a.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(a.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                .as("the same after a restart")
                .isEqualTo(again.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                .as("another instance on this host")
                .isNotEqualTo(b.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
        assertThat(
                        StreamsSettings.of(LodestoneConfig.of(Map.of("instance.id", "lodestone-0")))
                                .get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                .isEqualTo("lodestone-0");
    }

    @Test
    void noStaticMembershipUnderTheStreamsProtocolWhichRefusesIt() {
        Properties streams =
                StreamsSettings.of(LodestoneConfig.of(Map.of("kafka.group.protocol", "streams")));
        assertThat(streams).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        assertThat(streams.get(StreamsConfig.GROUP_PROTOCOL_CONFIG)).isEqualTo("streams");
    }

    @Test
    void everyStoreWritesLz4CompressedBlocksUnlessAnOverrideSaysOtherwise() throws Exception {
        Properties props = StreamsSettings.of(LodestoneConfig.of(Map.of()));
        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(CompressedStores.class);
        try (Options options = new Options()) {
            options.setCompressionType(CompressionType.NO_COMPRESSION); // as Kafka Streams sets it
            new CompressedStores().setConfig("shipment-ids", options, Map.of());
            assertThat(options.compressionType()).isEqualTo(CompressionType.LZ4_COMPRESSION);
        }
        assertThat(
                        StreamsSettings.of(
                                        LodestoneConfig.of(
                                                Map.of(
                                                        "kafka.rocksdb.config.setter",
                                                        "com.example.Mine")))
                                .get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo("com.example.Mine");
    }
}
