package io.lodestone.benchmarks.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Memory after the full topology has replayed the history: the JVM heap in use after a full GC, the
 * process's resident set (the app's RocksDB block caches and memtables live outside the heap), and
 * the state stores on disk, by store, summed over tasks.
 */
record MemoryProbe(
        long heapUsedBytes,
        long residentBytes,
        Map<String, Long> stateBytesByStore,
        Map<String, LiveState> liveStateByStore) {

    /**
     * A store as RocksDB reports it: bytes of the SST files still in use (compacted-away files not
     * counted), bytes of its memtables (allocated arena blocks, about 1 MB per task even when
     * nearly empty) and its estimated number of keys.
     */
    record LiveState(long sstBytes, long memtableBytes, long keys) {
        LiveState plus(LiveState other) {
            return new LiveState(
                    sstBytes + other.sstBytes,
                    memtableBytes + other.memtableBytes,
                    keys + other.keys);
        }
    }

    static MemoryProbe measure(
            Path stateDir, String applicationId, Map<String, LiveState> liveStateByStore)
            throws IOException {
        System.gc(); // heap after GC: what the app holds, not garbage awaiting collection
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new MemoryProbe(
                heap, resident(), stateByStore(stateDir.resolve(applicationId)), liveStateByStore);
    }

    /** VmRSS of this process (Linux), 0 where /proc is not there. */
    private static long resident() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(status)) {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                    .orElse(0L);
        }
    }

    /** Task directories hold rocksdb/<store>/… (and .checkpoint files): bytes per store name. */
    private static Map<String, Long> stateByStore(Path appDir) throws IOException {
        Map<String, Long> bytes = new TreeMap<>();
        if (!Files.isDirectory(appDir)) {
            return bytes;
        }
        try (Stream<Path> files = Files.walk(appDir)) {
            files.filter(Files::isRegularFile)
                    .forEach(
                            file -> {
                                Path relative = appDir.relativize(file);
                                // <task>/rocksdb/<store>/<file>
                                if (relative.getNameCount() >= 4
                                        && relative.getName(1).toString().equals("rocksdb")) {
                                    bytes.merge(
                                            relative.getName(2).toString(),
                                            file.toFile().length(),
                                            Long::sum);
                                }
                            });
        }
        return bytes;
    }

    long stateBytes() {
        return stateBytesByStore.values().stream().mapToLong(Long::longValue).sum();
    }

    long liveSstBytes() {
        return liveStateByStore.values().stream().mapToLong(LiveState::sstBytes).sum();
    }
}
