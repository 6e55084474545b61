package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md draws the sub-topologies the code builds: the same text, or this test says
 * what to paste.
 */
class ArchitectureDocTest {

    private static final String BEGIN = "<!-- topology:begin -->\n";
    private static final String END = "<!-- topology:end -->";

    @Test
    void theDocDrawsTheSubTopologiesTheCodeBuilds() throws Exception {
        LodestoneConfig config = LodestoneConfig.of(Map.of());
        String drawn =
                "```\n"
                        + TopologyDiagram.render(
                                LodestoneTopology.build(
                                                config,
                                                config.referenceData(),
                                                TestConfigs.inMemorySerdes(),
                                                3)
                                        .describe())
                        + "```\n";
        Path doc = LocalInfra.findProjectHome().resolve("docs/architecture.md");
        String text = Files.readString(doc);
        String inDoc = text.substring(text.indexOf(BEGIN) + BEGIN.length(), text.indexOf(END));
        assertThat(inDoc)
                .as("the block between the topology markers of %s; paste this:%n%s", doc, drawn)
                .isEqualTo(drawn);
    }
}
