package io.lodestone.benchmarks;

import io.lodestone.reference.CommodityCatalogue;
import io.lodestone.reference.DataFile;
import io.lodestone.reference.ReferenceData;
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

/** Longest-prefix lookup in the bundled catalogue; figures are per lookup. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CommodityCatalogueBenchmark {

    /** Codes per set, and so lookups per benchmark call. */
    private static final int CODES = 10;

    /** Codes as the sample data declares them, matched by 4-, 6- and 8-digit prefixes. */
    private static final String[] HITS = {
        "85051110", "28258000", "81102000", "28252000", "25049000",
        "81129230", "81129210", "28461000", "28220000", "26110000",
    };

    /** Unwatched goods, including near misses that share a long prefix with a listed line. */
    private static final String[] MISSES = {
        "72011000", "2603000000", "8507600000", "28046100", "81129290",
        "85051900", "28259000", "26170000", "8112", "2501001000",
    };

    private CommodityCatalogue catalogue;
    private String[] hits;
    private String[] misses;

    @Setup
    public void setUp() {
        catalogue = CommodityCatalogue.load(DataFile.of(null, ReferenceData.BUNDLED_CATALOGUE));
        // Inputs come from @State fields, as JMH advises, never from constants the JIT could fold.
        hits = HITS.clone();
        misses = MISSES.clone();
        if (hits.length != CODES || misses.length != CODES) {
            throw new IllegalStateException(
                    "each set must hold " + CODES + " codes for the per-lookup figures to hold");
        }
        for (String code : hits) {
            catalogue
                    .commodityOf(code)
                    .orElseThrow(
                            () -> new IllegalStateException(code + " should be in the catalogue"));
        }
        for (String code : misses) {
            if (catalogue.commodityOf(code).isPresent()) {
                throw new IllegalStateException(code + " should not be in the catalogue");
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(CODES)
    public void hit(Blackhole bh) {
        for (String code : hits) {
            bh.consume(catalogue.commodityOf(code));
        }
    }

    /** The slowest case: every prefix length from the longest listed down to 2 is tried. */
    @Benchmark
    @OperationsPerInvocation(CODES)
    public void miss(Blackhole bh) {
        for (String code : misses) {
            bh.consume(catalogue.commodityOf(code));
        }
    }
}
