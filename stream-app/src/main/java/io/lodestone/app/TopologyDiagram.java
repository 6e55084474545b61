package io.lodestone.app;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The sub-topologies of a {@link TopologyDescription} as text a person reads: for each, the topics
 * it reads, its named processors in flow order with their stores, and the topics it writes.
 * docs/architecture.md holds it for the production topology, and a test keeps the two equal.
 */
public final class TopologyDiagram {

    private TopologyDiagram() {}

    public static String render(TopologyDescription description) {
        StringBuilder out = new StringBuilder();
        List<TopologyDescription.Subtopology> subtopologies =
                description.subtopologies().stream()
                        .sorted(Comparator.comparingInt(TopologyDescription.Subtopology::id))
                        .toList();
        for (TopologyDescription.Subtopology sub : subtopologies) {
            out.append("sub-topology ").append(sub.id()).append('\n');
            out.append("  reads   ").append(String.join(", ", sources(sub))).append('\n');
            for (TopologyDescription.Node node : flowOrder(sub)) {
                if (node instanceof TopologyDescription.Processor processor
                        && !generated(node.name())) {
                    out.append("  ").append(processor.name());
                    if (!processor.stores().isEmpty()) {
                        out.append("  [")
                                .append(String.join(", ", new TreeSet<>(processor.stores())))
                                .append(']');
                    }
                    out.append('\n');
                }
            }
            out.append("  writes  ").append(String.join(", ", sinks(sub))).append('\n');
        }
        for (TopologyDescription.GlobalStore global :
                description.globalStores().stream()
                        .sorted(Comparator.comparing(g -> g.source().topicSet().toString()))
                        .toList()) {
            out.append("global store ")
                    .append(String.join(", ", new TreeSet<>(global.processor().stores())))
                    .append(" ← ")
                    .append(String.join(", ", new TreeSet<>(global.source().topicSet())))
                    .append('\n');
        }
        return out.toString();
    }

    /**
     * Names Kafka Streams made up (an unnamed DSL step): left out, they change with every edit of
     * the wiring.
     */
    private static boolean generated(String name) {
        return name.startsWith("KSTREAM-") || name.startsWith("KTABLE-");
    }

    private static Set<String> sources(TopologyDescription.Subtopology sub) {
        return sub.nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Source)
                .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> sinks(TopologyDescription.Subtopology sub) {
        return sub.nodes().stream()
                .filter(n -> n instanceof TopologyDescription.Sink)
                .map(n -> String.valueOf(((TopologyDescription.Sink) n).topic()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Breadth first from the sources, each level by name: the same order for the same topology. */
    private static List<TopologyDescription.Node> flowOrder(TopologyDescription.Subtopology sub) {
        Deque<TopologyDescription.Node> queue =
                new ArrayDeque<>(
                        sub.nodes().stream()
                                .filter(n -> n.predecessors().isEmpty())
                                .sorted(Comparator.comparing(TopologyDescription.Node::name))
                                .toList());
        Set<TopologyDescription.Node> seen = new LinkedHashSet<>();
        while (!queue.isEmpty()) {
            TopologyDescription.Node node = queue.poll();
            if (seen.add(node)) {
                node.successors().stream()
                        .sorted(Comparator.comparing(TopologyDescription.Node::name))
                        .forEach(queue::add);
            }
        }
        return new ArrayList<>(seen);
    }
}
