package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.config.LodestoneConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

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
}
