package io.lodestone.rerouting;

import io.lodestone.alerts.AlertSink;
import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.ShipmentAlerts;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import io.lodestone.avro.Shipment;
import io.lodestone.reference.CompanyNames;
import io.lodestone.reference.ControlList.RestrictedPair;
import io.lodestone.reference.ReferenceData;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TRANSSHIPMENT_CHAIN: a company in hub H received a commodity from a restricted origin O (leg 1,
 * O→H) and, within {@code window}, exported a similar quantity of it to D (leg 2, H→D), where (O, D,
 * commodity) is restricted. Legs meet on commodity + hub + the company's normalised name (case,
 * punctuation and legal suffixes do not matter): leg 1's consignee is leg 2's exporter. Quantities
 * match when leg 2 is within {@code tolerance} of leg 1 (0.25: ±25%). A hub company that buys and sells
 * every week would match each sale with many purchases: each outbound leg is reported once, with the
 * first inbound leg that matched it.
 */
public final class TransshipmentChainDetector {

    private TransshipmentChainDetector() {
    }

    record Chain(Shipment inbound, Shipment outbound) {
    }

    static final String REPORTED_STORE = "transshipment-reported";

    public static void build(StreamsBuilder builder, KStream<String, Shipment> shipments, ReferenceData reference, Duration window,
                             Duration grace, double tolerance, Serde<Shipment> shipmentSerde, AlertSink alerts) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REPORTED_STORE), Serdes.String(), Serdes.String()));
        KStream<String, Shipment> inbound = shipments
                .filter((id, s) -> !s.getImportCountry().equals(s.getOriginCountry())
                        && reference.controlList().restrictsOrigin(s.getOriginCountry(), commodity(reference, s)), Named.as("chain-inbound-legs"))
                .selectKey((id, s) -> key(commodity(reference, s), s.getImportCountry(), s.getConsigneeName()), Named.as("chain-key-by-consignee"));
        KStream<String, Shipment> outbound = shipments
                .filter((id, s) -> !s.getExportCountry().equals(s.getImportCountry())
                        && reference.controlList().restrictsDestination(s.getImportCountry(), commodity(reference, s)), Named.as("chain-outbound-legs"))
                .selectKey((id, s) -> key(commodity(reference, s), s.getExportCountry(), s.getExporterName()), Named.as("chain-key-by-exporter"));
        alerts.send(inbound
                .join(outbound, Chain::new,
                        JoinWindows.ofTimeDifferenceAndGrace(window, grace).before(Duration.ZERO),
                        StreamJoined.<String, Shipment, Shipment>with(Serdes.String(), shipmentSerde, shipmentSerde)
                                .withName("transshipment-legs").withStoreName("transshipment-legs"))
                .filter((key, chain) -> restriction(reference, chain).isPresent() && similar(chain, tolerance), Named.as("chains-to-restricted"))
                .processValues(FirstChainPerOutboundLeg::new, Named.as("first-chain-per-outbound-leg"), REPORTED_STORE)
                .mapValues(chain -> alert(reference, chain), Named.as("transshipment-alerts")));
    }

    /** Passes the first chain of each outbound leg; the legs of one company share a key, so one task sees them all. */
    private static final class FirstChainPerOutboundLeg implements FixedKeyProcessor<String, Chain, Chain> {
        private FixedKeyProcessorContext<String, Chain> context;
        private KeyValueStore<String, String> reported;

        @Override
        public void init(FixedKeyProcessorContext<String, Chain> context) {
            this.context = context;
            this.reported = context.getStateStore(REPORTED_STORE);
        }

        @Override
        public void process(FixedKeyRecord<String, Chain> record) {
            String outbound = record.value().outbound().getShipmentId();
            if (reported.get(outbound) == null) {
                reported.put(outbound, record.value().inbound().getShipmentId());
                context.forward(record);
            }
        }
    }

    static String key(String commodity, String hub, String company) {
        return commodity + "|" + hub + "|" + CompanyNames.normalise(company);
    }

    private static String commodity(ReferenceData reference, Shipment s) {
        return reference.catalogue().commodityOf(s.getHsCode()).orElseThrow();
    }

    /** The restriction the chain goes around: inbound's origin to outbound's destination. */
    private static Optional<RestrictedPair> restriction(ReferenceData reference, Chain c) {
        return reference.controlList().restrictionFor(c.inbound().getOriginCountry(), c.outbound().getImportCountry(),
                commodity(reference, c.outbound()), c.outbound().getEventTime().atZone(ZoneOffset.UTC).toLocalDate());
    }

    private static boolean similar(Chain c, double tolerance) {
        double in = c.inbound().getNetWeightKg();
        return Math.abs(c.outbound().getNetWeightKg() - in) <= tolerance * in;
    }

    private static Alert alert(ReferenceData reference, Chain c) {
        Shipment in = c.inbound();
        Shipment out = c.outbound();
        String commodity = commodity(reference, out);
        RestrictedPair pair = restriction(reference, c).orElseThrow();
        double days = Duration.between(in.getEventTime(), out.getEventTime()).toHours() / 24.0;
        return ShipmentAlerts.builder(AlertType.TRANSSHIPMENT_CHAIN, Severity.WARNING, commodity, out,
                        String.format("%s in %s received %,.1f t of %s from %s (%s) and shipped %,.1f t to %s %.0f days later (%s); %s→%s is restricted since %s.",
                                out.getExporterName(), out.getExportCountry(), in.getNetWeightKg() / 1000, commodity, in.getOriginCountry(),
                                in.getShipmentId(), out.getNetWeightKg() / 1000, out.getImportCountry(), days, out.getShipmentId(),
                                pair.origin(), pair.destination(), pair.since()),
                        Map.of("inboundNetWeightKg", in.getNetWeightKg(), "outboundNetWeightKg", out.getNetWeightKg(),
                                "weightRatio", out.getNetWeightKg() / in.getNetWeightKg(), "daysBetween", days),
                        Map.of("company", CompanyNames.normalise(out.getExporterName()), "inboundConsignee", in.getConsigneeName(),
                                "outboundExporter", out.getExporterName(), "restrictedSince", pair.since().toString()))
                .setAlertId(AlertType.TRANSSHIPMENT_CHAIN + ":" + out.getShipmentId())
                .setOriginCountry(in.getOriginCountry())
                .setHubCountries(List.of(out.getExportCountry()))
                .setWindowStart(in.getEventTime().truncatedTo(java.time.temporal.ChronoUnit.DAYS))
                .setShipmentIds(List.of(in.getShipmentId(), out.getShipmentId()))
                .build();
    }
}
