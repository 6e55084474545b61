package io.lodestone.licensing;

import io.lodestone.avro.License;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * Licences as a versioned table keyed by licenseId: a lookup at time T answers the revision in
 * force at T (the newest revision whose eventTime is at or before T). Older revisions are kept for
 * {@code history} of stream time; the newest is always kept, however old.
 */
public final class LicenceVersions {

    public static final String STORE = "licence-versions";

    /**
     * What releases before 0.2 named {@link #STORE}. A changelog cannot be renamed: an upgrade
     * fills the new store from the licences topic instead (app.LicenceStoreUpgrade).
     */
    public static final String FORMER_STORE = "license-versions";

    private LicenceVersions() {}

    public static KTable<String, License> build(
            KStream<String, License> validLicences, Duration history, Serde<License> licenseSerde) {
        return validLicences.toTable(
                Named.as("licence-table"),
                Materialized.<String, License>as(
                                Stores.persistentVersionedKeyValueStore(STORE, history))
                        .withKeySerde(Serdes.String())
                        .withValueSerde(licenseSerde));
    }
}
