package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.config.ConfigOption;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md says what the code is: it draws the sub-topologies the code builds (the same
 * text, or this test says what to paste), and its table of parts names classes in their packages,
 * stores of the topology and settings of the configuration.
 */
class ArchitectureDocTest {

    private static final String BEGIN = "<!-- topology:begin -->\n";
    private static final String END = "<!-- topology:end -->";
    private static final Path DOC = LocalInfra.findProjectHome().resolve("docs/architecture.md");
    private static final LodestoneConfig CONFIG = LodestoneConfig.of(Map.of());
    private static final TopologyDescription TOPOLOGY =
            LodestoneTopology.build(CONFIG, CONFIG.referenceData(), TestConfigs.inMemorySerdes(), 3)
                    .describe();

    @Test
    void theDocDrawsTheSubTopologiesTheCodeBuilds() throws Exception {
        String drawn = "```\n" + TopologyDiagram.render(TOPOLOGY) + "```\n";
        String text = Files.readString(DOC);
        String inDoc = text.substring(text.indexOf(BEGIN) + BEGIN.length(), text.indexOf(END));
        assertThat(inDoc)
                .as("the block between the topology markers of %s; paste this:%n%s", DOC, drawn)
                .isEqualTo(drawn);
    }

    @Test
    void theTableOfPartsNamesClassesInTheirPackagesStoresOfTheTopologyAndSettings()
            throws Exception {
        List<String[]> rows = partsTable();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(10);
        Set<String> stores = stores();
        Set<String> settings =
                Arrays.stream(ConfigOption.values())
                        .map(ConfigOption::key)
                        .collect(Collectors.toSet());
        List<String> wrong = new ArrayList<>();
        for (String[] row : rows) {
            Matcher group = Pattern.compile("((?:`\\w+`(?:, )?)+) \\(`(\\w+)`\\)").matcher(row[1]);
            int classes = 0;
            while (group.find()) {
                for (String name : backticked(group.group(1))) {
                    classes++;
                    String className = "io.lodestone." + group.group(2) + "." + name;
                    try {
                        Class.forName(className);
                    } catch (ClassNotFoundException e) {
                        wrong.add(row[0] + ": no class " + className);
                    }
                }
            }
            if (classes == 0) {
                wrong.add(row[0] + ": no class named");
            }
            backticked(row[2]).stream()
                    .filter(store -> !stores.contains(store))
                    .forEach(
                            store ->
                                    wrong.add(row[0] + ": no store " + store + " in the topology"));
            backticked(row[3]).stream()
                    .filter(key -> !settings.contains(key))
                    .forEach(key -> wrong.add(row[0] + ": no setting " + key));
        }
        assertThat(wrong).as("claims of the table of parts in %s", DOC).isEmpty();
    }

    /** The rows of the table under "Where each part lives", split into cells. */
    private static List<String[]> partsTable() throws Exception {
        String text = Files.readString(DOC);
        String section = text.substring(text.indexOf("### Where each part lives"));
        section = section.substring(0, section.indexOf("\n#", 1));
        List<String[]> rows = new ArrayList<>();
        for (String line : section.lines().toList()) {
            if (line.startsWith("| ") && !line.startsWith("| part ")) {
                String[] cells = line.substring(2, line.length() - 2).split(" \\| ");
                rows.add(cells);
            }
        }
        return rows;
    }

    private static List<String> backticked(String cell) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Every store of the production topology, global ones included. */
    private static Set<String> stores() {
        Set<String> stores = new TreeSet<>();
        TOPOLOGY.subtopologies()
                .forEach(
                        sub ->
                                sub.nodes()
                                        .forEach(
                                                node -> {
                                                    if (node
                                                            instanceof
                                                            TopologyDescription.Processor
                                                                    processor) {
                                                        stores.addAll(processor.stores());
                                                    }
                                                }));
        TOPOLOGY.globalStores().forEach(global -> stores.addAll(global.processor().stores()));
        return stores;
    }
}
