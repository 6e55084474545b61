package io.lodestone.licensing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The shipments whose licence judgement is still open, in a changelogged store keyed {@code
 * <licenseId>|<shipmentId>}: the one owner of that layout, so a licence revision finds the
 * shipments it may concern by one prefix scan.
 */
final class JudgedShipments {

    static final String STORE = "licence-judgements";
    private static final String SEPARATOR = "|";

    private final KeyValueStore<String, JudgedShipment> store;

    JudgedShipments(KeyValueStore<String, JudgedShipment> store) {
        this.store = store;
    }

    static StoreBuilder<KeyValueStore<String, JudgedShipment>> store() {
        return Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), JudgedShipment.serde());
    }

    void put(String licenseId, JudgedShipment judged) {
        store.put(key(licenseId, judged.shipment().shipmentId()), judged);
    }

    /** The open judgement of {@code shipmentId} under {@code licenseId}, or null. */
    JudgedShipment get(String licenseId, String shipmentId) {
        return store.get(key(licenseId, shipmentId));
    }

    /** The open judgements of shipments citing {@code licenseId}. */
    List<JudgedShipment> citing(String licenseId) {
        List<JudgedShipment> found = new ArrayList<>();
        try (KeyValueIterator<String, JudgedShipment> under =
                store.prefixScan(licenseId + SEPARATOR, new StringSerializer())) {
            under.forEachRemaining(kv -> found.add(kv.value));
        }
        return found;
    }

    /**
     * Forgets the judgements open only until before {@code streamTimeMs}, as a prefix in event-time
     * order per licence: one whose window has passed stays while a judgement of its licence that is
     * earlier in (time, shipment id) is still open (a shipment filed late stays open longer), so
     * the quota walk's base, what the closed ones used, never holds a shipment later than one it
     * walks. Returns them by licence.
     */
    Map<String, List<JudgedShipment>> closeBefore(long streamTimeMs) {
        Map<String, List<KeyValue<String, JudgedShipment>>> due = new TreeMap<>();
        Map<String, JudgedShipment> earliestOpen = new TreeMap<>();
        try (KeyValueIterator<String, JudgedShipment> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, JudgedShipment> kv = all.next();
                String shipmentId = kv.value.shipment().shipmentId();
                String licenseId =
                        kv.key.substring(
                                0, kv.key.length() - SEPARATOR.length() - shipmentId.length());
                if (kv.value.openUntilMs() < streamTimeMs) {
                    due.computeIfAbsent(licenseId, l -> new ArrayList<>()).add(kv);
                } else {
                    earliestOpen.merge(
                            licenseId, kv.value, (a, b) -> EVENT_ORDER.compare(a, b) <= 0 ? a : b);
                }
            }
        }
        Map<String, List<JudgedShipment>> closed = new TreeMap<>();
        due.forEach(
                (licenseId, judgements) -> {
                    JudgedShipment open = earliestOpen.get(licenseId);
                    for (KeyValue<String, JudgedShipment> kv : judgements) {
                        if (open == null || EVENT_ORDER.compare(kv.value, open) < 0) {
                            store.delete(kv.key);
                            closed.computeIfAbsent(licenseId, l -> new ArrayList<>()).add(kv.value);
                        }
                    }
                });
        return closed;
    }

    /** The order the quota walk takes: event time, then shipment id. */
    static final Comparator<JudgedShipment> EVENT_ORDER =
            Comparator.comparingLong((JudgedShipment j) -> j.shipment().time())
                    .thenComparing(j -> j.shipment().shipmentId());

    private static String key(String licenseId, String shipmentId) {
        return licenseId + SEPARATOR + shipmentId;
    }
}
