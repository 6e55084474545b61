package io.lodestone.benchmarks;

import io.lodestone.reference.CompanyNames;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Company-name normalisation over the spelling variants declarations carry; figures are per name.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CompanyNamesBenchmark {

    /** Names normalised per benchmark call. */
    private static final int NAME_COUNT = 8;

    private static final String[] NAMES = {
        "Thai Antimony Trading Co., Ltd.",
        "THAI ANTIMONY TRADING CO LTD",
        "Thai Antimony Trading Company Limited",
        "Ningbo Yunsheng Magnet Co., Ltd.",
        "Zhuzhou Smelter Metals Import & Export",
        "Vacuumschmelze GmbH & Co. KG",
        "Minera y Óxidos del Norte S.A. de C.V.",
        "Detroit Motor Components, LLC",
    };

    private String[] names;

    @Setup
    public void setUp() {
        names = NAMES.clone(); // from a @State field, as JMH advises, never a constant the JIT
        // could fold
        if (names.length != NAME_COUNT) {
            throw new IllegalStateException(
                    "NAME_COUNT must match the names for the per-name figure to hold");
        }
    }

    @Benchmark
    @OperationsPerInvocation(NAME_COUNT)
    public void normalise(Blackhole bh) {
        for (String name : names) {
            bh.consume(CompanyNames.normalise(name));
        }
    }
}
