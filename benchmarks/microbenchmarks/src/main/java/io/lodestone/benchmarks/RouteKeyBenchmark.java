package io.lodestone.benchmarks;

import io.lodestone.avro.Shipment;
import io.lodestone.routes.RouteKey;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The route-volumes key: built for every accepted shipment, parsed for every monthly route report.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RouteKeyBenchmark {

    private String commodity;
    private Shipment shipment;
    private String key;

    @Setup
    public void setUp() {
        commodity = "antimony";
        shipment = SampleShipment.antimonyViaThailand();
        key = RouteKey.of(commodity, shipment).asString();
    }

    @Benchmark
    public String ofAsString() {
        return RouteKey.of(commodity, shipment).asString();
    }

    @Benchmark
    public RouteKey parse() {
        return RouteKey.parse(key);
    }
}
